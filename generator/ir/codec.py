"""The encoded IR: plain tuples and dicts that `marshal` stores and loads fast.

Every IR object encodes as `(class code, {field: value})` holding only the fields that differ
from their defaults: exactly the keyword arguments of its class, nested objects encoded
the same way. The schema builder produces schemas in this form directly; a schema root is
turned into dataclasses when it is first looked up (`SchemaDecoder`), and a cached root is
kept as its own `marshal` blob, so a warm load reads only the roots that are used.

Measured on the 3 MB OpenAI spec (see the IR cache report in the module `generator.cache`):
marshal of these tuples loads several times faster than pickle of the dataclasses, since
unpickling a frozen slotted dataclass runs Python code per field.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from dataclasses import MISSING, fields
from enum import Enum
from typing import Any, Final, TypeAlias

from generator.ir import model as m
from generator.ir.model import maker
from generator.ir.schema import (
    EMPTY,
    SCHEMA_CLASSES,
    AllOfSchema,
    ArraySchema,
    Discriminator,
    NotSchema,
    ObjectSchema,
    ReferenceSchema,
    Schema,
    SchemaBase,
    UnionMode,
    UnionSchema,
)
from generator.ir.table import SchemaTable

Encoded: TypeAlias = tuple[int, dict[str, Any]]

CODES: Final[dict[type[SchemaBase], int]] = {cls: i for i, cls in enumerate(SCHEMA_CLASSES)}

# How each schema field that holds more than plain data is decoded.
_SUB, _SUBS, _SUBMAP, _DISC, _MODE = range(5)
SUB, SUBS, SUBMAP, DISC = _SUB, _SUBS, _SUBMAP, _DISC  # for walkers of the encoded form
_SCHEMA_FIELDS: Final[dict[type[SchemaBase], tuple[tuple[str, int], ...]]] = {
    ObjectSchema: (
        ("properties", _SUBMAP),
        ("additional_properties", _SUB),
        ("pattern_properties", _SUBMAP),
        ("property_names", _SUB),
        ("discriminator", _DISC),
    ),
    ArraySchema: (("items", _SUB), ("prefix_items", _SUBS)),
    UnionSchema: (("members", _SUBS), ("base", _SUB), ("discriminator", _DISC), ("mode", _MODE)),
    AllOfSchema: (("members", _SUBS), ("base", _SUB), ("discriminator", _DISC)),
    NotSchema: (("negated", _SUB), ("base", _SUB)),
    ReferenceSchema: (("base", _SUB),),
}
_DECODE_PLAN = tuple((cls, _SCHEMA_FIELDS.get(cls, ())) for cls in SCHEMA_CLASSES)
# Class code -> (field, how): the fields of an encoded schema that hold more than plain data.
SCHEMA_PLAN: Final = tuple(plan for _, plan in _DECODE_PLAN)
_NEEDS_FIELDS = (UnionSchema, AllOfSchema, NotSchema, ReferenceSchema)
_SINGLETONS: Final = tuple(
    None if cls in _NEEDS_FIELDS or cls.__name__ == "UnresolvedSchema" else cls()
    for cls in SCHEMA_CLASSES
)
# Class code -> `model.maker` of its class, made on the first decode of that kind: a spec's
# schemas are decoded by the thousand (the diff and the changelog look up most roots).
_MAKERS: list[Callable[..., Any] | None] = [None] * len(SCHEMA_CLASSES)


class SchemaDecoder:
    """Encoded schema (tuple, or a marshal blob of one) -> dataclasses.

    Nodes that hold nothing but their kind (`{type: string}`) decode to one shared object;
    other nodes are small and rarely repeated whole, so no memo is kept for them.
    """

    __slots__ = ()

    def __call__(self, value: Encoded | bytes) -> Schema:
        """Decode one root."""
        if isinstance(value, bytes):
            value = marshal.loads(value)
        return self._node(value)  # type: ignore[arg-type]

    def _node(self, encoded: Encoded) -> Schema:
        code, values = encoded
        if not values:
            return _SINGLETONS[code]  # type: ignore[return-value]
        cls, plan = _DECODE_PLAN[code]
        if plan:
            values = dict(values)  # the encoded form stays as it is (it may be cached)
            for name, how in plan:
                value = values.get(name)
                if value is not None:
                    values[name] = self._field(value, how)
        make = _MAKERS[code]
        if make is None:
            make = _MAKERS[code] = maker(cls)
        return make(**values)  # type: ignore[no-any-return]

    def _field(self, value: Any, how: int) -> Any:
        node = self._node
        if how == _SUB:
            return node(value)
        if how == _SUBS:
            return tuple([node(v) for v in value])
        if how == _SUBMAP:
            return {k: node(v) for k, v in value.items()}
        if how == _DISC:
            name, mapping, ext = value
            return Discriminator(
                property_name=name, mapping=mapping or EMPTY, extensions=ext or EMPTY
            )
        return UnionMode(value)


def schema_table(roots: dict[str, Any]) -> SchemaTable:
    """A lazy table over encoded roots (tuples from the builder, or marshal blobs)."""
    return SchemaTable(encoded=roots, decode=SchemaDecoder())


def decode_schema(encoded: Encoded) -> Schema:
    """Decode one encoded schema on its own (tests, tools)."""
    return SchemaDecoder()(encoded)


# -- the rest of the model ------------------------------------------------------------------
_OBJ, _TUPLE, _MAP, _ENUM, _TABLE = range(5)
_MODEL_FIELDS: Final[dict[type, dict[str, tuple[int, Any]]]] = {
    m.ServerVariable: {},
    m.Server: {"variables": (_MAP, m.ServerVariable)},
    m.OAuthFlow: {},
    m.SecurityScheme: {
        "type": (_ENUM, m.SecuritySchemeType),
        "location": (_ENUM, m.ParameterLocation),
        "flows": (_MAP, m.OAuthFlow),
    },
    m.SecurityRequirement: {},
    m.MediaType: {},
    m.Parameter: {"location": (_ENUM, m.ParameterLocation), "content": (_MAP, m.MediaType)},
    m.Header: {"content": (_MAP, m.MediaType)},
    m.RequestBody: {"content": (_MAP, m.MediaType)},
    m.Response: {"headers": (_MAP, m.Header), "content": (_MAP, m.MediaType)},
    m.Operation: {
        "method": (_ENUM, m.HttpMethod),
        "parameters": (_TUPLE, m.Parameter),
        "request_body": (_OBJ, m.RequestBody),
        "responses": (_MAP, m.Response),
        "security": (_TUPLE, m.SecurityRequirement),
        "servers": (_TUPLE, m.Server),
    },
    m.ApiParameter: {"location": (_ENUM, m.ParameterLocation)},
    m.Api: {
        "servers": (_TUPLE, m.Server),
        "security_schemes": (_MAP, m.SecurityScheme),
        "security": (_TUPLE, m.SecurityRequirement),
        "operations": (_TUPLE, m.Operation),
        "webhooks": (_TUPLE, m.Operation),
        "api_parameters": (_TUPLE, m.ApiParameter),
        "nodes": (_TABLE, None),
    },
}
_MODEL_CLASSES: Final = tuple(_MODEL_FIELDS)
_MODEL_CODES: Final = {cls: i for i, cls in enumerate(_MODEL_CLASSES)}
_MODEL_PLANS: Final = tuple(tuple(_MODEL_FIELDS[cls].items()) for cls in _MODEL_CLASSES)
_MODEL_MAKERS: list[Callable[..., Any] | None] = [None] * len(_MODEL_CLASSES)  # as _MAKERS


def _defaults(cls: type) -> tuple[tuple[str, Any], ...]:
    out = []
    for f in fields(cls):
        if f.default is not MISSING:
            out.append((f.name, f.default))
        elif f.default_factory is not MISSING:
            out.append((f.name, f.default_factory()))
        else:
            out.append((f.name, MISSING))
    return tuple(out)


_DEFAULTS: Final = {cls: _defaults(cls) for cls in _MODEL_CLASSES}


class ModelEncoder:
    """IR objects (not schemas) -> encoded tuples; shared objects encode to one tuple."""

    def __init__(self, blob: Callable[[Any], bytes] = marshal.dumps) -> None:
        self._memo: dict[int, tuple[object, Encoded]] = {}
        self._blob = blob

    def __call__(self, obj: Any) -> Encoded:
        """Encode one object (and everything below it)."""
        hit = self._memo.get(id(obj))
        if hit is not None:
            return hit[1]
        cls = type(obj)
        plan = _MODEL_FIELDS[cls]
        values: dict[str, Any] = {}
        for name, default in _DEFAULTS[cls]:
            value = getattr(obj, name)
            how = plan.get(name)
            if how is not None and how[0] == _TABLE:
                values[name] = self._field(value, _TABLE)  # never compared: that decodes it
                continue
            if value is default or (type(value) is type(default) and value == default):
                continue
            if how is None or value is None:
                values[name] = value
            else:
                values[name] = self._field(value, how[0])
        encoded = (_MODEL_CODES[cls], values)
        self._memo[id(obj)] = (obj, encoded)
        return encoded

    def _field(self, value: Any, how: int) -> Any:
        if how == _OBJ:
            return self(value)
        if how == _TUPLE:
            return tuple(self(v) for v in value)
        if how == _MAP:
            return {k: self(v) for k, v in value.items()}
        if how == _ENUM:
            return value.value
        assert isinstance(value, SchemaTable)
        return {ident: self._blob(enc) for ident, enc in value.encoded_roots().items()}


class ModelDecoder:
    """Encoded tuples -> IR objects; the schema table stays lazy."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Encoded, Any]] = {}

    def __call__(self, encoded: Encoded) -> Any:
        """Decode one object (and everything below it)."""
        hit = self._memo.get(id(encoded))
        if hit is not None:
            return hit[1]
        code, values = encoded
        plan = _MODEL_PLANS[code]
        if plan and values:
            values = dict(values)
            for name, (how, sub) in plan:
                value = values.get(name)
                if value is not None:
                    values[name] = self._field(value, how, sub)
        make = _MODEL_MAKERS[code]
        if make is None:  # `Api` (one a decode) has a default factory: its class makes it
            cls = _MODEL_CLASSES[code]
            make = _MODEL_MAKERS[code] = cls if cls is m.Api else maker(cls)
        made = make(**values)
        self._memo[id(encoded)] = (encoded, made)
        return made

    def _field(self, value: Any, how: int, sub: Any) -> Any:
        if how == _OBJ:
            return self(value)
        if how == _TUPLE:
            return tuple([self(v) for v in value])
        if how == _MAP:
            return {k: self(v) for k, v in value.items()}
        if how == _ENUM:
            return _enum(sub, value)
        return schema_table(value)


def _enum(cls: type[Enum], value: Any) -> Enum:
    return cls(value)


def encode_api(api: m.Api) -> Encoded:
    """The whole API as tuples and dicts (schema roots as marshal blobs)."""
    return ModelEncoder()(api)


def decode_api(encoded: Encoded) -> m.Api:
    """Undo `encode_api` (schema roots decode on first use)."""
    api = ModelDecoder()(encoded)
    assert isinstance(api, m.Api)
    return api
