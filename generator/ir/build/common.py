"""What every part of the builder shares: the document, the schema builder, small readers.

A boolean field reads as `node.get(name) is True`: validation reports values of other types,
which read as false here (every boolean field defaults to false).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from generator.ir.build.schemas import SchemaBuilder
from generator.ir.codec import schema_table
from generator.ir.model import maker, resolve_in
from generator.ir.schema import EMPTY, JsonValue, Schema
from generator.spec import refs
from generator.spec.document import SpecDocument, Target, node_id

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    """A component-or-inline object after following `$ref`s: where it is, and overrides."""

    key: str
    ptr: str
    node: dict[str, Any]
    description: str | None  # a 3.1 Reference Object's `description` override
    summary: str | None
    shared: bool  # reached through a `$ref`: other places may use the same object

    @property
    def origin(self) -> str | None:
        """The node id of the object reached through a `$ref`; None for one written in place."""
        return node_id(self.key, self.ptr) if self.shared else None


_new_found = maker(Found)


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
            return _new_found(key=key, ptr=ptr, node=node, description=None, summary=None, shared=False)
        description = summary = None
        if self.doc.dialect == "3.1":
            description = _str(node.get("description"))
            summary = _str(node.get("summary"))
        target = self._plain_deref(node["$ref"], key) or refs.deref(self.doc, node, base=key, at=ptr)
        if target is None or not isinstance(target.node, dict):
            return None
        return _new_found(
            key=target.key,
            ptr=target.pointer,
            node=target.node,
            description=description,
            summary=summary,
            shared=True,
        )

    def _plain_deref(self, ref: Any, key: str) -> Target | None:
        # One hop along a plain local pointer, when it lands on a non-reference object;
        # chains, cycles and everything else are spec.refs' (which reports problems).
        if not isinstance(ref, str):
            return None
        target = self.schemas.local(ref, key)
        if target is None or not isinstance(target.node, dict) or "$ref" in target.node:
            return None
        return target

    def once(self, found: Found, kind: str, make: Callable[[Context, Found], T]) -> T:
        """Build the object at `found` once per override (shared components stay shared)."""
        if not found.shared:
            return make(self, found)
        ident = (kind, node_id(found.key, found.ptr), found.description)
        made = self.memo.get(ident)
        if made is None:
            made = self.memo[ident] = make(self, found)
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


def escape(token: str) -> str:
    """A JSON pointer token for a name (`~` -> `~0`, `/` -> `~1`)."""
    if "~" in token or "/" in token:
        return token.replace("~", "~0").replace("/", "~1")
    return token


def extensions(node: dict[str, Any]) -> dict[str, JsonValue] | Any:
    """The `x-` entries of an object (EMPTY when none)."""
    if "x-" not in "".join(node):  # one search tells most objects apart: no extension
        return EMPTY
    found = None
    for name in node:
        if name.startswith("x-"):
            if found is None:
                found = {}
            found[name] = node[name]
    return found or EMPTY


def raw_map(value: Any) -> Any:
    """A mapping kept as written, or EMPTY."""
    return value if isinstance(value, dict) and value else EMPTY
