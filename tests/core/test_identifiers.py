"""统一社会信用代码 and 身份证号 checks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric
from stdnum.cn import uscc as stdnum_uscc

from qifu.core.errors import ValidationFailed
from qifu.core.identifiers import USCC_ALPHABET, USCC_AUTHORITIES, clean_id_number, clean_uscc, uscc_check_char

# From python-stdnum's tests/test_cn_uscc.doctest ("found online and should all be valid numbers").
REAL_CODES = [
    "91110000600037341L",
    "121200004013590816",
    "91310115MA1K3BTP2B",
    "9144030071526726XG",
    "92340602MA2PBMEM24",
    "91620105L015101280",
    "91340600MA2PBM9HXD",
    "913101127033980359",
    "91440300568520498A",
    "91110000710926094P",
    "9115220107837941X1",
    "9144060573144633XL",
    "91620105MA71T4YW8Q",
    "92340603MA2UK2ECXU",
    "92340621MA2UK3PJXE",
]


def _refused(value: str) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as info:
        clean_uscc(value)
    return info.value


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes(code):
    assert clean_uscc(code) == code
    assert uscc_check_char(code[:17]) == code[17]
    assert stdnum_uscc.is_valid(code)


@pytest.mark.parametrize(
    "first17",
    [
        "N2440000MA4WX3Q7",  # 农业 (N), 2 农民专业合作社
        "Y1440000MA4WX3Q7",  # 其他 (Y)
        "A1110000MA00ABCD",  # 中央军委改革和编制办公室 (A)
        "N1110108MA01234",
    ],
)
def test_letter_authorities(first17):
    first17 = (first17 + "0000")[:17]
    code = first17 + uscc_check_char(first17)
    assert clean_uscc(code) == code
    # python-stdnum demands eight leading digits and refuses these valid codes; ours follows GB 32100.
    assert not stdnum_uscc.is_valid(code)


def test_wrong_check_character():
    code = "91110000600037341L"
    error = _refused(code[:17] + "M")
    assert error.errors[0].field == "uscc"
    assert error.errors[0].message == "统一社会信用代码校验位错误"
    assert error.detail == "统一社会信用代码校验位错误"
    with pytest.raises(ValidationFailed) as info:
        clean_uscc(code[:17] + "M", field="credit_code")
    assert info.value.errors[0].field == "credit_code"


def test_length_and_empty():
    error = _refused("91110000600037341")
    assert error.errors[0].field == "uscc"
    assert error.errors[0].message == "统一社会信用代码应为18位，当前为17位"
    assert _refused("91110000600037341L1").errors[0].message == "统一社会信用代码应为18位，当前为19位"
    assert _refused("").errors[0].message == "统一社会信用代码不能为空"
    assert _refused("   ").errors[0].message == "统一社会信用代码不能为空"


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_illegal_letters(letter):
    error = _refused("9111000060003734" + letter + "L")
    assert error.errors[0].field == "uscc"
    assert error.errors[0].message.startswith("统一社会信用代码含有非法字符：" + letter)
    assert "不使用 I、O、Z、S、V" in error.errors[0].message


def test_other_format_errors():
    assert "第1位" in _refused("B1110000600037341L").errors[0].message
    assert "0" not in USCC_AUTHORITIES
    assert "第1位" in _refused("01110000600037341L").errors[0].message
    assert "第3-8位" in _refused("911100A0600037341L").errors[0].message
    assert "非法字符：!" in _refused("91110000600037341!").errors[0].message


def test_normalised():
    assert clean_uscc(" 9131 0115 ma1k3btp2b ") == "91310115MA1K3BTP2B"
    assert clean_uscc("91310115-MA1K3BTP-2B") == "91310115MA1K3BTP2B"
    assert clean_uscc("91 110000 600037341l\t") == "91110000600037341L"


authority = st.sampled_from(USCC_AUTHORITIES)
symbol = st.sampled_from(USCC_ALPHABET)
digit = st.sampled_from("0123456789")


@st.composite
def first_seventeen(draw: st.DrawFn) -> str:
    return (
        draw(authority)
        + draw(symbol)
        + "".join(draw(digit) for _ in range(6))
        + "".join(draw(symbol) for _ in range(9))
    )


@settings(max_examples=300, deadline=None, database=None)
@given(first17=first_seventeen(), other=symbol)
def test_check_character_property(first17, other):
    check = uscc_check_char(first17)
    assert check in USCC_ALPHABET
    assert clean_uscc(first17 + check) == first17 + check
    assert clean_uscc((first17 + check).lower()) == first17 + check
    if other != check:
        with pytest.raises(ValidationFailed) as info:
            clean_uscc(first17 + other)
        assert info.value.errors[0].message == "统一社会信用代码校验位错误"


@settings(max_examples=300, deadline=None, database=None)
@given(first17=first_seventeen(), position=st.integers(min_value=8, max_value=16), other=symbol)
def test_single_substitution_detected(first17, position, other):
    # The weighted mod-31 check catches any single changed character (weights are units mod 31).
    code = first17 + uscc_check_char(first17)
    changed = code[:position] + other + code[position + 1 :]
    if changed != code:
        with pytest.raises(ValidationFailed):
            clean_uscc(changed)


def _id_number(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


def test_id_number_valid():
    number = _id_number("11010519491231002")
    assert number == "11010519491231002X"
    assert ric.is_valid(number)
    assert clean_id_number(number) == number
    assert clean_id_number(" 11010519491231002x ") == number
    number = _id_number("44522119950307123")  # 揭东县 (1991-2012)
    assert clean_id_number(number) == number


def test_id_number_xiongan():
    # 雄安新区 133100 is newer than python-stdnum's area table: stdnum raises KeyError for it.
    number = _id_number("13310019900101123")
    with pytest.raises(KeyError):
        ric.validate(number)
    assert clean_id_number(number) == number
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValidationFailed) as info:
        clean_id_number(wrong)
    assert info.value.errors[0].field == "id_number"
    assert info.value.errors[0].message == "身份证号码格式或校验位错误"


@pytest.mark.parametrize(
    "value",
    ["", "11010519491231002", "110105194912310021", "11010519491331002X", "1101051949123100AX"],
)
def test_id_number_invalid(value):
    with pytest.raises(ValidationFailed) as info:
        clean_id_number(value, field="legal_id")
    assert info.value.errors[0].field == "legal_id"
