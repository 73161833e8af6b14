"""The ways people also write a training example, generated at training time."""

from bot.language import variants
from bot.rasa_plugins.augment import augmented


def test_an_example_without_its_diacritics():
    assert variants.without_diacritics("Nu am primit salariul, șeful") == "nu am primit salariul, seful"
    assert variants.without_diacritics("no diacritics here") is None


def test_cyrillic_and_devanagari_examples_in_latin_letters():
    assert variants.in_latin_letters("мне не платят", "ru") == "mne ne platyat"
    assert variants.in_latin_letters("मेरा पासपोर्ट", "hi").startswith("mera pas")
    assert variants.in_latin_letters("мне не платят", "pl") is None  # not a language typed that way


def test_each_language_in_latin_letters_the_way_its_writers_type_it():
    # Ukrainians type г as h and я, ю as ia, iu ("potribna dopomoha", "diakuiu"), not as Russian.
    assert variants.in_latin_letters("дякую, потрібна допомога", "uk") == "diakuiu, potribna dopomoha"
    assert variants.in_latin_letters("якщо піду", "uk") == "yakshcho pidu"
    # Bulgarians type щ as sht and ъ as a.
    assert variants.in_latin_letters("шефът ще ме уволни", "bg") == "shefat shte me uvolni"
    # Hinglish drops the final and the middle inherent a, and the final nasal: "nahi", "karna", "mahine".
    assert variants.in_latin_letters("मेरे मालिक ने दो महीने से पैसे नहीं दिए", "hi") == "mere malik ne do mahine se paise nahi die"
    assert variants.in_latin_letters("मुझे काम छोड़ना है", "hi") == "mujhe kam chhorna hai"
    # Arabizi: digits for the letters Latin lacks, the article as "el", a vowel where consonants pile up.
    assert variants.in_latin_letters("المعلم مش بيدفعلي", "ar") == "el m3alm msh bidfa3li"
    assert variants.in_latin_letters("صاحب العمل أخذ جواز سفري", "ar") == "sa7b el 3mal 2a5ath jwaz sfari"
    assert variants.in_latin_letters("el mudir 2al", "ar") is None  # already Arabizi: nothing new


def test_a_typo_is_one_slip_and_the_same_every_run():
    texts = ["my employer has not paid me for three months", "el patron se quedo con mi pasaporte",
             "la agencia me cobro mil euros por el trabajo", "ich habe keinen vertrag bekommen von der firma"]
    typos = [variants.with_typo(text) for text in texts]
    assert any(typos)  # one example in TYPO_EVERY gets one; these were checked to include some
    for text, typo in zip(texts, typos):
        assert typo == variants.with_typo(text)  # seeded by the example: training is reproducible
        if typo:
            assert typo != text and abs(len(typo) - len(text)) <= 1
            assert sum(a != b for a, b in zip(typo.split(), text.split())) == 1  # one word changed
    assert variants.with_typo("da") is None  # short words change meaning with one typo


def test_augmentation_adds_new_texts_only_and_keeps_each_examples_intent():
    examples = [("Nu am primit salariul", "report_unpaid_wages", "ro"), ("nu am primit salariul", "report_unpaid_wages", "ro"),
                ("мне не платят", "report_unpaid_wages", "ru"), ("salut", "greet", "ro")]
    added = augmented(examples)
    texts = [text for text, _ in added]
    assert ("mne ne platyat", "report_unpaid_wages") in added
    assert len(texts) == len(set(t.casefold() for t in texts))
    assert not {t.casefold() for t in texts} & {t.casefold() for t, _, _ in examples}
