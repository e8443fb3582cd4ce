"""A schema's shape: the schema without its prose, for "same shape" matching (renames)."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from generator.ir.schema import Discriminator, Schema, SchemaBase

_PROSE: dict[str, Any] = {"description": None, "title": None, "examples": ()}


def shape(schema: Schema | None) -> Schema | None:
    """`schema` with descriptions, titles and examples removed, at every depth."""
    if schema is None:
        return None
    changes: dict[str, Any] = dict(_PROSE)
    for f in fields(schema):
        value = getattr(schema, f.name)
        if isinstance(value, SchemaBase):
            changes[f.name] = shape(value)  # type: ignore[arg-type]
        elif isinstance(value, tuple) and value and isinstance(value[0], SchemaBase):
            changes[f.name] = tuple(shape(v) for v in value)
        elif f.name in ("properties", "pattern_properties") and value:
            changes[f.name] = {k: shape(v) for k, v in value.items()}
        elif isinstance(value, Discriminator):
            changes[f.name] = value
    return replace(schema, **changes)
