"""IR as plain data that does not depend on where a schema was written: for comparing the IR of
a multi-file tree with that of the single file it was split from.

A reference to a named schema becomes `{"$ref": NAME}`; a schema without a name (a
parameter's schema, one in `components/parameters`, a pointer into another schema) becomes a
digest of its own canonical form; node ids, file keys and positions are dropped.
Fields at their default are left out, so a `schema_id` that points straight at a named schema
and one that points at a bare `$ref` to it read the same. Two things `redocly split` writes
differently without changing the meaning are read alike: a discriminator mapping entry from a
schema's own name to that schema (the implicit mapping, which the split writes out), and
integers beyond 2**53 (Redocly is JavaScript: it writes them as the nearest double).

Also here: which named schemas the operations and webhooks reach, computed from the IR (the
names `redocly split` keeps).
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from generator.ir.model import Api, Operation
from generator.ir.schema import (
    NO_VALUE,
    Discriminator,
    ReferenceSchema,
    SchemaBase,
    UnresolvedSchema,
)

# Fields that hold node ids: replaced by the schema they name.
_NODE_ID_FIELDS = frozenset({"schema_id", "target"})
# Where a $ref'd parameter, body, response or header was written: a node id, dropped.
_DROPPED = frozenset({"origin"})
# A `$ref` as written, in either layout: "#/components/schemas/Name" or ".../Name.yaml".
_EXACT = 2**53  # integers a double holds exactly
_REF_NAME = re.compile(r"(?:^|/)([^/#]+?)(?:\.ya?ml|\.json)?(?:#.*)?$")


def schema_names(api: Api) -> dict[str, str]:
    """Node id -> name of every named schema of `api`."""
    return {node_id: name for name, node_id in api.schemas.items()}


def reachable_schemas(api: Api) -> set[str]:
    """Names of the named schemas that the operations and webhooks reach, through any schema.

    Walks every schema of every parameter, header, request and response body (with the
    path-level and component ones the IR has merged in), following references and
    discriminator mappings; `$ref`s inside unmodelled keywords (`extra`) and raw callbacks
    are followed too, as root-file pointers.
    """
    names = schema_names(api)
    seen: set[str] = set()
    pending = [ident for op in (*api.operations, *api.webhooks) for ident in _operation_ids(op)]
    pending += [p.schema_id for p in api.api_parameters if p.schema_id is not None]
    while pending:
        node_id = pending.pop()
        if node_id in seen:
            continue
        seen.add(node_id)
        node = api.node(node_id)
        if node is not None:
            pending.extend(_schema_edges(node))
    reached = {names[ident] for ident in seen if ident in names}
    # A pointer into a named schema ("#/components/schemas/A/properties/b") reaches its file.
    for ident in seen:
        for name, root in api.schemas.items():
            if ident.startswith(root + "/"):
                reached.add(name)
    return reached


def _operation_ids(op: Operation) -> Iterator[str]:
    """Node ids of every schema an operation holds directly, and `$ref`s in its raw parts."""
    for value in _dataclass_values(op):
        yield from _ids_in(value)
    yield from _raw_refs(op.callbacks)


def _ids_in(value: Any) -> Iterator[str]:
    """Node ids under an IR value (not a schema), found through its `schema_id` fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type | SchemaBase):
        for field in dataclasses.fields(value):
            inner = getattr(value, field.name)
            if field.name == "schema_id" and isinstance(inner, str):
                yield inner
            else:
                yield from _ids_in(inner)
    elif isinstance(value, Mapping):
        for inner in value.values():
            yield from _ids_in(inner)
    elif isinstance(value, tuple):
        for inner in value:
            yield from _ids_in(inner)


def _schema_edges(node: SchemaBase) -> Iterator[str]:
    """Node ids one step from a schema: references, mappings, and every nested node's."""
    if isinstance(node, ReferenceSchema):
        yield node.target
    for field in dataclasses.fields(node):
        value = getattr(node, field.name)
        if field.name == "extra":
            yield from _raw_refs(value)
        elif isinstance(value, SchemaBase):
            yield from _schema_edges(value)
        elif isinstance(value, Discriminator):
            yield from value.mapping.values()
        elif isinstance(value, tuple | Mapping) and field.name != "extensions":
            items = value.values() if isinstance(value, Mapping) else value
            for item in items:
                if isinstance(item, SchemaBase):
                    yield from _schema_edges(item)


def _raw_refs(value: Any) -> Iterator[str]:
    """Root-file node ids of the local `$ref`s in raw JSON."""
    if isinstance(value, Mapping):
        ref = value.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            yield ref
        for inner in value.values():
            yield from _raw_refs(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _raw_refs(inner)


def _dataclass_values(obj: Any) -> Iterator[Any]:
    for field in dataclasses.fields(obj):
        yield getattr(obj, field.name)


class Canonical:
    """Turns one Api's operations and schemas into location-free plain data."""

    def __init__(self, api: Api) -> None:
        """Canonicalise against `api`'s schema names and nodes."""
        self.api = api
        self.names = schema_names(api)
        self._memo: dict[str, Any] = {}

    def operation(self, op: Operation) -> Any:
        """An operation as plain data (a schema is its name, or a digest of its content)."""
        return self._value(op, ())

    def value(self, value: Any) -> Any:
        """Any IR value (an API parameter, a response) as plain data."""
        return self._value(value, ())

    def named_schema(self, name: str) -> Any:
        """A named schema's own content (not a reference to it) as plain data."""
        return self._schema(self.api.schema(name), ())

    def _node(self, node_id: str, stack: tuple[str, ...]) -> Any:
        """A named schema by name; any other schema by a digest of its canonical content.

        A digest, not the content inline: inlining a graph of schemas as a tree can grow
        exponentially (when the names are missing, every schema is one to inline).
        """
        if node_id in self.names:
            return {"$ref": self.names[node_id]}
        if node_id in self._memo:
            return self._memo[node_id]
        if node_id in stack:
            return {"$cycle": len(stack) - stack.index(node_id)}
        node = self.api.node(node_id)
        if node is None:
            return {"$missing": True}
        content = self._schema(node, (*stack, node_id))
        if "$ref" not in content:  # a reference to a named schema stays one, siblings and all
            text = json.dumps(content, sort_keys=True, default=repr)
            content = {"$schema": hashlib.sha256(text.encode()).hexdigest()}
        self._memo[node_id] = content
        return content

    def _schema(self, node: SchemaBase, stack: tuple[str, ...]) -> Any:
        data = self._fields(node, stack)
        if isinstance(node, ReferenceSchema) and node.target in self.names:
            data.pop("target", None)
            return {"$ref": self.names[node.target], **data}
        if isinstance(node, ReferenceSchema):
            return {**data.pop("target"), **data}
        return {"kind": node.kind.value, **data}

    def _fields(self, obj: Any, stack: tuple[str, ...]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for field in dataclasses.fields(obj):
            value = getattr(obj, field.name)
            if _is_default(field, value) or field.name in _DROPPED:
                continue
            if field.name in _NODE_ID_FIELDS and isinstance(value, str):
                data[field.name] = self._node(value, stack)
            elif isinstance(obj, UnresolvedSchema) and field.name == "ref":
                data[field.name] = _ref_name(value)
            elif isinstance(obj, Discriminator) and field.name == "mapping":
                explicit = {k: v for k, v in value.items() if self.names.get(v) != k}
                data[field.name] = {k: self._node(v, stack) for k, v in explicit.items()}
            else:
                data[field.name] = self._value(value, stack)
        return data

    def _value(self, value: Any, stack: tuple[str, ...]) -> Any:
        if isinstance(value, SchemaBase):
            return self._schema(value, stack)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self._fields(value, stack)
        if isinstance(value, enum.Enum):
            return value.value
        if isinstance(value, Mapping):
            if isinstance(value.get("$ref"), str):
                return {**{k: self._value(v, stack) for k, v in value.items()},
                        "$ref": _ref_name(value["$ref"])}
            return {str(k): self._value(v, stack) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self._value(v, stack) for v in value]
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _EXACT:
            return float(value)
        return value


def _is_default(field: dataclasses.Field[Any], value: Any) -> bool:
    if field.default is not dataclasses.MISSING:
        default = field.default
        return value is default or (default is not NO_VALUE and value == default)
    return False


def _ref_name(ref: str) -> str:
    """The last name in a `$ref` as written, the same in both layouts."""
    match = _REF_NAME.search(ref)
    return match.group(1) if match else ref


def canonical(api: Api) -> dict[str, Any]:
    """Operations, webhooks, API parameters and every named schema, node ids aside."""
    canon = Canonical(api)
    return {
        "operations": [canon.operation(op) for op in api.operations],
        "webhooks": [canon.operation(op) for op in api.webhooks],
        "api_parameters": [canon.value(p) for p in api.api_parameters],
        "schemas": {name: canon.named_schema(name) for name in sorted(api.schemas)},
    }


def differences(left: Any, right: Any, limit: int = 5) -> list[str]:
    """Where two canonical forms differ: the first few paths, for a readable failure."""
    found: list[str] = []

    def walk(a: Any, b: Any, path: str) -> None:
        if len(found) >= limit or a == b:
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for key in sorted(a.keys() | b.keys()):
                walk(a.get(key, "<absent>"), b.get(key, "<absent>"), f"{path}/{key}")
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b, strict=True)):
                walk(x, y, f"{path}/{i}")
        else:
            found.append(f"{path}: {str(a)[:200]} != {str(b)[:200]}")

    walk(left, right, "")
    return found
