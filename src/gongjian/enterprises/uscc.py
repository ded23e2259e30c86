"""统一社会信用代码 (unified social credit code) check, GB 32100-2015. Pure: no Django imports.

A code has 18 characters: 1 registration-authority code, 1 organisation-type code, 6 administrative-division
digits, the 9-character organisation code (GB 11714), and 1 check character. The alphabet is the digits and
the capital letters without I, O, Z, S and V (31 characters). The check character C18 is
``31 - (sum(value(ci) * 3**(i-1) mod 31) mod 31)``, with 31 written as 0.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

__all__ = [
    "ALPHABET",
    "AUTHORITY_TYPES",
    "CheckResult",
    "check",
    "check_character",
    "is_valid",
    "make_code",
    "normalise",
]

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28

#: Registration authority (登记管理部门) → the organisation-type codes (机构类别) it may issue (GB 32100-2015 附录).
AUTHORITY_TYPES: dict[str, str] = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 群众团体, 其他
    "2": "19",  # 外交
    "3": "1234569",  # 司法行政
    "4": "19",  # 文化
    "5": "1239",  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": "129",  # 旅游
    "7": "129",  # 宗教
    "8": "19",  # 工会
    "9": "123",  # 工商 / 市场监管: 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室
    "N": "1239",  # 农业: 集体经济组织
    "Y": "1",  # 其他
}

#: Failure reasons (stable codes; the caller turns them into words).
LENGTH = "length"
CHARACTER = "character"
AUTHORITY = "authority"
TYPE = "type"
DIVISION = "division"
CHECK = "check"


@dataclass(frozen=True)
class CheckResult:
    """``ok`` or the first failure: ``reason`` (one of the codes above), ``position`` (1-based) and details."""

    ok: bool
    reason: str = ""
    position: int | None = None
    found: str = ""
    expected: str = ""


def normalise(code: str) -> str:
    """Trim and upper-case (codes are printed in capitals; users type them in either case)."""
    return (code or "").strip().upper()


def check_character(first17: str) -> str:
    """The check character for the first 17 characters (which must be in the alphabet)."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def check(code: str) -> CheckResult:
    """Validate a code; the result names the first problem found."""
    code = normalise(code)
    if len(code) != 18:
        return CheckResult(False, LENGTH, None, str(len(code)), "18")
    for i, c in enumerate(code, start=1):
        if c not in _VALUE:
            return CheckResult(False, CHARACTER, i, c)
    authority, kind = code[0], code[1]
    if authority not in AUTHORITY_TYPES:
        return CheckResult(False, AUTHORITY, 1, authority)
    if kind not in AUTHORITY_TYPES[authority]:
        return CheckResult(False, TYPE, 2, kind, AUTHORITY_TYPES[authority])
    if not code[2:8].isdigit():
        pos = next(i for i, c in enumerate(code[2:8], start=3) if not c.isdigit())
        return CheckResult(False, DIVISION, pos, code[pos - 1])
    expected = check_character(code[:17])
    if code[17] != expected:
        return CheckResult(False, CHECK, 18, code[17], expected)
    return CheckResult(True)


def is_valid(code: str) -> bool:
    return check(code).ok


_GB11714_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
_GB11714_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # a subset also valid in GB 11714


def _org_code(body8: str) -> str:
    """An organisation code (GB 11714): 8 characters and their check character (0-9 or X)."""
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body8, _GB11714_WEIGHTS, strict=True))
    c9 = 11 - total % 11
    return body8 + ("X" if c9 == 10 else "0" if c9 == 11 else str(c9))


def make_code(seed: object, division: str = "371402") -> str:
    """A valid enterprise code (authority 9, type 1) derived from ``seed``, for tests and the demo.

    The same seed gives the same code; different seeds give different codes (up to hash collisions).
    """
    digest = hashlib.sha256(str(seed).encode()).digest()
    body = "".join(_GB11714_BODY[b % 10] if i < 2 else _GB11714_BODY[b % 31] for i, b in enumerate(digest[:8]))
    first17 = "91" + division + _org_code(body)
    if any(c not in _VALUE for c in first17):  # the org check character "X" is in the alphabet; keep it safe
        raise ValueError(first17)
    return first17 + check_character(first17)
