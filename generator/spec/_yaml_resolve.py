"""What a YAML scalar means: the one scalar schema both parsers share.

The meaning is YAML 1.2's core schema as yaml-rs 0.1.6 implements it (the fast path decides
what most files mean, so the exact path copies it rule for rule; a table test holds the two
together): `null`/`Null`/`NULL`/`~`/empty are null, `true`/`True`/`TRUE` and the `false` forms
are booleans, `on`/`yes`/`no` stay strings, dates stay strings, integers may carry a sign,
underscores and a `0x`/`0o`/`0b` prefix (either case), floats need a `.` or an exponent.
Nothing that JSON cannot hold comes out: NaN, infinities, integers beyond Python's 4300-digit
string limit and every non-JSON tag are refused by the caller.
"""

from __future__ import annotations

import re
from typing import Any

NULLS = frozenset({"", "null", "Null", "NULL", "~"})
BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# Only plain scalars starting with one of these can be anything but a string.
_MAY_RESOLVE = frozenset("0123456789+-._nNtTfF~")

_FLOAT = re.compile(
    r"[-+]?(?=[_.]*[0-9])(?:[0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9_]*[0-9][0-9_]*)?"
    r"|[0-9_]+[eE][-+]?[0-9_]*[0-9][0-9_]*)"
)
_INF = re.compile(r"[-+]?\.[iI][nN][fF]")
_NAN = re.compile(r"\.[nN][aA][nN]")
_INT = re.compile(
    r"([-+]?)(?:0([xX])([0-9a-fA-F_]*[0-9a-fA-F][0-9a-fA-F_]*)|0([oO])([0-7_]*[0-7][0-7_]*)"
    r"|0([bB])([01_]*[01][01_]*)|([0-9_]*[0-9][0-9_]*))"
)
_RADIX = {"x": 16, "X": 16, "o": 8, "O": 8, "b": 2, "B": 2}

# Python refuses to print integers of more than 4300 digits (sys.int_info); so do we.
INT_LIMIT = 10**4300

YAML_TAG = "tag:yaml.org,2002:"
MERGE_TAG = YAML_TAG + "merge"


class ScalarProblem(ValueError):
    """A scalar that has no JSON meaning; `code` is the diagnostic code to report."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def resolve_plain(value: str) -> Any:
    """The value of an untagged plain scalar."""
    if not value:
        return None
    if value[0] not in _MAY_RESOLVE:
        return value
    if value in NULLS:
        return None
    boolean = BOOLS.get(value)
    if boolean is not None:
        return boolean
    if ("." in value or "e" in value or "E" in value) and (
        _FLOAT.fullmatch(value) or _INF.fullmatch(value) or _NAN.fullmatch(value)
    ):
        return _float(value)
    number = parse_int(value)
    return value if number is None else number


def _float(value: str) -> float:
    if _NAN.fullmatch(value):
        raise ScalarProblem("parse-non-json", f"{value} is NaN, which JSON cannot hold")
    if _INF.fullmatch(value):
        raise ScalarProblem("parse-non-json", f"{value} is infinite, which JSON cannot hold")
    number = float(value.replace("_", ""))
    if number - number != 0.0:
        raise ScalarProblem("parse-non-json", f"{value} overflows to infinity")
    return number


def parse_int(value: str) -> int | None:
    """The integer a scalar spells, or None when it is not an integer."""
    match = _INT.fullmatch(value)
    if match is None:
        return None
    sign, hex_p, hex_d, oct_p, oct_d, bin_p, bin_d, dec_d = match.groups()
    prefix = hex_p or oct_p or bin_p
    digits = (hex_d or oct_d or bin_d or dec_d).replace("_", "")
    if prefix is None:
        digits = digits.lstrip("0") or "0"
        if len(digits) > 4300:
            raise ScalarProblem("parse-non-json", "integer has more than 4300 digits")
        number = int(digits)
    else:
        number = int(digits, _RADIX[prefix])
    number = -number if sign == "-" else number
    check_int(number)
    return number


def check_int(number: int) -> None:
    """Refuse integers Python cannot print (more than 4300 digits)."""
    if number >= INT_LIMIT or number <= -INT_LIMIT:
        raise ScalarProblem("parse-non-json", "integer has more than 4300 digits")


def check_float(number: float) -> None:
    """Refuse NaN and infinities."""
    if number - number != 0.0:
        raise ScalarProblem("parse-non-json", f"{number!r} is not a finite number")


def key_text(value: Any) -> str:
    """The JSON key for a scalar mapping key: YAML's canonical spelling of its value.

    `200:` is the string "200", `true:` is "true", `~:` is "null", `1.5:` is "1.5".
    """
    kind = type(value)
    if kind is str:
        return str(value)
    if kind is bool:
        return "true" if value else "false"
    if value is None:
        return "null"
    if kind is int:
        check_int(value)
        return str(value)
    if kind is float:
        check_float(value)
        return repr(value)
    raise ScalarProblem("parse-non-json", f"a {_kind_name(value)} is used as a mapping key")


def _kind_name(value: Any) -> str:
    if isinstance(value, dict | frozenset):
        return "mapping"
    if isinstance(value, list | tuple):
        return "sequence"
    return type(value).__name__


def short_tag(tag: str) -> str:
    """`tag:yaml.org,2002:str` -> `!!str`; other tags as written."""
    return "!!" + tag[len(YAML_TAG) :] if tag.startswith(YAML_TAG) else tag


_NON_JSON_TAGS = {
    "set": "a set",
    "omap": "an ordered map",
    "pairs": "a list of pairs",
    "binary": "bytes",
    "timestamp": "a timestamp",
}


def tag_problem(tag: str, kind: str) -> ScalarProblem | None:
    """Why `tag` on a node of `kind` ("scalar", "mapping", "sequence") is refused, or None."""
    if tag == "!":
        return None
    if tag.startswith(YAML_TAG):
        name = tag[len(YAML_TAG) :]
        if (name, kind) in {("map", "mapping"), ("seq", "sequence")}:
            return None
        if kind == "scalar" and name in {"str", "int", "float", "bool", "null"}:
            return None
        if name in _NON_JSON_TAGS:
            what = _NON_JSON_TAGS[name]
            return ScalarProblem(
                "parse-non-json", f"tag !!{name} makes {what}, which JSON cannot hold"
            )
        if name.startswith("python/"):
            return ScalarProblem(
                "parse-tag",
                f"Python object tag !!{name} refused: specs are data, nothing is constructed",
            )
        if name in {"map", "seq", "str", "int", "float", "bool", "null"}:
            return ScalarProblem("parse-tag", f"tag !!{name} cannot be put on a {kind}")
    return ScalarProblem(
        "parse-tag", f"unknown tag {short_tag(tag)} refused (only the standard JSON tags are read)"
    )


def resolve_tagged(value: str, tag: str) -> Any:
    """The value of a scalar with an explicit tag (already checked by `tag_problem`)."""
    name = tag[len(YAML_TAG) :] if tag.startswith(YAML_TAG) else "str"
    if name == "str":
        return value
    if name == "int":
        number = parse_int(value)
        if number is not None:
            return number
    elif name == "float":
        if _FLOAT.fullmatch(value) or _INF.fullmatch(value) or _NAN.fullmatch(value):
            return _float(value)
        number = parse_int(value)
        if number is not None:
            try:
                return float(number)
            except OverflowError:
                raise ScalarProblem("parse-non-json", f"{value} overflows to infinity") from None
    elif name == "bool":
        if value in BOOLS:
            return BOOLS[value]
    elif name == "null" and value in NULLS:
        return None
    raise ScalarProblem("parse-tag", f"{value!r} is not a valid !!{name}")
