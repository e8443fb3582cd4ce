"""Readable, bounded messages for jsonschema-rs errors.

jsonschema-rs puts the whole failing instance in its messages: a `oneOf` failure on a large
Schema Object is kilobytes of JSON. Messages here name values briefly and, for `oneOf`/`anyOf`
failures, explain through the alternative that was most probably meant (as jsonschema's
`best_match` does): an alternative that fails on the value's own type, or that wants a `$ref`
the value does not have, was not the one meant.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from generator.spec import pointer as jp

BRIEF = 60  # characters of a value shown in a message
MAX_LEAVES = 3  # problems named under one oneOf/anyOf failure
_ALTERNATIVES = ("OneOfNotValid", "AnyOf")
_MISMATCH = ("Type", "Constant", "Enum", "FalseSchema")
_LIMITS = {
    "MinLength": "{value} is shorter than {limit} characters",
    "MaxLength": "{value} is longer than {limit} characters",
    "MinItems": "{value} has fewer than {limit} items",
    "MaxItems": "{value} has more than {limit} items",
    "MinProperties": "{value} has fewer than {limit} properties",
    "MaxProperties": "{value} has more than {limit} properties",
    "Minimum": "{value} is less than the minimum {limit}",
    "Maximum": "{value} is greater than the maximum {limit}",
    "ExclusiveMinimum": "{value} is not greater than {limit}",
    "ExclusiveMaximum": "{value} is not less than {limit}",
    "MultipleOf": "{value} is not a multiple of {limit}",
    "Contains": "no item of {value} matches the `contains` schema",
}


def brief(value: Any, limit: int = BRIEF) -> str:
    """A JSON rendering of `value`, cut to `limit` characters."""
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=False, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def keyword(err: Any) -> str:
    """The JSON Schema keyword that failed (the last name in the error's schema path)."""
    for part in reversed(err.schema_path):
        if isinstance(part, str):
            return part
    return str(err.kind.name)


def relative(err: Any, base: Sequence[str | int]) -> str:
    """The error's instance path below `base`, as a pointer ("" when it is `base` itself)."""
    return jp.join("", *err.instance_path[len(base) :])


def _kind(err: Any) -> str:
    """The error's kind as a class name ("Type", "OneOfNotValid"); `kind.name` merges oneOf's."""
    return type(err.kind).__name__


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(repr(n) for n in names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def _repeated(items: Any) -> str:
    if not isinstance(items, list):
        return brief(items)
    seen: list[str] = []
    dupes: list[str] = []
    for item in items:
        text = brief(item, 30)
        (dupes if text in seen and text not in dupes else seen).append(text)
    return ", ".join(dupes) or brief(items)


def describe(err: Any) -> str:
    """One error's own message, without the instance dumped into it."""
    kind = err.kind
    name = _kind(err)
    inst = err.instance
    if name == "Type":
        return f"{brief(inst)} is not of type {' or '.join(repr(t) for t in kind.types)}"
    if name == "Required":
        return f"missing required property {kind.property!r}"
    if name in ("AdditionalProperties", "UnevaluatedProperties"):
        many = len(kind.unexpected) > 1
        return f"unexpected propert{'ies' if many else 'y'} {_names(kind.unexpected)}"
    if name == "Enum":
        return f"{brief(inst)} is not one of {brief(kind.options, 120)}"
    if name == "Constant":
        return f"{brief(inst)} is not {brief(kind.expected_value)}"
    if name == "UniqueItems":
        return f"repeated items: {_repeated(inst)}"
    if name == "Format":
        return f"{brief(inst)} is not a valid {kind.format!r}"
    if name == "Pattern":
        return f"{brief(inst)} does not match the pattern {brief(kind.pattern)}"
    if name == "FalseSchema":
        return "no value is allowed here"
    if name in _LIMITS:
        limit = getattr(kind, "limit", getattr(kind, "multiple_of", None))
        return _LIMITS[name].format(value=brief(inst), limit=brief(limit))
    if name == "Not":
        return f"{brief(inst)} must not match {brief(kind.schema)}"
    if name == "PropertyNames":
        return f"property name {describe(kind.error)}"
    if name == "OneOfMultipleValid":
        return f"{brief(inst, 40)} matches more than one alternative of oneOf"
    if name in _ALTERNATIVES:
        return f"{brief(inst, 40)} matches none of the alternatives of {keyword(err)}"
    text = str(err.message)
    return text if len(text) <= 200 else text[:199] + "…"


def _mismatched(branch: Sequence[Any], depth: int) -> bool:
    """Whether an alternative failed on the value itself: it was not the one meant."""
    for sub in branch:
        if len(sub.instance_path) != depth:
            continue
        name = _kind(sub)
        if name in _MISMATCH or (name == "Required" and sub.kind.property == "$ref"):
            return True
    return False


def _best_branch(err: Any) -> Sequence[Any]:
    depth = len(err.instance_path)
    branches = [b for b in err.kind.context if b]
    if not branches:
        return []
    return min(branches, key=lambda b: (_mismatched(b, depth), len(b)))


def leaves(err: Any) -> list[Any]:
    """The errors that best explain `err`: itself, or the deepest problems of its best branch."""
    if _kind(err) not in _ALTERNATIVES:
        return [err]
    branch = sorted(_best_branch(err), key=lambda e: -len(e.instance_path))
    out: list[Any] = []
    for sub in branch:
        out.extend(leaves(sub))
        if len(out) >= MAX_LEAVES:
            break
    return out[:MAX_LEAVES] or [err]


def explain(err: Any) -> str:
    """The message for `err`: its best explanations, each with its place below the error."""
    found = leaves(err)
    parts = []
    for leaf in found:
        where = relative(leaf, err.instance_path)
        text = describe(leaf)
        parts.append(f"{text} (at {where[1:]})" if where else text)
    body = "; ".join(parts)
    if found[0] is err:
        return body
    what = _definition(_best_branch(err)[0].schema_path)
    if what:
        return f"not a valid {what}: {body}"
    return f"no {keyword(err)} alternative matches; the closest fails with: {body}"


def _definition(path: Sequence[str | int]) -> str:
    """The meta-schema definition a schema path starts in ("Schema", "parameter"), or ""."""
    for i in range(len(path) - 1):
        if path[i] in ("$defs", "definitions") and isinstance(path[i + 1], str):
            return str(path[i + 1]).replace("-or-reference", " or Reference").replace("-", " ")
    return ""
