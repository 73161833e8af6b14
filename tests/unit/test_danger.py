"""When the emergency number goes out at once, and when the person is asked first."""

from bot.assessment import danger


def parse(intent: str, confidence: float, ranking: list[tuple[str, float]] = (), text: str = "") -> dict:
    return {"text": text, "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]}


def test_only_a_sure_emergency_is_answered_at_once():
    assert danger.sure(parse("emergency", 0.97, text="help he is beating me now"))
    assert danger.sure(parse("emergency", 1.0, text="/emergency"))  # the person's own tap
    assert not danger.sure(parse("emergency", danger.AT_ONCE - 0.01, text="help he is beating me now"))
    assert not danger.sure(parse("report_threats_violence", 0.97, [("emergency", 0.9)], text="he beat me"))


def test_the_second_opinion_must_agree_before_112_goes_out():
    # A story of debt (from the first held-out set) that the NLU took for an emergency with full
    # confidence: asked, not alarmed.
    story = ("I still owe the man who brought me here. Every month he adds more for food and the room and "
             "I don't know how I will ever finish paying.")
    assert danger.second_opinion(story) < danger.AGREES
    assert not danger.sure(parse("emergency", 1.0, text=story))
    for text in ("my colleague fell from the scaffold and is not breathing", "ajutor ma bate acum",
                 "помогите он с ножом у двери", "bachao abhi maar raha hai"):
        assert danger.second_opinion(text) >= danger.AGREES, text


def test_a_possible_danger_is_found_in_the_ranking_too():
    assert danger.suspected(parse("nlu_fallback", 0.35, [("nlu_fallback", 0.35), ("emergency", 0.2)]))
    assert not danger.suspected(parse("nlu_fallback", 0.35, [("ask_housing", 0.3), ("emergency", 0.05)]))
    assert danger.emergency_confidence(parse("greet", 0.9)) == 0.0


def test_harm_to_a_body_now_agrees_with_the_nlu_where_the_character_model_does_not():
    # From held-out set 3: the NLU read danger now, the character model did not (no such medical
    # words among the emergency examples); the words of acute harm are the second reading.
    for text in ("Нас заперли в бытовке, у парня кровь из головы, телефоны забрали, пишу с чужого",
                 "dairy farm pe ammonia gas leak ho gaya, do log gir gaye hain, ambulanza ko kaise bulayein"):
        assert danger.says(text, "acute"), text
        assert danger.sure(parse("emergency", 0.99, text=text)), text
    assert not danger.sure(parse("report_threats_violence", 0.99, text="у парня кровь из головы"))


def test_harm_that_is_over_or_a_joke_is_asked_about_first():
    for text in ("kolega spadl z rusztowania w zeszly piatek, lezy w szpitalu. kto za to odpowiada?",
                 "this heat is killing me lol, is there a max temp for working in the greenhouse",
                 "ontem atirou uma caixa em cima de um colega. Ninguém se machucou feio"):
        assert not danger.sure(parse("emergency", 1.0, text=text)), text
    # "now" outweighs the past: yesterday's threat with a knife at the door now is danger now.
    assert danger.sure(parse("emergency", 1.0, text="he threatened me yesterday and now he is at the door with a knife, help"))


def test_fear_of_what_is_coming_is_asked_about_and_fear_with_harm_now_is_not():
    for text in ("i am scared he is coming back tonight", "mi-e frica de sef, vine diseara",
                 "мне страшно он опять пьяный ходит по коридору", "ana khayfa mnno"):
        assert not danger.sure({"text": text, "intent": {"name": "emergency", "confidence": 1.0}})
        assert danger.suspected({"text": text, "intent": {"name": "out_of_scope", "confidence": 0.9}})
    for text in ("help im scared he has a knife now", "j'ai peur il saigne beaucoup",
                 "le patron est devant ma porte il crie qu il va me tuer jai trop peur"):
        assert danger.sure({"text": text, "intent": {"name": "emergency", "confidence": 1.0}})
    for text in ("нужна ли страховка", "em so dien thoai la 5", "el encargado esta borracho otra vez"):
        assert not danger.says(text, "fear")  # insurance, a phone number, no fear said
