"""A schema whose type changed: the keyword changes the new type implies, as details.

When `string` becomes `object`, its `format`, `enum` and `maxLength` go and properties come:
that is one change, the type's. The judge reports the type change alone (the diff's enum,
const, default, format and unmodelled-keyword records at that node are left out, `IMPLIED`),
and this module words what went and what came as the entry's details, from both versions'
schemas: `format` `date-time` removed, `maxLength` `30` removed, the new object's fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.changelog.model import Detail
from generator.diff.model import Aspect, Change, Subject
from generator.ir.model import Api
from generator.ir.schema import NO_VALUE, ArraySchema, ObjectSchema, ReferenceSchema, Schema

# records at a retyped node that the type change says
IMPLIED = frozenset({Aspect.ENUM, Aspect.CONST, Aspect.DEFAULT, Aspect.FORMAT})

# IR field -> the JSON Schema keyword it is (the words of the details)
_KEYWORDS = (
    ("format", "format"), ("enum", "enum"), ("const", "const"), ("default", "default"),
    ("min_length", "minLength"), ("max_length", "maxLength"), ("pattern", "pattern"),
    ("minimum", "minimum"), ("maximum", "maximum"), ("exclusive_minimum", "exclusiveMinimum"),
    ("exclusive_maximum", "exclusiveMaximum"), ("multiple_of", "multipleOf"),
    ("min_items", "minItems"), ("max_items", "maxItems"), ("unique_items", "uniqueItems"),
    ("min_properties", "minProperties"), ("max_properties", "maxProperties"),
)


def implied_by_type(change: Change) -> bool:
    """Whether a record at a retyped node is one the type change implies."""
    if change.subject in (Subject.KEYWORD, Subject.ENUM_VALUE):
        return True
    return change.subject is Subject.SCHEMA and change.aspect in IMPLIED


def retype_details(change: Change, old: Api, new: Api) -> tuple[Detail, ...]:
    """What the old type's keywords were and what the new type brings (its fields, its
    items), for a type-change record."""
    before = old.nodes.get(change.old_at or "")
    after = new.nodes.get(change.new_at or "")
    if before is None or after is None:
        return ()
    was, now = dict(_keywords(before)), dict(_keywords(after))
    out = [Detail(template=f"`{k}` {{old}} removed", params={"old": v})
           for k, v in was.items() if k not in now]
    out += [Detail(template=f"`{k}` changed from {{old}} to {{new}}",
                   params={"old": was[k], "new": v})
            for k, v in now.items() if k in was and was[k] != v]
    out += [Detail(template=f"`{k}` {{new}} added", params={"new": v})
            for k, v in now.items() if k not in was]
    return (*out, *_shape(after))


def _keywords(schema: Schema) -> Iterator[tuple[str, Any]]:
    for field, keyword in _KEYWORDS:
        value = getattr(schema, field, None)
        if value is None or value is NO_VALUE or value is False:
            continue
        yield keyword, list(value) if isinstance(value, tuple) else value


def _shape(schema: Schema) -> tuple[Detail, ...]:
    """The fields of a new object (or its values' type), or the items of a new array."""
    if isinstance(schema, ObjectSchema):
        values = schema.additional_properties
        if not schema.properties and values is not None:
            return (Detail(template="values: {type}", params={"type": _type_word(values)}),)
        return tuple(field_detail(name, prop, name in schema.required)
                     for name, prop in sorted(schema.properties.items()))
    if isinstance(schema, ArraySchema) and schema.items is not None:
        return (Detail(template="items: {type}", params={"type": _type_word(schema.items)}),)
    return ()


def field_detail(name: str, schema: Schema | None, required: bool) -> Detail:
    """One field of a new object, as a detail: `` `name` (type, required) ``."""
    return Detail(template="`{name}` ({type}{required})", params={
        "name": name, "type": _type_word(schema), "required": ", required" if required else ""})


def _type_word(schema: Schema | None) -> str:
    """The type a detail names: a referenced schema's name, else the schema's kind."""
    if isinstance(schema, ReferenceSchema):
        return schema.target.rpartition("/")[2]
    return schema.kind.value if schema is not None else "any"
