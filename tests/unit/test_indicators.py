import pytest
import yaml

from bot.assessment import indicators
from bot.config import DATA


@pytest.mark.parametrize("found, level", [
    ([], "none"),
    (["withholding_of_wages"], "rights_concern"),
    (["retention_of_identity_documents"], "rights_concern"),  # one sign, even if it counts for both dimensions
    # Two medium signs, the everyday labour complaint: long hours and pay held back.
    (["excessive_overtime", "withholding_of_wages"], "rights_concern"),
    (["abusive_working_living_conditions", "isolation"], "rights_concern"),
    # Impossibility of leaving: cannot quit (strong) and the wages held to keep them (medium).
    (["restriction_of_movement", "withholding_of_wages"], "forced_labour_signs"),
    # Locked in (confinement, the strongest menace) and cut off from others.
    (["restriction_of_movement", "isolation"], "forced_labour_signs"),
    (["retention_of_identity_documents", "restriction_of_movement"], "forced_labour_signs"),
    (["debt_bondage", "intimidation_threats"], "forced_labour_signs"),
    (["excessive_overtime", "physical_sexual_violence"], "forced_labour_signs"),
    # Unfree recruitment: deceived about the job, and a debt manipulated to hold them.
    (["deception", "debt_bondage"], "forced_labour_signs"),
])
def test_risk_needs_involuntariness_and_penalty_in_one_dimension(found, level):
    assert indicators.risk_level(found) == level


def test_any_sign_is_enough_for_a_minor():
    assert indicators.risk_level(["excessive_overtime"], minor=True) == "forced_labour_signs"
    assert indicators.risk_level([], minor=True) == "none"


# The ILO table, stated here independently of data/indicators.yml: which dimension each sign counts
# in, as involuntariness or as the menace of a penalty, and how strongly. A change to the data that
# moves a sign must change this test too, on purpose.
ILO_TABLE = {
    ("unfree_recruitment", "involuntariness"): {"deception": "strong", "debt_bondage": "medium"},
    ("work_and_life_under_duress", "involuntariness"): {
        "excessive_overtime": "medium", "abusive_working_living_conditions": "medium", "debt_bondage": "strong",
        "restriction_of_movement": "medium", "isolation": "medium", "abuse_of_vulnerability": "medium"},
    ("impossibility_of_leaving", "involuntariness"): {
        "restriction_of_movement": "strong", "debt_bondage": "strong", "withholding_of_wages": "medium",
        "retention_of_identity_documents": "medium"},
}
MENACE = {"physical_sexual_violence": "strong", "intimidation_threats": "strong", "restriction_of_movement": "strong",
          "retention_of_identity_documents": "strong", "debt_bondage": "medium", "withholding_of_wages": "medium",
          "isolation": "medium", "abuse_of_vulnerability": "medium"}


def test_each_indicator_has_its_ilo_dimension_role_and_strength():
    table = indicators.dimensions()
    assert set(table) == {"unfree_recruitment", "work_and_life_under_duress", "impossibility_of_leaving"}
    for (dimension, role), expected in ILO_TABLE.items():
        assert table[dimension][role] == expected, (dimension, role)
        assert table[dimension]["menace_of_penalty"] == MENACE, dimension


def test_the_table_cites_the_ilo_guidelines():
    ilo = yaml.safe_load((DATA / "indicators.yml").read_text(encoding="utf-8"))["ilo"]
    assert "Hard to see, harder to count" in ilo["source"] and ilo["url"].startswith("https://www.ilo.org/")


def test_a_wrong_strength_in_the_table_is_refused(monkeypatch, tmp_path):
    broken = (DATA / "indicators.yml").read_text(encoding="utf-8").replace("deception: strong", "deception: high")
    (tmp_path / "indicators.yml").write_text(broken, encoding="utf-8")
    monkeypatch.setattr(indicators, "DATA", tmp_path)
    indicators._table.cache_clear()
    try:
        with pytest.raises(ValueError, match="deception: high"):
            indicators._table()
    finally:
        indicators._table.cache_clear()


def test_report_intents_add_their_indicator_once():
    found = indicators.merge([], indicators.from_intent("report_documents_taken"))
    found = indicators.merge(found, indicators.from_intent("report_documents_taken"))
    assert found == ["retention_of_identity_documents"]
    assert indicators.from_intent("greet") == []


def test_every_indicator_named_in_the_data_is_one_of_the_eleven():
    ids = set(indicators.all_ids())
    assert len(ids) == 11
    assert set(indicators.needs(ids)) <= {"legal_advice", "wage_claims", "shelter", "psychological", "medical",
                                          "interpretation", "documents", "safe_reporting"}


@pytest.mark.parametrize("text, indicator", [
    ("the boss keeps our passports", "retention_of_identity_documents"),
    ("they took our phones", "isolation"),
    ("we owe for the flight and the debt keeps growing", "debt_bondage"),
    ("they lock us in the house at night", "restriction_of_movement"),
])
def test_indicators_are_noticed_in_the_words_whatever_the_intent(text, indicator):
    assert indicator in indicators.from_text(text, ["en"])


def test_a_negation_before_the_cue_cancels_it():
    assert "retention_of_identity_documents" not in indicators.from_text("they did not take my passport", ["en"])


def test_each_language_file_names_only_the_eleven_indicators():
    for path in sorted(indicators.CUES.glob("*.yml")):
        table = indicators._cue_file(path.stem)
        assert set(table["cues"]) <= set(indicators.all_ids()), path.name
        assert table.get("minor_age"), path.name


@pytest.mark.parametrize("text, codes, age", [
    ("i am 16 and work in the fields", ["en"], 16),
    ("tengo 15 anos", ["es"], 15),
    ("i work 16 hours a day", ["en"], None),
])
def test_a_stated_age_is_read(text, codes, age):
    assert indicators.stated_age(text, codes) == age


def test_for_a_child_any_sign_of_exploitation_is_enough():
    assert indicators.risk_level(["excessive_overtime"]) == "rights_concern"
    assert indicators.risk_level(["excessive_overtime"], minor=True) == "forced_labour_signs"
    assert indicators.risk_level([], minor=True) == "none"


@pytest.mark.parametrize("intent, text, codes, absent, present", [
    # Understood as being about passports, but saying the passport was NOT taken: no sign from the intent.
    ("report_documents_taken", "they did not take my passport and i can leave whenever i want, but we do 14 hour shifts",
     ["en"], {"retention_of_identity_documents", "restriction_of_movement"}, {"excessive_overtime"}),
    ("report_documents_taken", "ele nao ficou com o meu passaporte e posso sair quando quiser", ["pt"],
     {"retention_of_identity_documents", "restriction_of_movement"}, set()),
    ("report_cannot_leave", "nu ne-a luat nimeni actele si pot pleca oricand", ["ro"],
     {"retention_of_identity_documents", "restriction_of_movement"}, set()),
    # The intent's sign stands when nothing in the words denies it.
    ("report_documents_taken", "the boss keeps it in his office", ["en"], set(), {"retention_of_identity_documents"}),
])
def test_a_sign_the_words_deny_is_not_taken_from_the_intent(intent, text, codes, absent, present):
    found = set(indicators.from_message(intent, text, codes, 0.95))
    assert not found & absent and present <= found


def test_a_sign_is_not_assumed_from_an_intent_the_nlu_is_unsure_of():
    # "i work on a farm in spain", understood at 0.44 as "i cannot leave"
    assert indicators.from_message("report_cannot_leave", "lucrez la o ferma in spania", ["ro"], 0.44) == []
    assert indicators.from_message("report_cannot_leave", "nu ma lasa sa plec", ["ro"], 0.95) == ["restriction_of_movement"]


# Working time told in figures, read rather than listed as cues (bot/assessment/indicators.py):
# more than 48 hours a week, 11 or more a day, or a working day 11 hours or more from clock to clock.
@pytest.mark.parametrize("text, code, long", [
    ("we do about 60 hours a week", "en", True),
    ("i work 40 hours a week", "en", False),
    ("20 hours a week, i am a student", "en", False),
    ("po 6 dni v sedmicata po 11 4asa", "bg", True),          # 6 days a week, 11 hours (a day's)
    ("12-14 ghante khet mein kaam", "hi", True),              # a range, by its top
    ("हफ्ते में 65 घंटे काम", "hi", True),
    ("تقريباً 60 ساعة بالأسبوع", "ar", True),                  # the week word with its prefixes
    ("trabajo de 12 del mediodia a 12 de la noche", "es", True),  # clock to clock: 12 hours
    ("от 8 сутринта до 10 вечерта", "bg", True),              # 8 to 22
    ("từ 10h sáng đến 11h đêm", "vi", True),
    ("entro às 7 e saio às 19", "pt", True),
    ("de 9 a 5", "es", False),                                # 9 to 5, a short day
    ("в 12 часов у нас обед", "ru", False),                   # "at 12 o'clock": a clock time
    ("ale od 2 miesiecy robimy po 60 godzin tygodniowo", "pl", True),  # "2 months" is not the period of the 60
    ("200 hours a month", "en", False),
])
def test_working_hours_in_figures_are_read(text, code, long):
    assert ("excessive_overtime" in indicators.from_text(text, [code])) is long


def test_a_cues_stems_stand_on_different_words():
    # "पास" (with him) lies inside "पासपोर्ट" itself: the negated sentence gives no sign.
    assert "retention_of_identity_documents" not in indicators.from_text(
        "मालिक ने पासपोर्ट नहीं रखा", ["hi"])


def test_a_phrase_stem_is_its_words_in_order():
    # "паспорт у меня" (the passport is with me) denies; "у меня забрали паспорт" (taken from me) does not.
    assert "retention_of_identity_documents" in indicators.read("документы у меня, никто их не держит", ["ru"])[1]
    assert "retention_of_identity_documents" in indicators.from_text("у меня забрали паспорт", ["ru"])


@pytest.mark.parametrize("text, codes, gone", [
    ("lol jk he just needed a copy, gave it back in 5 min", ["en"], {"retention_of_identity_documents"}),
    ("i can leave whenever i want", ["en"], {"restriction_of_movement"}),
    ("they did not take my passport", ["en"], set()),  # a negation denies only what was not said
    ("he took my passport", ["en"], set()),
])
def test_a_sign_taken_back_in_plain_words_is_withdrawn(text, codes, gone):
    assert indicators.withdrawn(text, codes) == gone


@pytest.mark.parametrize("text, codes, age", [
    ("мне 15, мы с мамой в Германии", ["ru"], 15),
    ("мне 15 евро в час платят", ["ru"], None),  # said alone only: money is no age
    ("на 16 съм и работя в автомивка", ["bg"], 16),
    ("मेरा भाई 17 साल का है", ["hi"], 17),
])
def test_an_age_in_everyday_words_is_read(text, codes, age):
    assert indicators.stated_age(text, codes) == age


# Everyday words for the signs, one general sense each, in several languages.
@pytest.mark.parametrize("code, text, indicator", [
    ("fr", "on dort dans le dépôt du patron", "abusive_working_living_conditions"),
    ("bg", "спят в мазето по 5 души", "abusive_working_living_conditions"),
    ("ro", "dorm pe canapea in sufragerie", "abusive_working_living_conditions"),
    ("pt", "cada um deve 5 mil euros de passagem", "debt_bondage"),
    ("uk", "каже що ми ще винні за житло і дорогу", "debt_bondage"),
    ("pl", "za lipiec nic nie dostalismy", "withholding_of_wages"),
    ("ru", "уже 3 месяца денег не видели", "withholding_of_wages"),
    ("vi", "lương thì chủ gửi thẳng cho chị em", "withholding_of_wages"),
    ("uk", "за місяць не дали жодного вихідного", "excessive_overtime"),
    ("ro", "n-am avut nici o zi libera de 3 luni", "excessive_overtime"),
    ("vi", "người ta khoá cửa từ bên ngoài", "isolation"),
    ("vi", "neu tron thi ho bao se tim den nha", "intimidation_threats"),
    ("ru", "если кому расскажу, маму уволят", "abuse_of_vulnerability"),
])
def test_signs_in_everyday_words(code, text, indicator):
    assert indicator in indicators.from_text(text, [code])


# Russian, Ukrainian and Bulgarian typed in Latin letters, each in its writer's own spelling: the
# Cyrillic cues read them (bot/language/latin.py), with no Latin cue written for these.
@pytest.mark.parametrize("code, text, indicator", [
    ("bg", "obeshtaha ni 2000 evro na mesec a sega kazvat che im dalzhim za pytia", "deception"),
    ("bg", "obeshtaha ni 2000 evro na mesec a sega kazvat che im dalzhim za pytia", "debt_bondage"),
    ("uk", "obitsyaly robotu v hoteli pokoivkoyu a pryvezly na ptakhofabryku", "deception"),
    ("ru", "brigadir govorit pozvonit v migracionnuyu i vas deportiruyut", "intimidation_threats"),
    ("ru", "brigadir govorit pozvonit v migratsionnuyu i vas deportiruiut", "intimidation_threats"),
])
def test_cyrillic_cues_read_the_language_typed_in_latin_letters(code, text, indicator):
    assert indicator in indicators.from_text(text, [code])


def test_latin_skeletons_stay_within_their_words():
    # "бие" (beats) is "bie" in Latin letters: a short skeleton matches a whole word only, not "bien".
    assert indicators.from_text("me pagan bien, gracias", ["bg"]) == []
    assert "physical_sexual_violence" in indicators.from_text("shefat ni bie", ["bg"])
    # Negations and denials are read in Latin letters too.
    assert indicators.read("pasport u menya i uiti mogu kogda hochu", ["ru"])[0] == []


def test_vietnamese_d_without_its_stroke_is_the_same_letter():
    """"được" typed without diacritics is "duoc": the cues read both."""
    assert indicators.from_text("em không được nghỉ ngày nào", ["vi"]) == indicators.from_text(
        "em khong duoc nghi ngay nao", ["vi"]) == ["excessive_overtime"]


def test_a_vietnamese_question_ending_in_khong_is_no_negation():
    """"có được nghỉ phép không?" asks whether leave is allowed; "không được nghỉ" says it is not."""
    assert indicators.from_text("em làm ở Séc thì có được nghỉ phép dovolená không ạ", ["vi"]) == []
    assert "withholding_of_wages" in indicators.from_text("ho noi em con no nen ko co luong", ["vi"])


@pytest.mark.parametrize("code, text, told, laughs", [
    ("en", "lol jk he just needed a copy", True, True),
    ("uk", "жартую 😅 просто контракт", True, True),
    ("pl", "szef mnie zabije jak sie spoznie haha", False, True),
    ("ru", "меня тут держат только деньги)) шучу", True, True),
    ("es", "no es broma, me pega", False, False),       # "it is no joke": a negated joke is none
    ("en", "he hit me", False, False),
    ("fr", "grève des trains 😅", False, True),
])
def test_jokes_and_laughter_are_told_apart_from_a_sign(code, text, told, laughs):
    assert indicators.taken_back(text, [code, "en"]) is told
    assert indicators.laughing(text, [code, "en"]) is laughs


def test_an_intent_sign_needs_a_sure_understanding_but_words_need_none():
    """The NLU fairly sure (0.95) of 'report_debt' adds the debt; at 0.8 it is a guess and adds none,
    while a sign the words state is taken whatever the NLU thought."""
    assert indicators.from_message("report_debt", "ok so what now", ["en"], 0.95) == ["debt_bondage"]
    assert indicators.from_message("report_debt", "ok so what now", ["en"], 0.8) == []
    assert indicators.from_message("greet", "they took my passport", ["en"], 0.3) == ["retention_of_identity_documents"]


def test_french_money_never_given_is_wages_withheld():
    assert "withholding_of_wages" in indicators.from_text("il me donne jamais l'argent", ["fr"])


def test_the_sign_pairs_name_their_dimension():
    # Reflecting signs back names which dimension of forced labour they make up, not just that one does.
    assert set(indicators.forced_labour_pairs(["restriction_of_movement", "withholding_of_wages"])) == {
        ("impossibility_of_leaving", "restriction_of_movement", "withholding_of_wages"),
        ("impossibility_of_leaving", "withholding_of_wages", "restriction_of_movement")}
    assert indicators.forced_labour_pairs(["excessive_overtime", "withholding_of_wages"]) == []


def test_the_services_the_signs_call_for_each_once():
    # Wages held back and a passport taken both call for legal advice: the person is offered it once.
    assert indicators.needs(["withholding_of_wages", "retention_of_identity_documents"]) == [
        "wage_claims", "legal_advice", "documents"]
    assert indicators.needs(["isolation"]) == []  # no service of its own
    assert indicators.needs([]) == []
    assert indicators.merge(["isolation"], ["deception", "deception", "isolation"]) == ["isolation", "deception"]


def test_an_intent_the_nlu_is_sure_enough_of_gives_its_sign_from_the_threshold_on():
    at = indicators.INTENT_SIGN_CONFIDENCE
    assert indicators.from_message("report_cannot_leave", "lucrez la o ferma", ["ro"], at) == ["restriction_of_movement"]
    assert indicators.from_message(None, "lucrez la o ferma", ["ro"], 0.99) == []


@pytest.mark.parametrize("text, code, long", [
    ("from 8 to 10 at night", "en", True),                    # "to" right after the start
    ("from 7 when the bus comes until 9 pm", "en", True),     # five words between the times
    ("we were 5 people and i had to pay 20 euros", "en", False),  # figures too far apart to be times
    ("there are 10 to 25 of us in the barracks", "en", False),    # 25 is no hour of the day
    ("nos pagan el 25 a las 12", "es", False),                # a date, then a clock time
    ("работаем с 12 до 24", "ru", True),                      # noon to midnight written as 24
    ("работаю с 24:00 до 12:00", "ru", True),                 # midnight to noon
    ("we are 30 people and work from 7 to 9 at night", "en", True),  # a later pair of times still counts
    ("from 7 in the evening to 6 in the morning", "en", True),  # a night shift of 11 hours
    ("from 5 in the evening to 10 at night", "en", False),    # five hours
    ("i work from 9 to 11", "en", False),                     # morning hours, nothing says night
    ("from 10 to 12 at night", "en", False),                  # "12 at night" is midnight, not noon plus 12
    ("from 12 to 10 at night", "en", False),                  # ten hours: under the limit
    ("we work from 8 to 10 then rest all night", "en", False),  # the night is not the end time's
    ("je fais 13h par jour", "fr", True),                     # the unit inside the figure, a day's
    ("khdamt 20 sa3a flusbu3", "ar", False),                  # 20 hours a week, the week word with a prefix
])
def test_working_hours_from_clock_to_clock(text, code, long):
    assert ("excessive_overtime" in indicators.from_text(text, [code])) is long


def test_a_sign_taken_back_in_one_language_stays_withdrawn_when_several_are_read():
    assert indicators.withdrawn("i can leave whenever i want", ["en", "es"]) == {"restriction_of_movement"}
    assert indicators.withdrawn("i am not free to leave", ["en"]) == set()  # a negated denial takes nothing back


def test_an_age_typed_with_a_double_space_is_read():
    assert indicators.stated_age("мне  15, мы с мамой в Германии", ["ru"]) == 15


def test_the_cue_files_are_read_whole_when_read_afresh():
    # The cue files are read once per process and kept: read them again here so that what the
    # reading does (folding every stem, the denials, the hours block) is itself tested.
    indicators._language.cache_clear()
    indicators._cue_file.cache_clear()
    assert indicators.read("Ils ont GARDÉ mon passeport", ["fr"])[0] == ["retention_of_identity_documents"]
    assert indicators.withdrawn("i can leave whenever i want", ["en"]) == {"restriction_of_movement"}
    assert "excessive_overtime" in indicators.from_text("we do about 60 hours a week", ["en"])
    assert indicators._language("xx").cues == []  # a language without a cue file gives no signs


def test_a_phrase_in_a_denial_after_another_of_its_stems():
    # ["pasaport", "la mine"]: the phrase stands after the word the first stem took.
    assert indicators.withdrawn("pasaportul e la mine", ["ro"]) == {"retention_of_identity_documents"}
    # A phrase's word of three letters may begin a longer word: "got" in "gotten".
    assert indicators.withdrawn("he kept my passport for a week but i have gotten it back", ["en"]) == {
        "retention_of_identity_documents"}


def test_a_two_letter_word_of_a_phrase_is_that_word_only():
    # "tu giu" (I keep it myself) is no "Tuấn giữ" (Tuấn keeps it): the passport is held by someone else.
    assert indicators.withdrawn("hộ chiếu thì anh Tuấn giữ", ["vi"]) == set()
    assert "retention_of_identity_documents" in indicators.from_text("hộ chiếu thì anh Tuấn giữ", ["vi"])


def test_a_sign_denied_in_one_language_stays_denied_when_several_are_read():
    # Understood as "i cannot leave", in a conversation read in English and Spanish: the English words
    # deny the sign, so it is not taken from the intent.
    assert indicators.from_message("report_cannot_leave", "i can leave whenever i want", ["en", "es"], 0.95) == []
