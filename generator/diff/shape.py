"""A schema's shape: the schema without its prose, for "same shape" matching (renames)."""

from __future__ import annotations

import functools
from collections.abc import Hashable
from dataclasses import fields
from typing import Any

from generator.ir.schema import ObjectSchema, ReferenceSchema, Schema, SchemaBase

_PROSE = frozenset({"description", "title", "examples"})
_MAPS = frozenset({"properties", "pattern_properties"})
_PLAIN = frozenset({str, int, float, bool, type(None)})  # kept as they are (exact types)


def shape(schema: Schema | None) -> Hashable:
    """A key equal for two schemas exactly when they are equal without their descriptions,
    titles and examples, at every depth (built as tuples, never as new schemas)."""
    if schema is None:
        return None
    cls: type = type(schema)
    out: list[Any] = [cls.__name__]
    for name in _fields(cls):
        value = getattr(schema, name)
        if type(value) in _PLAIN:  # most fields: a default None, False, or a short text
            pass
        elif isinstance(value, SchemaBase):
            value = shape(value)  # type: ignore[arg-type]
        elif isinstance(value, tuple):
            if value and isinstance(value[0], SchemaBase):
                value = tuple(shape(v) for v in value)
            else:
                value = repr(value)
        elif name in _MAPS:  # in key order: the order properties are written in is no change
            value = tuple((k, shape(value[k])) for k in sorted(value))
        elif not isinstance(value, (str, int, float, bool, type(None))):
            value = repr(value)  # mappings, lists, discriminators, the no-value marker
        out.append(value)
    return tuple(out)


def shape_text(schema: Schema | None) -> str:
    """`shape` as text: tells apart values equal in Python but of other types (1, 1.0,
    True), as comparing schemas does."""
    return repr(shape(schema))


@functools.cache
def _fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name not in _PROSE)


def outline(schema: Schema | None) -> Hashable:
    """What equal shapes share, cheap to compute: the class, and the property names of an
    object or the target of a reference."""
    if isinstance(schema, ObjectSchema):
        return ObjectSchema, tuple(sorted(schema.properties))
    if isinstance(schema, ReferenceSchema):
        return ReferenceSchema, schema.target
    return type(schema), None
