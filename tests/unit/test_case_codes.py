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


def _valid(data: str) -> str:
    return case_codes.display(data + case_codes.check_character(data))


def test_check_character_matches_a_worked_luhn_mod_30_example():
    # Worked by hand: values of "K7QM4XRT9PW" in the alphabet, doubled from the right, digits summed in base 30.
    assert case_codes.check_character("K7QM4XRT9PW") == "E"  # sum 168, 30 - 168 % 30 = 12: E
    assert case_codes.check_character("22222222222") == "2"
    assert case_codes.is_valid("K7QM-4XRT-9PWE") and not case_codes.is_valid("K7QM-4XRT-9PWA")


def test_only_twelve_characters_of_the_alphabet_can_be_valid():
    code = case_codes.normalise(_valid("K7QM4XRT9PW"))
    assert not case_codes.is_valid(code[:-1]) and not case_codes.is_valid(code + "2")
    assert not case_codes.is_valid(code[:5] + "0" + code[6:])  # 0 is not in the alphabet
    assert not case_codes.is_valid("")


def test_new_codes_hold_at_least_two_digits_and_a_letter():
    for _ in range(3000):
        plain = case_codes.normalise(case_codes.new_code())
        digits = sum(c.isdigit() for c in plain)
        assert case_codes.MIN_DIGITS <= digits < len(plain)


def test_shapes_that_are_codes_and_shapes_that_are_words():
    assert case_codes.candidate_shaped("K7QM4XRT9PWA")
    assert not case_codes.candidate_shaped("KAQMBXRTCPWA")  # no digit: three ordinary words
    assert not case_codes.candidate_shaped("K7QMBXRTCPWA")  # one digit
    assert case_codes.candidate_shaped("K7QM4XRTCPWA")  # two
    assert not case_codes.candidate_shaped("234567892345")  # digits only: a number
    assert not case_codes.candidate_shaped("K7QM4XRT9PW0")  # 0 is not in the alphabet
    assert case_codes.candidates("see k7qm 4xrt-9pwa and tell") == ["K7QM-4XRT-9PWA"]
    assert case_codes.candidates("they keep many") == []


def test_the_code_written_most_like_a_code_wins_over_an_overlapping_window():
    code = _valid("Z47FXF8YG73")
    found = case_codes.find(f"Codul cazului tau este {code}. Scrie-l")
    assert found == [code]
    two = _valid("K7QM4XRT9PW"), _valid("23AB45CD67E")
    assert case_codes.find(f"first {two[0]} then {two[1]}") == list(two)  # both, in order
    spaced = two[0].replace("-", " ")
    assert case_codes.find(f"code {spaced}") == [two[0]]


def test_redact_takes_the_code_out_however_it_was_typed():
    code = _valid("K7QM4XRT9PW")
    for typed in (code, code.lower(), code.replace("-", " "), code.replace("-", "")):
        assert case_codes.redact(f"my code is {typed} ok", [code]) == "my code is [CASE_CODE] ok", typed
    assert case_codes.redact("nothing here", [code]) == "nothing here"
    assert case_codes.redact(f"{code}", [code], placeholder="<code>") == "<code>"


def test_dashes_between_the_groups_tell_the_code_from_a_word_before_it():
    # "MW6H 3YWY-MH8B" passes the check too, and holds more groups with a digit than the real code,
    # whose last group is all letters: the dashes show which twelve characters were written as a code.
    code = "3YWY-MH8B-BMFT"
    assert case_codes.is_valid(code) and case_codes.is_valid("MW6H3YWYMH8B")
    assert case_codes.find(f"ref MW6H {code} thanks") == [code]


def test_groups_holding_a_digit_tell_the_code_from_a_capitalised_word_before_it():
    # Typed in lower case after "CASE": "CASE j5sm f4d4" passes the check and has fewer lower-case
    # letters, but only the code has a digit in every group.
    assert case_codes.is_valid("CASEJ5SMF4D4")
    assert case_codes.find("CASE j5sm f4d4 qg22") == ["J5SM-F4D4-QG22"]


def test_capitals_and_then_the_later_window_tell_the_code_from_the_word_before_it():
    # "este 96K2 ET23" passes the check, and the code's last group has no digit: dashes and digits
    # are even. The code is in capitals; the word is not.
    code = "96K2-ET23-GVAB"
    assert case_codes.is_valid(code) and case_codes.is_valid("ESTE96K2ET23")
    assert case_codes.find(f"codul este {code.replace('-', ' ')}") == [code]
    # All in capitals, nothing tells them apart but the order: a code follows the word before it.
    assert case_codes.find(f"CODUL ESTE {code.replace('-', ' ')}") == [code]


def test_a_word_after_the_code_does_not_take_its_place():
    # "B245 NK3P then" passes the check too; the code was written with its dashes.
    code = "AJ93-B245-NK3P"
    assert case_codes.is_valid(code) and case_codes.is_valid("B245NK3PTHEN")
    assert case_codes.find(f"my code is {code} then what") == [code]


def test_two_codes_are_given_in_the_order_written_however_each_was_typed():
    first, second = _valid("K7QM4XRT9PW"), _valid("23AB45CD67E")
    assert case_codes.find(f"first {first} then {second.lower().replace('-', ' ')}") == [first, second]
    assert case_codes.find(f"first {first.lower().replace('-', '')} then {second}") == [first, second]


def test_a_code_in_capitals_wins_over_a_window_ending_in_a_lower_case_word():
    # "49BA 2434 then" passes the check; dashes and digit groups are even, the code is in capitals.
    assert case_codes.is_valid("49BA2434THEN")
    assert case_codes.find("XKQR 49BA 2434 then call me") == ["XKQR-49BA-2434"]
