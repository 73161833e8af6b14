"""The action server's answers checked against Rasa's schema compiled once, not once per call.

Rasa checks every answer of the action server with `jsonschema.validate(result, schema)`, which
first checks the schema itself against JSON Schema's metaschema: 30 ms of a 31 ms call on the
development machine, paid for every custom action, several times a turn (ListenClosely runs on
every message). `install()` swaps in a validator built once from the same schema; answers are
checked as fully as before and a bad one raises the same ValidationError. Installed by
bot.runtime.rasa_server before Rasa starts.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def validator() -> Any:
    """What jsonschema.validate builds on each call, built once (the schema checked once too)."""
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(_action: RemoteAction, result: dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result with the compiled validator; same errors, same message."""
    error: ValidationError | None = best_match(validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def install() -> None:
    # Fail loudly if a Rasa upgrade renames the method, rather than silently losing the fix.
    if not callable(getattr(RemoteAction, "_validate_action_result", None)):
        raise RuntimeError("rasa's RemoteAction._validate_action_result is gone: review bot/action_results.py")
    RemoteAction._validate_action_result = validate_action_result
