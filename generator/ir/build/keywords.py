"""Which Schema Object keyword becomes which IR field, per kind (tables for the builder)."""

from __future__ import annotations

from typing import Final

from generator.ir.schema import (
    AnySchema,
    ArraySchema,
    BooleanSchema,
    IntegerSchema,
    NeverSchema,
    NullSchema,
    NumberSchema,
    ObjectSchema,
    SchemaBase,
    StringSchema,
)

# How a keyword's value is converted into its field.
RAW, TEXT, FLAG, LIST, SUB, SUBS, SUBMAP, DISC = range(8)

# Annotations: on every kind, and on the outer node of a composition.
ANNOTATIONS: Final[dict[str, tuple[str, int]]] = {
    "description": ("description", TEXT),
    "title": ("title", TEXT),
    "default": ("default", RAW),
    "examples": ("examples", LIST),
    "deprecated": ("deprecated", FLAG),
    "readOnly": ("read_only", FLAG),
    "writeOnly": ("write_only", FLAG),
}
# Type-independent assertions: on every kind, but inside `base` of a composition.
ASSERTIONS: Final[dict[str, tuple[str, int]]] = {
    "enum": ("enum", LIST),
    "const": ("const", RAW),
}
COMMON: Final = {**ANNOTATIONS, **ASSERTIONS}

OBJECT_KEYS: Final[dict[str, tuple[str, int]]] = {
    "properties": ("properties", SUBMAP),
    "required": ("required", LIST),
    "additionalProperties": ("additional_properties", SUB),
    "patternProperties": ("pattern_properties", SUBMAP),
    "propertyNames": ("property_names", SUB),
    "minProperties": ("min_properties", RAW),
    "maxProperties": ("max_properties", RAW),
    "discriminator": ("discriminator", DISC),
}
ARRAY_KEYS: Final[dict[str, tuple[str, int]]] = {
    "items": ("items", SUB),
    "prefixItems": ("prefix_items", SUBS),
    "minItems": ("min_items", RAW),
    "maxItems": ("max_items", RAW),
    "uniqueItems": ("unique_items", FLAG),
}
STRING_KEYS: Final[dict[str, tuple[str, int]]] = {
    "format": ("format", RAW),
    "minLength": ("min_length", RAW),
    "maxLength": ("max_length", RAW),
    "pattern": ("pattern", RAW),
}
NUMERIC_KEYS: Final[dict[str, tuple[str, int]]] = {
    "format": ("format", RAW),
    "minimum": ("minimum", RAW),
    "maximum": ("maximum", RAW),
    "exclusiveMinimum": ("exclusive_minimum", RAW),
    "exclusiveMaximum": ("exclusive_maximum", RAW),
    "multipleOf": ("multiple_of", RAW),
}

TYPE_CLASSES: Final[dict[str, type[SchemaBase]]] = {
    "object": ObjectSchema,
    "array": ArraySchema,
    "string": StringSchema,
    "number": NumberSchema,
    "integer": IntegerSchema,
    "boolean": BooleanSchema,
    "null": NullSchema,
}
SPECIFIC: Final[dict[type[SchemaBase], dict[str, tuple[str, int]]]] = {
    ObjectSchema: OBJECT_KEYS,
    ArraySchema: ARRAY_KEYS,
    StringSchema: STRING_KEYS,
    NumberSchema: NUMERIC_KEYS,
    IntegerSchema: NUMERIC_KEYS,
    BooleanSchema: {},
    NullSchema: {},
    AnySchema: {},
    NeverSchema: {},
}
# Everything a single-kind node of each class reads into fields.
ALL_KEYS: Final = {cls: {**COMMON, **keys} for cls, keys in SPECIFIC.items()}
TYPE_SPECIFIC: Final = frozenset(OBJECT_KEYS) | frozenset(ARRAY_KEYS) | frozenset(
    STRING_KEYS
) | frozenset(NUMERIC_KEYS)

# Object or array keywords without a `type` say what the node is meant to be.
IMPLIES_OBJECT: Final = frozenset(OBJECT_KEYS) - {"discriminator"}
IMPLIES_ARRAY: Final = frozenset(ARRAY_KEYS)

# Composition keywords, in the order that picks the outer kind of a node holding several.
COMPOSITION: Final = ("$ref", "allOf", "oneOf", "anyOf", "not")
COMPOSITION_SET: Final = frozenset(COMPOSITION)
# Keywords that stay on the outer node of a composition (the rest forms its `base`).
OUTER: Final = frozenset(ANNOTATIONS) | {"discriminator"}
# Everything the builder reads; any other non-`x-` keyword is kept in `extra`.
KNOWN: Final = frozenset(COMMON) | TYPE_SPECIFIC | COMPOSITION_SET | {"type"}
