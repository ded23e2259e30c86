"""GB 32100-2015 check character: valid codes pass, each kind of invalid code is refused with its reason."""

import pytest

from gongjian.enterprises import uscc

VALID = [
    "91350100M000100Y43",  # the standard's own example
    "91110000100006485K",
    "91370000163044841F",  # the GB 11714 part ends in a digit
]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_pass(code):
    assert uscc.check(code).ok
    assert uscc.is_valid(code.lower())  # typed in lower case: normalised


@pytest.mark.parametrize(
    ("code", "reason", "position"),
    [
        ("91350100M000100Y4", uscc.LENGTH, None),
        ("91350100M000100Y433", uscc.LENGTH, None),
        ("", uscc.LENGTH, None),
        ("91350100M000100I43", uscc.CHARACTER, 16),  # I is not in the alphabet
        ("91350100M00010OY43", uscc.CHARACTER, 15),  # nor O
        ("9135010-M000100Y43", uscc.CHARACTER, 8),
        ("B1350100M000100Y43", uscc.AUTHORITY, 1),
        ("94350100M000100Y43", uscc.TYPE, 2),  # 市场监管 issues 1, 2, 3 only
        ("Y2350100M000100Y43", uscc.TYPE, 2),
        ("913501A0M000100Y43", uscc.DIVISION, 7),
        ("91350100M000100Y44", uscc.CHECK, 18),
        ("91350100M000100Y34", uscc.CHECK, 18),  # two characters swapped
    ],
)
def test_invalid_codes_give_their_reason(code, reason, position):
    result = uscc.check(code)
    assert not result.ok
    assert result.reason == reason
    assert result.position == position


def test_check_reports_the_expected_character():
    result = uscc.check("91350100M000100Y44")
    assert (result.found, result.expected) == ("4", "3")


def test_check_character_zero_when_sum_divisible():
    # A 17-character prefix whose weighted sum is a multiple of 31 gets "0", not "31".
    for n in range(3000):
        code = uscc.make_code(n)
        if code[-1] == "0":
            assert uscc.check(code).ok
            break
    else:  # pragma: no cover - the hash makes this practically impossible
        pytest.fail("no code with check character 0 in 3000 seeds")


def test_every_single_character_change_is_detected():
    code = "91350100M000100Y43"
    for i in range(8, 17):
        for c in uscc.ALPHABET:
            if c == code[i]:
                continue
            changed = code[:i] + c + code[i + 1 :]
            assert not uscc.is_valid(changed), changed


def test_make_code_is_valid_and_deterministic():
    codes = {uscc.make_code(n) for n in range(500)}
    assert len(codes) == 500
    assert all(uscc.is_valid(c) for c in codes)
    assert uscc.make_code("x") == uscc.make_code("x")
    assert uscc.make_code(1).startswith("91371402")
