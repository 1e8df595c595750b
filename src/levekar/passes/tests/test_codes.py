from levekar.passes import codes


def test_codes_are_ten_characters_without_look_alikes_and_carry_a_check_character():
    made = {codes.new_code() for _ in range(2000)}
    assert len(made) == 2000
    for code in list(made)[:200]:
        assert len(code) == 10 and not set(code) & set("01IO")
        assert codes.is_valid(code)
        assert codes.is_valid(codes.normalise(codes.display(code).lower()))


def test_a_single_typing_error_is_caught_by_the_check_character():
    code = codes.new_code()
    for i in range(len(code)):
        for ch in codes.ALPHABET:
            if ch != code[i]:
                assert not codes.is_valid(code[:i] + ch + code[i + 1:])
