"""The schema table: every schema of a spec by node id, built or decoded on first use.

Roots are the schemas that no other schema contains: named components, the schemas of
parameters, headers and media types, and any other `$ref` target. A nested node (a property,
an `allOf` member) is found by walking its pointer from the nearest root, so the table
stores one entry per root, not one per node, and a cached table decodes a root only when
it is asked for.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, overload

from generator.ir.schema import (
    SCHEMA_CLASSES,
    AllOfSchema,
    ArraySchema,
    NotSchema,
    ObjectSchema,
    ReferenceSchema,
    Schema,
    UnionMode,
    UnionSchema,
)
from generator.spec.pointer import split

if TYPE_CHECKING:
    from generator.ir.digest import Summary

Decoder = Callable[[Any], Schema]
T = TypeVar("T")


class SchemaTable(Mapping[str, Schema]):
    """Node id -> schema. Iterates over root ids; any node id, nested too, can be looked up.

    Roots are kept encoded (see `generator.ir.codec`) and decoded on first lookup; the
    encoded dict is used as given (not copied), so a builder can keep adding roots to it.
    """

    __slots__ = ("_decode", "_encoded", "_objects", "_summary")

    def __init__(
        self,
        objects: Mapping[str, Schema] | None = None,
        *,
        encoded: dict[str, Any] | None = None,
        decode: Decoder | None = None,
    ) -> None:
        self._objects: dict[str, Schema] = dict(objects or {})
        self._encoded: dict[str, Any] = {} if encoded is None else encoded
        self._decode = decode
        self._summary: Summary | None = None
        for ident in self._objects:
            self._encoded.setdefault(ident, None)

    def __getitem__(self, node_id: str) -> Schema:
        found = self._objects.get(node_id)
        if found is not None:
            return found
        encoded = self._encoded.get(node_id)
        if encoded is not None and self._decode is not None:
            found = self._objects[node_id] = self._decode(encoded)
            return found
        found = self._walk(node_id)
        if found is None:
            raise KeyError(node_id)
        return found

    @overload
    def get(self, node_id: str, /) -> Schema | None: ...

    @overload
    def get(self, node_id: str, /, default: Schema | T) -> Schema | T: ...

    def get(self, node_id: str, /, default: object = None) -> object:
        """The schema at `node_id`, or `default` (as `Mapping.get`, without its exception)."""
        found = self._objects.get(node_id)
        if found is not None:
            return found
        encoded = self._encoded.get(node_id)
        if encoded is not None and self._decode is not None:
            found = self._objects[node_id] = self._decode(encoded)
            return found
        found = self._walk(node_id) if isinstance(node_id, str) else None
        return default if found is None else found

    def __iter__(self) -> Iterator[str]:
        return iter(self._encoded)

    def __len__(self) -> int:
        return len(self._encoded)

    def __contains__(self, node_id: object) -> bool:
        if not isinstance(node_id, str):
            return False
        return node_id in self._encoded or self._walk(node_id) is not None

    def __repr__(self) -> str:
        return f"SchemaTable({len(self._encoded)} roots)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (SchemaTable, (dict(self.items()),))

    def is_root(self, node_id: str) -> bool:
        """Whether `node_id` is a root entry (not a node nested in one)."""
        return node_id in self._encoded

    def outline(self, node_id: str) -> tuple[type[Schema], tuple[str, ...]] | None:
        """The class and the property names (sorted) of the schema at `node_id`, read from a
        root's encoded form without decoding it; None when there is no such node."""
        found = self._objects.get(node_id)
        encoded = self._encoded.get(node_id) if found is None else None
        if encoded is None or self._decode is None:
            found = self.get(node_id) if found is None else found
            if found is None:
                return None
            props = found.properties if isinstance(found, ObjectSchema) else {}
            return type(found), tuple(sorted(props))
        if isinstance(encoded, bytes):
            encoded = marshal.loads(encoded)
        cls = SCHEMA_CLASSES[encoded[0]]
        names = encoded[1].get("properties") if cls is ObjectSchema else None
        return cls, tuple(sorted(names or ()))

    def encoded_roots(self) -> dict[str, Any]:
        """The encoded form of every root (what the IR cache stores)."""
        return self._encoded

    def digests(self) -> dict[str, bytes]:
        """Root id -> content digest of all it reaches (`generator.ir.digest`), computed once
        (or given by the IR cache); empty when some root has no encoded form."""
        return self.summary()[0]

    def flat_digests(self) -> dict[str, bytes]:
        """Root id -> digest of its own content and of the graphs its `allOf`s merge in
        (`generator.ir.digest`); empty when some root has no encoded form."""
        return self.summary()[2]

    def references(self) -> dict[str, tuple[str, ...]]:
        """Root id -> the `$ref` targets inside that root (sorted), found without decoding
        it; empty when some root has no encoded form."""
        return self.summary()[1]

    def summary(self) -> Summary:
        """(digests, references, flat digests): what the IR cache stores beside the roots."""
        if self._summary is None:
            from generator.ir.digest import summarise

            self._summary = summarise(self._encoded)
        return self._summary

    def set_summary(self, summary: Summary) -> None:
        """Digests and references computed earlier over these very roots (cached with them)."""
        self._summary = summary

    def _walk(self, node_id: str) -> Schema | None:
        key, sep, pointer = node_id.partition("#")
        if not sep or (pointer and not pointer.startswith("/")):
            return None
        try:
            tokens = split(pointer)
        except ValueError:
            return None
        for cut in range(len(tokens) - 1, -1, -1):
            root_id = f"{key}#" + "".join("/" + _escape(t) for t in tokens[:cut])
            if root_id in self._encoded:
                return walk(self[root_id], tokens[cut:])
        return None


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def walk(schema: Schema | None, tokens: list[str]) -> Schema | None:
    """The node at `tokens` (unescaped pointer tokens) below `schema`, or None."""
    for index, token in enumerate(tokens):
        if schema is None:
            return None
        if isinstance(schema, ObjectSchema | ArraySchema):
            schema, skip = _typed_step(schema, token, tokens, index)
            if skip:
                return walk(schema, tokens[index + 2 :])
            continue
        return _composite_walk(schema, tokens[index:])
    return schema


def _typed_step(
    schema: ObjectSchema | ArraySchema, token: str, tokens: list[str], index: int
) -> tuple[Schema | None, bool]:
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if isinstance(schema, ObjectSchema):
        if token == "properties" and following is not None:
            return schema.properties.get(following), True
        if token == "patternProperties" and following is not None:
            return schema.pattern_properties.get(following), True
        if token == "additionalProperties":
            return schema.additional_properties, False
        if token == "propertyNames":
            return schema.property_names, False
        return None, False
    if token == "items":
        return schema.items, False
    if token == "prefixItems" and following is not None and following.isdigit():
        position = int(following)
        in_range = position < len(schema.prefix_items)
        return (schema.prefix_items[position] if in_range else None), True
    return None, False


def _composite_walk(schema: Schema, tokens: list[str]) -> Schema | None:
    token = tokens[0]
    members: tuple[Schema, ...] = ()
    base: Schema | None = None
    own: str | None = None
    if isinstance(schema, UnionSchema):
        members, base = schema.members, schema.base
        own = None if schema.mode is UnionMode.TYPES else schema.mode.value
    elif isinstance(schema, AllOfSchema):
        members, base, own = schema.members, schema.base, "allOf"
    elif isinstance(schema, NotSchema):
        if token == "not":
            return walk(schema.negated, tokens[1:])
        base = schema.base
    elif isinstance(schema, ReferenceSchema):
        base = schema.base
    if own is not None and token == own and len(tokens) > 1 and tokens[1].isdigit():
        position = int(tokens[1])
        if position < len(members):
            return walk(members[position], tokens[2:])
        return None
    # Keywords of the node itself live in `base`; a type list or a `nullable` wrap keeps
    # them in a member.
    for candidate in (base, *members):
        found = walk(candidate, tokens)
        if found is not None:
            return found
    return None
