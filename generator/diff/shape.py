"""A schema's shape: the schema without its prose, for "same shape" matching (renames)."""

from __future__ import annotations

import functools
from collections.abc import Hashable
from dataclasses import fields
from typing import Any

from generator.ir.schema import Schema, SchemaBase

_PROSE = frozenset({"description", "title", "examples"})
_MAPS = frozenset({"properties", "pattern_properties"})


def shape(schema: Schema | None) -> Hashable:
    """A key equal for two schemas exactly when they are equal without their descriptions,
    titles and examples, at every depth (built as tuples, never as new schemas)."""
    if schema is None:
        return None
    cls: type = type(schema)
    out: list[Any] = [cls.__name__]
    for name in _fields(cls):
        value = getattr(schema, name)
        if isinstance(value, SchemaBase):
            value = shape(value)  # type: ignore[arg-type]
        elif isinstance(value, tuple):
            if value and isinstance(value[0], SchemaBase):
                value = tuple(shape(v) for v in value)
            else:
                value = repr(value)
        elif name in _MAPS:
            value = tuple((k, shape(v)) for k, v in value.items())
        elif not isinstance(value, (str, int, float, bool, type(None))):
            value = repr(value)  # mappings, lists, discriminators, the no-value marker
        out.append(value)
    return tuple(out)


@functools.cache
def _fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name not in _PROSE)
