"""Which operations a place in a spec reaches, and on which side: once per version.

An operation's roots are the schemas of its parameters and request body (request side), and
of its responses and response headers (response side), and the components its parameters,
bodies, responses and headers were `$ref`s to. From each root the schema graph is walked
following references; each named node's direct references are found once per version and
memoised, and every walk keeps a seen-set, so recursive schemas finish. A schema node is
reached by an operation when the node or one of its pointer prefixes (the component that
contains it) is among the nodes the operation's roots lead to.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum

from generator.changelog.model import Side
from generator.ir.model import Api, Operation
from generator.ir.schema import (
    AllOfSchema,
    ArraySchema,
    NotSchema,
    ObjectSchema,
    ReferenceSchema,
    Schema,
    UnionSchema,
)


class Role(str, Enum):
    """How an operation holds a schema at its root."""

    BODY = "body"  # a request or response media type's schema
    PARAMETER = "parameter"
    HEADER = "header"


@dataclass(frozen=True, slots=True)
class Hold:
    """One operation's hold on a node: the side, the root's role, whether the node is that
    root itself (or what it refers to) rather than something inside it."""

    operation: str  # `POST /chat/completions`
    operation_id: str | None
    side: Side
    role: Role
    at_root: bool


@dataclass(slots=True)
class _Root:
    operation: Operation
    label: str
    side: Side
    role: Role
    node: str


@dataclass(slots=True)
class ReachIndex:
    """The reach of every node of one version (built once; answers memoised)."""

    api: Api
    roots: list[_Root] = field(default_factory=list)
    refs: dict[str, frozenset[str]] = field(default_factory=dict)  # node -> direct targets
    closures: dict[int, frozenset[str]] = field(default_factory=dict)  # root index -> nodes
    chains: dict[int, frozenset[str]] = field(default_factory=dict)  # root -> itself + refs
    origins: dict[str, set[tuple[str, str | None, Side]]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # parameter/header root -> its name
    memo: dict[str, tuple[Hold, ...]] = field(default_factory=dict)

    def holds(self, node: str | None) -> tuple[Hold, ...]:
        """Every operation reaching `node` (a schema node id or a component pointer)."""
        if node is None:
            return ()
        found = self.memo.get(node)
        if found is None:
            found = self.memo[node] = tuple(sorted(set(self._holds(node)), key=_order))
        return found

    def _holds(self, node: str) -> Iterator[Hold]:
        prefixes = frozenset(_prefixes(node))
        for origin in prefixes:
            for label, ident, side in self.origins.get(origin, ()):
                yield Hold(label, ident, side, Role.BODY, False)
        for index, root in enumerate(self.roots):
            if prefixes.isdisjoint(self._closure(index)):
                continue
            at_root = node in self._chain(index)
            yield Hold(root.label, root.operation.operation_id, root.side, root.role, at_root)

    def _closure(self, index: int) -> frozenset[str]:
        found = self.closures.get(index)
        if found is None:
            found = self.closures[index] = self._walk(self.roots[index].node)
        return found

    def _chain(self, index: int) -> frozenset[str]:
        found = self.chains.get(index)
        if found is None:
            node: str | None = self.roots[index].node
            chain: set[str] = set()
            while node is not None and node not in chain:
                chain.add(node)
                schema = self.api.nodes.get(node)
                node = schema.target if isinstance(schema, ReferenceSchema) else None
            found = self.chains[index] = frozenset(chain)
        return found

    def _walk(self, start: str) -> frozenset[str]:
        seen = {start}
        todo = [start]
        while todo:
            for target in self._refs(todo.pop()):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        return frozenset(seen)

    def _refs(self, node: str) -> frozenset[str]:
        found = self.refs.get(node)
        if found is None:
            schema = self.api.nodes.get(node)
            found = self.refs[node] = frozenset(_references(schema)) if schema else frozenset()
        return found


def build_index(api: Api) -> ReachIndex:
    """The reach index of one version (roots collected; walks happen on demand, memoised)."""
    index = ReachIndex(api)
    for op in (*api.operations, *api.webhooks):
        label = f"{op.method.value.upper()} {op.path}"
        for side, role, node, origin, name in _roots(op):
            if node is not None:
                index.roots.append(_Root(op, label, side, role, node))
                if name:
                    index.names.setdefault(node, name)
            if origin is not None:
                index.origins.setdefault(origin, set()).add((label, op.operation_id, side))
    return index


def _roots(op: Operation) -> Iterator[tuple[Side, Role, str | None, str | None, str]]:
    """(side, role, root schema node, component origin, parameter or header name)."""
    for p in op.parameters:
        name = f"parameter {p.location.value}/{p.name}"
        yield Side.REQUEST, Role.PARAMETER, p.schema_id, p.origin, name
        for media in p.content.values():
            yield Side.REQUEST, Role.PARAMETER, media.schema_id, None, name
    body = op.request_body
    if body is not None:
        yield Side.REQUEST, Role.BODY, None, body.origin, ""
        for media in body.content.values():
            yield Side.REQUEST, Role.BODY, media.schema_id, None, ""
    for status, response in op.responses.items():
        yield Side.RESPONSE, Role.BODY, None, response.origin, ""
        for media in response.content.values():
            yield Side.RESPONSE, Role.BODY, media.schema_id, None, ""
        for key, header in response.headers.items():
            yield (Side.RESPONSE, Role.HEADER, header.schema_id, header.origin,
                   f"response {status} header {key}")


def _references(schema: Schema) -> Iterator[str]:
    """The targets of every reference inside one schema (not following them)."""
    todo: list[Schema] = [schema]
    while todo:
        s = todo.pop()
        if isinstance(s, ReferenceSchema):
            yield s.target
        todo.extend(_children(s))


def _children(s: Schema) -> Iterator[Schema]:
    if isinstance(s, ObjectSchema):
        yield from s.properties.values()
        yield from s.pattern_properties.values()
        for sub in (s.additional_properties, s.property_names):
            if sub is not None:
                yield sub
    elif isinstance(s, ArraySchema):
        if s.items is not None:
            yield s.items
        yield from s.prefix_items
    elif isinstance(s, UnionSchema | AllOfSchema):
        yield from s.members
    elif isinstance(s, NotSchema):
        yield s.negated
    base = getattr(s, "base", None)
    if base is not None:
        yield base


def _prefixes(node: str) -> Iterator[str]:
    """`#/a/b/c`, `#/a/b`, `#/a` (the node and every container of it)."""
    while node and not node.endswith("#"):
        yield node
        node = node.rpartition("/")[0]


def _order(hold: Hold) -> tuple[str, str, str, bool]:
    return hold.operation, hold.side.value, hold.role.value, hold.at_root


def named_place(index: ReachIndex, node: str) -> tuple[str, str] | None:
    """(`parameter query/api-version`, the node's root) when the node is inside the schema of
    a parameter or header written in place (its pointer says only `parameters/0`)."""
    for prefix in _prefixes(node):
        name = index.names.get(prefix)
        if name is not None:
            return name, prefix
    return None


def reach_side(holds: tuple[Hold, ...]) -> dict[str, Side]:
    """Operation label -> the side it is reached on (both when on both)."""
    sides: dict[str, Side] = {}
    for hold in holds:
        before = sides.get(hold.operation)
        sides[hold.operation] = hold.side if before in (None, hold.side) else Side.BOTH
    return sides
