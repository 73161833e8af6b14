"""When the emergency number goes out at once, and when the person is asked first."""

from bot.assessment import danger


def parse(intent: str, confidence: float, ranking: list[tuple[str, float]] = ()) -> dict:
    return {"intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]}


def test_only_a_sure_emergency_is_answered_at_once():
    assert danger.sure(parse("emergency", 0.97))
    assert not danger.sure(parse("emergency", danger.AT_ONCE - 0.01))
    assert not danger.sure(parse("report_threats_violence", 0.97, [("emergency", 0.9)]))


def test_a_possible_danger_is_found_in_the_ranking_too():
    assert danger.suspected(parse("nlu_fallback", 0.35, [("nlu_fallback", 0.35), ("emergency", 0.2)]))
    assert not danger.suspected(parse("nlu_fallback", 0.35, [("ask_housing", 0.3), ("emergency", 0.05)]))
    assert danger.emergency_confidence(parse("greet", 0.9)) == 0.0
