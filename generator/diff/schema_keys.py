"""Helpers of the schema comparison: keyword meaning, union members, flat-view look-ups."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Mapping
from dataclasses import replace
from operator import attrgetter
from typing import Any

from generator.diff.context import present
from generator.diff.shape import outline, shape_text
from generator.diff.views import View, flat_view
from generator.ir.model import Api
from generator.ir.schema import (
    NO_VALUE,
    AllOfSchema,
    NullSchema,
    ReferenceSchema,
    Schema,
    UnionMode,
    UnionSchema,
)


def name_of(node: str) -> str:
    """A short name for a node: its last pointer token (`#/components/schemas/Pet` -> `Pet`)."""
    return node.rpartition("/")[2].replace("~1", "/").replace("~0", "~") or node


# 3.1 forms of 3.0 idioms the IR keeps as written (both are valid 3.1): read alike.
_CONTENT_FORMATS = {"contentMediaType": "binary", "contentEncoding": "byte"}


def meaning(schema: Schema) -> dict[str, Any]:
    """const, enum, format and unmodelled keywords, with `enum: [x]` read as `const: x` and
    `contentMediaType`/`contentEncoding: base64` as `format: binary`/`byte`."""
    const, enum = schema.const, schema.enum
    if enum is not None and len(enum) == 1 and const is NO_VALUE:
        const, enum = enum[0], None
    extra = dict(schema.extra)
    fmt = getattr(schema, "format", None)
    for keyword, implied in _CONTENT_FORMATS.items():
        if keyword in extra and fmt in (None, implied):
            del extra[keyword]
            fmt = implied
    return {"const": const, "enum": enum, "extra": extra, "format": fmt}


_RAW = attrgetter(
    "title", "description", "examples", "default", "deprecated", "read_only", "write_only",
    "const", "enum", "extensions", "extra",
)


def same_annotations(old: Schema, new: Schema) -> bool:
    """Whether two schemas' annotations, enum/const, extensions and unmodelled keywords are
    equal, each of the same type too (`field_changes` tells `1` from `1.0`): nothing of
    them to record, with no need to work out what they mean."""
    before, after = _RAW(old), _RAW(new)
    if before != after or getattr(old, "format", None) != getattr(new, "format", None):
        return False
    if list(map(type, before)) != list(map(type, after)):
        return False
    # `enum: [x]` means `const: x`, compared by type as well
    enum = old.enum
    return enum is None or len(enum) != 1 or type(enum[0]) is type(new.enum[0])  # type: ignore[index]


def with_parts(api: Api, schema: Schema, node: str) -> Schema:
    """An allOf with its object parts' annotations and keywords filled in where it has none."""
    if not isinstance(schema, AllOfSchema):
        return schema
    filled: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for part, _ in reversed(flat_view(api, schema, node).objects):
        extra.update(part.extra)
        for field in ("description", "title", "examples", "default"):
            value = getattr(part, field)
            if present(value) and not present(getattr(schema, field)):
                filled[field] = value
    extra.update(schema.extra)
    return replace(schema, extra=extra, **filled)


def as_json(value: Any) -> str:
    """Canonical JSON text of a value (enum values compared and named by it)."""
    return _CANONICAL(value)


# made once: json.dumps with options builds an encoder per call, and enums ask thousands of times
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str).encode


def members(union: UnionSchema, node: str) -> list[tuple[Schema, str]]:
    """A union's members with their node ids (a type list's members share the union's)."""
    if union.mode is UnionMode.TYPES:
        return [(m, node) for m in union.members]
    return [(m, f"{node}/{union.mode.value}/{i}") for i, m in enumerate(union.members)]


def like_member(api: Api, union: UnionSchema, node: str,
                like: Schema) -> tuple[Schema, str] | None:
    """The one oneOf/anyOf member of the kind of `like` (a type list: None): of several, the
    one without enum or const (the others are then special values, like Stripe's `""`)."""
    if union.mode is UnionMode.TYPES or union.base is not None:
        return None
    same = [(m, n) for m, n in members(union, node)
            if (api.resolve(m) or m).kind is like.kind]
    if len(same) > 1:
        same = [(m, n) for m, n in same
                if (api.resolve(m) or m).enum is None and (api.resolve(m) or m).const is NO_VALUE]
    return same[0] if len(same) == 1 else None


def member_name(member: Schema, node: str) -> str:
    """A reader's name for a member: its reference, title, special values, or kind."""
    if isinstance(member, ReferenceSchema):
        return name_of(member.target)
    if member.title:
        return member.title
    if member.enum is not None:  # a member of special values: named by them (`string [""]`)
        return f"{member.kind.value} {as_json(list(member.enum))}"
    return f"{member.kind.value} at {name_of(node)}"


def nullable_part(schema: Schema, node: str) -> tuple[Schema, str] | None:
    """The one non-null member of a union of it and null (`type: [string, "null"]`)."""
    if not isinstance(schema, UnionSchema) or len(schema.members) != 2 or schema.base is not None:
        return None
    found = members(schema, node)
    others = [m for m in found if not isinstance(m[0], NullSchema)]
    return others[0] if len(others) == 1 else None


def counterpart(owner: str, view: View, fallback: str) -> str:
    """The same owner on the other side when it exists there (a shared member), else the node."""
    return owner if owner in view.owners else fallback


def first(view: View, field: str) -> Any:
    """The first value of an object keyword among the parts of a flat view."""
    for schema, _ in view.objects:
        value = getattr(schema, field)
        if present(value):
            return value
    return None


def first_with(view: View, field: str) -> tuple[Any, str | None]:
    """The first part of a flat view that gives a keyword: (value, its node)."""
    for schema, node in view.objects:
        value = getattr(schema, field)
        if value is not None:
            return value, node
    return None, None


def unique_pairs(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str]]:
    """Pairs (old key, new key) whose values are equal and match nothing else on either side."""
    pairs = []
    for key, value in sorted(old.items()):
        matches = [k for k, v in new.items() if v == value]
        if len(matches) == 1 and [k for k, v in old.items() if v == value] == [key]:
            pairs.append((key, matches[0]))
    return pairs



def shape_pairs(
    old: Mapping[str, Schema | None], new: Mapping[str, Schema | None],
    key: Callable[[Schema | None], Hashable] = shape_text,
) -> list[tuple[str, str]]:
    """`unique_pairs` of the schemas' shapes (`key`), shaping only the schemas whose outline
    the other side has too: no other can equal anything there."""
    if not old or not new:
        return []
    o_outlines = {k: outline(s) for k, s in old.items()}
    n_outlines = {k: outline(s) for k, s in new.items()}
    both = set(o_outlines.values()) & set(n_outlines.values())
    return unique_pairs(
        {k: key(old[k]) for k, o in o_outlines.items() if o in both},
        {k: key(new[k]) for k, n in n_outlines.items() if n in both},
    )
