"""Every operation of a spec as a call of its generated client: which method, which arguments.

Methods and argument names come from generator.naming.client, the module that names the
generated client (so a test finds exactly what the generator wrote); values are the minimal
instances of the spec's schemas (`minimal`), or hypothesis draws (tests/models_strategies).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.ir import schema as s
from generator.ir.model import Api, Operation
from generator.naming.client import (
    ArgLocation,
    MethodName,
    api_level,
    body_media,
    client_names,
    op_key,
)

MAX_DEPTH = 12
FILE = ("data.jsonl", b'{"prompt": "a", "completion": "b"}\n')
_FORMATS = {"date-time": "2024-01-01T00:00:00Z", "date": "2024-01-01", "uuid":
            "00000000-0000-4000-8000-000000000000", "uri": "https://example.com/a",
            "url": "https://example.com/a", "email": "a@example.com", "time": "00:00:00"}


@dataclass(frozen=True, slots=True)
class Case:
    """One operation of one spec: its key, its method's names, the IR operation."""

    label: str
    key: str
    method: MethodName
    operation: Operation

    @property
    def id(self) -> str:
        """A readable test id: `v1:chat.completions.create`."""
        return f"{self.label}:{self.method.dotted}"


@functools.cache
def api_of(spec: Path) -> Api:
    """The spec's IR (no cache: collection runs before the test cache is set up)."""
    from generator.pipeline import build_ir

    return build_ir(spec, use_cache=False)[0]


def cases(spec: Path, label: str) -> list[Case]:
    """Every operation of `spec`, in path order, with its method's names."""
    api = api_of(spec)
    names = client_names(api)
    return [Case(label, op_key(op), names.methods[op_key(op)], op) for op in api.operations]


def method(client: Any, dotted: str) -> Callable[..., Any]:
    """`client.chat.completions.create` from `"chat.completions.create"`."""
    return functools.reduce(getattr, dotted.split("."), client)  # type: ignore[no-any-return]


def minimal(api: Api, schema: s.Schema | None, depth: int = 0) -> Any:
    """The smallest valid-looking instance of `schema` (required properties only)."""
    if schema is None or depth > MAX_DEPTH:
        return "x"
    if schema.const is not s.NO_VALUE:
        return schema.const
    if schema.enum and not isinstance(schema, s.ReferenceSchema):
        return next((v for v in schema.enum if v is not None), schema.enum[0])
    if isinstance(schema, s.ReferenceSchema):
        return minimal(api, api.node(schema.target), depth + 1)
    if isinstance(schema, s.ObjectSchema):
        return {k: minimal(api, schema.properties.get(k), depth + 1) for k in schema.required}
    if isinstance(schema, s.ArraySchema):
        return [minimal(api, schema.items, depth + 1)] * max(schema.min_items or 0, 1)
    if isinstance(schema, s.StringSchema):
        return _string(schema)
    if isinstance(schema, s.IntegerSchema | s.NumberSchema):
        return _number(schema)
    if isinstance(schema, s.BooleanSchema):
        return False
    if isinstance(schema, s.UnionSchema):
        return _union(api, schema, depth)
    if isinstance(schema, s.NotSchema):
        return minimal(api, schema.base, depth + 1) if schema.base else "x"
    if isinstance(schema, s.AllOfSchema):
        merged: dict[str, Any] = {}
        for part in (*schema.members, *([schema.base] if schema.base else [])):
            value = minimal(api, part, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    return None if isinstance(schema, s.NullSchema) else "x"


def _resolved(api: Api, schema: s.Schema | None) -> s.Schema | None:
    """Through references, and to the schema a `not` sits beside."""
    while isinstance(schema, s.ReferenceSchema | s.NotSchema):
        schema = api.node(schema.target) if isinstance(schema, s.ReferenceSchema) else schema.base
    return schema


def _union(api: Api, schema: s.UnionSchema, depth: int) -> Any:
    """The first non-null member; a member that only lists `required` takes the base's
    properties (`properties` beside `anyOf: [{required: [a]}, {required: [b]}]`)."""
    members = [m for m in schema.members if not isinstance(m, s.NullSchema)]
    first = (members or list(schema.members))[0]
    base, member = _resolved(api, schema.base), _resolved(api, first)
    if not isinstance(base, s.ObjectSchema) or not isinstance(member, s.ObjectSchema):
        return minimal(api, first, depth + 1)
    value = minimal(api, base, depth + 1)
    for key in member.required:
        prop = member.properties.get(key) or base.properties.get(key)
        value.setdefault(key, minimal(api, prop, depth + 1))
    return value


def _string(schema: s.StringSchema) -> Any:
    if schema.format == "binary":
        return FILE
    if schema.format in _FORMATS:
        return _FORMATS[schema.format]
    if schema.pattern:
        return _matching(schema.pattern, schema.min_length or 1)
    return "a" * max(schema.min_length or 1, 1)


@functools.cache
def _matching(pattern: str, low: int) -> str:
    """The simplest string hypothesis finds for a pattern (deterministic: it shrinks)."""
    from hypothesis import find, settings
    from hypothesis import strategies as st

    try:
        re.compile(pattern)
    except re.error:
        return "a" * low
    found: str = find(st.from_regex(pattern, fullmatch=True), lambda v: len(v) >= low,
                      settings=settings(database=None, max_examples=200))
    return found


def _number(schema: s.IntegerSchema | s.NumberSchema) -> int | float:
    value: float = 1
    if schema.minimum is not None:
        value = max(value, schema.minimum)
    if schema.exclusive_minimum is not None:
        value = max(value, schema.exclusive_minimum + 1)
    if schema.maximum is not None:
        value = min(value, schema.maximum)
    if schema.multiple_of:
        value = schema.multiple_of * max(round(value / schema.multiple_of), 1)
    return int(value) if isinstance(schema, s.IntegerSchema) else value


def body_schema(api: Api, operation: Operation) -> tuple[str, s.Schema | None] | None:
    """The media type the client sends and its schema, or None without a body."""
    media = body_media(api, operation)  # the generator's own choice (multipart for files)
    if media is None or operation.request_body is None:
        return None
    return media, api.node(operation.request_body.content[media].schema_id)


def arguments(api: Api, case: Case, body: Any, params: dict[str, Any]) -> tuple[list[Any],
                                                                                 dict[str, Any]]:
    """Positional and keyword arguments of the method for wire values `params` and `body`."""
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    for arg in case.method.arguments:
        if arg.location is ArgLocation.BODY:
            if arg.wire == "":
                keywords[arg.name] = body
            elif isinstance(body, dict) and arg.wire in body:
                keywords[arg.name] = body[arg.wire]
        elif arg.location is ArgLocation.PATH and arg.wire == case.method.deployment:
            keywords[arg.name] = params[arg.wire]  # keyword: the client may hold a default
        elif arg.location is ArgLocation.PATH:
            positional.append(params[arg.wire])
        elif arg.wire in params:
            keywords[arg.name] = params[arg.wire]
    return positional, keywords


def minimal_call(api: Api, case: Case) -> tuple[list[Any], dict[str, Any]]:
    """The method's arguments with only what is required, each at its minimal value."""
    skip = api_level(api)
    params: dict[str, Any] = {"deployment-id": "dep-1"}
    for p in case.operation.parameters:
        if (p.name, p.location) in skip:
            continue
        if p.required or p.location.value == "path":
            value = minimal(api, api.node(p.schema_id) if p.schema_id else None)
            params[p.name] = "id-1" if p.location.value == "path" else value
    found = body_schema(api, case.operation)
    body = minimal(api, found[1]) if found else None
    return arguments(api, case, body, params)
