"""Chinese identifiers: the 统一社会信用代码 (GB 32100-2015) and the 身份证号.

python-stdnum's uscc check demands eight leading digits and so refuses valid codes whose
registration authority is a letter (A 中央军委改革和编制办公室, N 农业, Y 其他); this check
follows the standard instead.
"""

from __future__ import annotations

from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from qifu.core.errors import ValidationFailed

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 32100 table 1: registration authorities.
USCC_AUTHORITIES = "123456789ANY"


def uscc_check_char(first17: str) -> str:
    """The 18th character for the first 17 characters of a code."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def clean_uscc(value: str, field: str = "uscc") -> str:
    """The code in canonical form, or ValidationFailed with a Chinese message naming `field`."""
    code = "".join(str(value or "").split()).replace("-", "").upper()
    if not code:
        raise ValidationFailed.field(field, "统一社会信用代码不能为空")
    if len(code) != 18:
        raise ValidationFailed.field(field, f"统一社会信用代码应为18位，当前为{len(code)}位")
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        raise ValidationFailed.field(field, f"统一社会信用代码含有非法字符：{''.join(bad)}（不使用 I、O、Z、S、V）")
    if code[0] not in USCC_AUTHORITIES:
        raise ValidationFailed.field(field, "统一社会信用代码第1位（登记管理部门代码）无效")
    if not code[2:8].isdigit():
        raise ValidationFailed.field(field, "统一社会信用代码第3-8位（行政区划码）应为数字")
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationFailed.field(field, "统一社会信用代码校验位错误")
    return code


def clean_id_number(value: str, field: str = "id_number") -> str:
    """A 身份证号 checked with python-stdnum; new area codes (such as 雄安 133100) are accepted
    when the rest of the number is right, because stdnum raises KeyError for areas it does not know."""
    number = "".join(str(value or "").split()).upper()
    try:
        return str(ric.validate(number))
    except StdnumError:
        raise ValidationFailed.field(field, "身份证号码格式或校验位错误") from None
    except KeyError:
        if len(number) == 18 and number[:17].isdigit() and ric.calc_check_digit(number) == number[17]:
            return number
        raise ValidationFailed.field(field, "身份证号码格式或校验位错误") from None
