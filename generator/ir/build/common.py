"""What every part of the builder shares: the document, the schema builder, small readers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from generator.ir.build.schemas import SchemaBuilder
from generator.ir.codec import schema_table
from generator.ir.model import resolve_in
from generator.ir.schema import EMPTY, JsonValue, Schema
from generator.spec import refs
from generator.spec.document import SpecDocument, Target, node_id

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Found:
    """A component-or-inline object after following `$ref`s: where it is, and overrides."""

    key: str
    ptr: str
    node: dict[str, Any]
    description: str | None  # a 3.1 Reference Object's `description` override
    summary: str | None
    shared: bool  # reached through a `$ref`: other places may use the same object


class Context:
    """One build: the document, its schemas, and memos keyed by node id."""

    def __init__(self, doc: SpecDocument) -> None:
        self.doc = doc
        self.schemas = SchemaBuilder(doc)
        self.memo: dict[tuple[str, str, str | None], Any] = {}
        # Over the builder's live roots: lookups decode what is there so far.
        self.table = schema_table(self.schemas.roots)

    def follow(self, node: Any, key: str, ptr: str) -> Found | None:
        """Follow a Reference Object chain to its object; None when broken (reported)."""
        if node.__class__ is not dict:
            return None
        if "$ref" not in node:
            return Found(key, ptr, node, None, None, False)
        description = summary = None
        if self.doc.dialect == "3.1":
            description = _str(node.get("description"))
            summary = _str(node.get("summary"))
        target = self._plain_deref(node["$ref"], key) or refs.deref(self.doc, node, base=key, at=ptr)
        if target is None or not isinstance(target.node, dict):
            return None
        return Found(target.key, target.pointer, target.node, description, summary, True)

    def _plain_deref(self, ref: Any, key: str) -> Target | None:
        # One hop along a plain local pointer, when it lands on a non-reference object;
        # chains, cycles and everything else are spec.refs' (which reports problems).
        if not isinstance(ref, str):
            return None
        target = self.schemas.local(ref, key)
        if target is None or not isinstance(target.node, dict) or "$ref" in target.node:
            return None
        return target

    def once(self, found: Found, kind: str, make: Callable[[Found], T]) -> T:
        """Build the object at `found` once per override (shared components stay shared)."""
        if not found.shared:
            return make(found)
        ident = (kind, node_id(found.key, found.ptr), found.description)
        made = self.memo.get(ident)
        if made is None:
            made = self.memo[ident] = make(found)
        return made

    def schema(self, node: Any, key: str, ptr: str) -> str | None:
        """Build the schema at (key, ptr) as a root of the table; its node id (None if absent)."""
        if node is None:
            return None
        return self.schemas.root(node, key, ptr)

    def resolved(self, schema_id: str | None) -> Schema | None:
        """The schema with this id, reference edges followed (through the roots built so far)."""
        if schema_id is None:
            return None
        return resolve_in(self.table, self.table.get(schema_id))


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def text(value: Any) -> str | None:
    """A string field, or None when absent or not a string."""
    return value if isinstance(value, str) else None


def flag(value: Any, default: bool = False) -> bool:
    """A boolean field (validation reports other types; here they read as the default)."""
    return value if isinstance(value, bool) else default


def extensions(node: dict[str, Any]) -> dict[str, JsonValue] | Any:
    """The `x-` entries of an object (EMPTY when none)."""
    found = None
    for name in node:
        if name[:2] == "x-":
            if found is None:
                found = {}
            found[name] = node[name]
    return found or EMPTY


def raw_map(value: Any) -> Any:
    """A mapping kept as written, or EMPTY."""
    return value if isinstance(value, dict) and value else EMPTY
