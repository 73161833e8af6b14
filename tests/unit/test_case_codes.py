from bot.cases import case_codes


def test_new_codes_are_grouped_valid_and_unambiguous():
    code = case_codes.new_code()
    assert len(code) == 14 and code[4] == code[9] == "-"
    assert case_codes.is_valid(code)
    assert not set(code.replace("-", "")) & set("01ILOU")


def test_check_character_catches_every_single_character_typo():
    code = case_codes.normalise(case_codes.new_code())
    for position in range(len(code)):
        for wrong in case_codes.ALPHABET:
            if wrong != code[position]:
                typo = code[:position] + wrong + code[position + 1:]
                assert not case_codes.is_valid(typo), typo


def test_codes_are_read_back_however_they_are_typed():
    code = case_codes.new_code()
    assert case_codes.is_valid(code.lower().replace("-", " "))
    assert case_codes.find(f"check {code.lower().replace('-', '')} please") == [code]


def test_codes_do_not_repeat():
    assert len({case_codes.new_code() for _ in range(2000)}) == 2000


def test_a_code_after_a_four_letter_word_is_still_found():
    code = case_codes.new_code()
    assert case_codes.find(f"Codul cazului este {code}. Scrie-l") == [code]
    assert case_codes.find(f"este {code.replace('-', ' ')}") == [code]


def test_a_code_after_a_word_is_found_alone():
    # One window in thirty passes the check: "este Z47F-XF8Y-G73F" also holds ESTE-Z47F-XF8Y, which
    # once made "check" read a case that does not exist.
    assert case_codes.find("Codul cazului tău este Z47F-XF8Y-G73F. Scrie-l") == ["Z47F-XF8Y-G73F"]
    for _ in range(2000):
        code = case_codes.new_code()
        assert case_codes.find(f"Codul este {code}. Dă acest cod") == [code]
