"""The API model as plain data with node ids aside, so two models of one API compare equal.

A bundle and the tree it came from hold the same schemas at different places: the node ids
differ, the names and the content must not. Here every reference to a named schema becomes
`{"$name": name}`, every other reference is replaced by the canonical form of what it leads
to (`{"$cycle": True}` where it leads back into itself), and enums become their values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from enum import Enum
from typing import Any

from generator.ir.model import Api
from generator.ir.schema import Discriminator, ReferenceSchema

_ID_FIELDS = frozenset(("schema_id", "target"))


class _Canon:
    def __init__(self, api: Api) -> None:
        self.api = api
        self.names = {node_id: name for name, node_id in api.schemas.items()}
        self.stack: list[str] = []

    def ref(self, node_id: str | None) -> Any:
        if node_id is None:
            return None
        name = self.names.get(node_id)
        if name is not None:
            return {"$name": name}
        if node_id in self.stack:
            return {"$cycle": True}
        node = self.api.nodes.get(node_id)
        if node is None:
            return {"$missing": True}
        self.stack.append(node_id)
        try:
            return self.plain(node)
        finally:
            self.stack.pop()

    def plain(self, value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            out: dict[str, Any] = {"$kind": type(value).__name__}
            for field in dataclasses.fields(value):
                item = getattr(value, field.name)
                if field.name in _ID_FIELDS:
                    out[field.name] = self.ref(item)
                elif isinstance(value, Discriminator) and field.name == "mapping":
                    out[field.name] = {k: self.ref(v) for k, v in item.items()}
                else:
                    out[field.name] = self.plain(item)
            if isinstance(value, ReferenceSchema):
                out["$kind"] = "ReferenceSchema"
            return out
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, Mapping):
            return {str(k): self.plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.plain(v) for v in value]
        return value

    def named(self, name: str) -> Any:
        """A named schema's own content (a reference to itself is its name)."""
        node_id = self.api.schemas[name]
        self.stack.append(node_id)
        try:
            return self.plain(self.api.nodes[node_id])
        finally:
            self.stack.pop()


def canonical(api: Api) -> dict[str, Any]:
    """Operations, webhooks, API parameters and every named schema, node ids aside."""
    canon = _Canon(api)
    return {
        "operations": [canon.plain(op) for op in api.operations],
        "webhooks": [canon.plain(op) for op in api.webhooks],
        "api_parameters": [canon.plain(p) for p in api.api_parameters],
        "schemas": {name: canon.named(name) for name in sorted(api.schemas)},
    }


def differences(left: dict[str, Any], right: dict[str, Any], limit: int = 5) -> list[str]:
    """Where two canonical models differ: the first few paths, for a readable failure."""
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
