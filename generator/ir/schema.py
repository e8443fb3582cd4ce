"""Schemas in the API model: a tagged union of narrow, frozen kinds.

Every kind shares the annotation fields of `SchemaBase`; each adds only its own keywords, so
nodes stay small (build and cache-load time grow with the field count). Keywords that no
kind models are kept, untouched, in `extra`; `x-` extensions in `extensions`.

References are edges, not copies: `ReferenceSchema.target` is the node id
(`generator.spec.document.node_id`) of the schema it points at, looked up in
`Api.nodes`. So recursive schemas stay finite, and the diff and the renderers never need the
raw document.

Composition is kept as written. A node whose own keywords sit beside a composition keyword
(`{type: object, properties: ..., allOf: [...]}`) becomes the composition kind with those
keywords as `base`: a schema of their own, checked together with the members. Annotations
(description, default, ...) stay on the outer node.

Absent values: `None` for optional scalars, `()` for absent lists, `NO_VALUE` (`...`, which
JSON cannot hold) for `default` and `const`, where `null` is a real value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar, Final, NoReturn, TypeAlias

JsonValue: TypeAlias = Any
"""JSON-compatible data as the parser gave it (dict, list, str, int, float, bool, None)."""

NO_VALUE: Final[Any] = ...
"""Marks an absent `default`/`const` (`null` is a value)."""



class _Empty(Mapping[str, Any]):
    """The empty mapping every absent map field shares (hashable, so a dataclass default)."""

    __slots__ = ()

    def __getitem__(self, key: str) -> NoReturn:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __hash__(self) -> int:
        return 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and not other

    def __repr__(self) -> str:
        return "EMPTY"

    def __reduce__(self) -> str:
        return "EMPTY"


EMPTY: Final[Mapping[str, Any]] = _Empty()


class SchemaKind(str, Enum):
    """The tag of each schema kind."""

    OBJECT = "object"
    ARRAY = "array"
    STRING = "string"
    NUMBER = "number"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    NULL = "null"
    ANY = "any"
    NEVER = "never"
    UNION = "union"
    ALL_OF = "all_of"
    NOT = "not"
    REFERENCE = "reference"
    UNRESOLVED = "unresolved"


class UnionMode(str, Enum):
    """How a union was written: `oneOf`, `anyOf`, or a list of types (`type: [string, null]`)."""

    ONE_OF = "oneOf"
    ANY_OF = "anyOf"
    TYPES = "type"


@dataclass(frozen=True, slots=True, kw_only=True)
class Discriminator:
    """`discriminator`: the property name and its mapping, each value resolved to a node id."""

    property_name: str
    mapping: Mapping[str, str] = EMPTY
    extensions: Mapping[str, JsonValue] = EMPTY


# The two bases only declare fields: no object of theirs is ever made, and every kind
# generates its own methods, so they generate none (each costs compile time at import).
@dataclass(frozen=True, slots=True, kw_only=True, init=False, repr=False, eq=False)
class SchemaBase:
    """Fields every kind has: annotations, enum/const, extensions and unmodelled keywords."""

    kind: ClassVar[SchemaKind]
    description: str | None = None
    title: str | None = None
    default: JsonValue = NO_VALUE
    examples: tuple[JsonValue, ...] = ()
    enum: tuple[JsonValue, ...] | None = None
    const: JsonValue = NO_VALUE
    deprecated: bool = False
    read_only: bool = False
    write_only: bool = False
    extensions: Mapping[str, JsonValue] = EMPTY
    extra: Mapping[str, JsonValue] = EMPTY

    @property
    def has_default(self) -> bool:
        """Whether a `default` was given (it may be null)."""
        return self.default is not NO_VALUE


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectSchema(SchemaBase):
    """`type: object` (or object keywords without a type)."""

    kind: ClassVar[SchemaKind] = SchemaKind.OBJECT
    properties: Mapping[str, Schema] = EMPTY
    required: tuple[str, ...] = ()
    additional_properties: Schema | None = None  # None: not given (any value allowed)
    pattern_properties: Mapping[str, Schema] = EMPTY
    property_names: Schema | None = None
    min_properties: int | None = None
    max_properties: int | None = None
    discriminator: Discriminator | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ArraySchema(SchemaBase):
    """`type: array`."""

    kind: ClassVar[SchemaKind] = SchemaKind.ARRAY
    items: Schema | None = None
    prefix_items: tuple[Schema, ...] = ()
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class StringSchema(SchemaBase):
    """`type: string`."""

    kind: ClassVar[SchemaKind] = SchemaKind.STRING
    format: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True, init=False, repr=False, eq=False)
class NumericBase(SchemaBase):
    """Keywords shared by numbers and integers (bounds in the 3.1 numeric form)."""

    format: str | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: int | float | None = None
    exclusive_maximum: int | float | None = None
    multiple_of: int | float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NumberSchema(NumericBase):
    """`type: number`."""

    kind: ClassVar[SchemaKind] = SchemaKind.NUMBER


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegerSchema(NumericBase):
    """`type: integer`."""

    kind: ClassVar[SchemaKind] = SchemaKind.INTEGER


@dataclass(frozen=True, slots=True, kw_only=True)
class BooleanSchema(SchemaBase):
    """`type: boolean`."""

    kind: ClassVar[SchemaKind] = SchemaKind.BOOLEAN


@dataclass(frozen=True, slots=True, kw_only=True)
class NullSchema(SchemaBase):
    """`type: "null"`."""

    kind: ClassVar[SchemaKind] = SchemaKind.NULL


@dataclass(frozen=True, slots=True, kw_only=True)
class AnySchema(SchemaBase):
    """No type constraint: `{}`, `true`, or only type-independent keywords (enum, const)."""

    kind: ClassVar[SchemaKind] = SchemaKind.ANY


@dataclass(frozen=True, slots=True, kw_only=True)
class NeverSchema(SchemaBase):
    """The `false` schema: no value is valid."""

    kind: ClassVar[SchemaKind] = SchemaKind.NEVER


@dataclass(frozen=True, slots=True, kw_only=True)
class UnionSchema(SchemaBase):
    """`oneOf`/`anyOf` members, or one member per type of a type list."""

    kind: ClassVar[SchemaKind] = SchemaKind.UNION
    mode: UnionMode
    members: tuple[Schema, ...]
    base: Schema | None = None
    discriminator: Discriminator | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AllOfSchema(SchemaBase):
    """`allOf`, kept as written (members in order; `base` holds the node's own keywords)."""

    kind: ClassVar[SchemaKind] = SchemaKind.ALL_OF
    members: tuple[Schema, ...]
    base: Schema | None = None
    discriminator: Discriminator | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NotSchema(SchemaBase):
    """`not`."""

    kind: ClassVar[SchemaKind] = SchemaKind.NOT
    negated: Schema
    base: Schema | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReferenceSchema(SchemaBase):
    """A `$ref`: an edge to the node id `target`; 3.1 sibling assertions go to `base`."""

    kind: ClassVar[SchemaKind] = SchemaKind.REFERENCE
    target: str
    base: Schema | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class UnresolvedSchema(SchemaBase):
    """A `$ref` that could not be resolved (reported where it was read); `ref` as written."""

    kind: ClassVar[SchemaKind] = SchemaKind.UNRESOLVED
    ref: str


Schema: TypeAlias = (
    ObjectSchema
    | ArraySchema
    | StringSchema
    | NumberSchema
    | IntegerSchema
    | BooleanSchema
    | NullSchema
    | AnySchema
    | NeverSchema
    | UnionSchema
    | AllOfSchema
    | NotSchema
    | ReferenceSchema
    | UnresolvedSchema
)

SCHEMA_CLASSES: Final[tuple[type[SchemaBase], ...]] = (
    ObjectSchema, ArraySchema, StringSchema, NumberSchema, IntegerSchema, BooleanSchema,
    NullSchema, AnySchema, NeverSchema, UnionSchema, AllOfSchema, NotSchema, ReferenceSchema,
    UnresolvedSchema,
)
