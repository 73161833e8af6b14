"""The action server's answers are checked as strictly as Rasa checks them, with the schema compiled once."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot.rasa_plugins import action_schema
from bot.runtime import rasa_server

ANSWERS = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "language", "value": "ro", "timestamp": None}],
     "responses": [{"response": "utter_greet", "language": "ro"}]},
    {"events": [{"event": "active_loop", "name": "wage_form"}, {"event": "followup", "name": "action_listen"}]},
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot", "value": 1}]},
    {"responses": [1]},
    [],
]


def rasa_verdict(answer) -> str | None:
    """What Rasa's own check (jsonschema.validate with the same schema) says: None, or the error."""
    try:
        jsonschema.validate(answer, RemoteAction.action_response_format_spec())
    except jsonschema.ValidationError as error:
        return error.message
    return None


@pytest.mark.parametrize("answer", ANSWERS)
def test_an_answer_passes_or_fails_exactly_as_with_rasas_check(answer):
    expected = rasa_verdict(answer)
    if expected is None:
        assert action_schema.validate_action_result(None, answer) is True
    else:
        with pytest.raises(jsonschema.ValidationError) as raised:
            action_schema.validate_action_result(None, answer)
        assert raised.value.message.startswith(expected + ". Failed to validate Action server response")


def test_the_rasa_server_we_start_uses_it():
    rasa_server.prepare()
    assert RemoteAction._validate_action_result is action_schema.validate_action_result
    with pytest.raises(jsonschema.ValidationError):
        RemoteAction("action_listen_closely", None)._validate_action_result({"events": "not a list"})
