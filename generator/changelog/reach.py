"""Which operations a place in a spec reaches, and on which side: once per version.

An operation's roots are the schemas of its parameters and request body (request side), and
of its responses and response headers (response side), and the components its parameters,
bodies, responses and headers were `$ref`s to. A side is named by who sends it: the API's
users send requests and read responses. For a webhook the API is the sender: its request
(payload and parameters) is on the response side, judged like what an operation returns, and
the receiver's reply on the request side, its headers read like parameters (`Hold.webhook`).
On first use every node the roots lead to is walked once, recording each reference target's
referrers; a question is then answered by
walking back along references from the node and its pointer prefixes (the component that
contains it) to the roots. Every walk keeps a seen-set, so recursive schemas finish, and
answers are memoised per node.
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
    side: Side  # who sends it: REQUEST the API's user, RESPONSE the API (webhooks: flipped)
    role: Role
    at_root: bool
    webhook: bool = False


@dataclass(slots=True)
class _Root:
    operation: Operation
    label: str
    side: Side
    role: Role
    node: str
    webhook: bool = False


@dataclass(slots=True)
class ReachIndex:
    """The reach of every node of one version (built once; answers memoised)."""

    api: Api
    roots: list[_Root] = field(default_factory=list)
    refs: dict[str, frozenset[str]] = field(default_factory=dict)  # node -> direct targets
    chains: dict[int, frozenset[str]] = field(default_factory=dict)  # root -> itself + refs
    origins: dict[str, set[tuple[str, str | None, Side, bool]]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # parameter/header root -> its name
    memo: dict[str, tuple[Hold, ...]] = field(default_factory=dict)
    reaching: dict[str, int] = field(default_factory=dict)  # node -> root indexes (bits)
    parents: dict[str, set[str]] | None = None  # target -> nodes referring to it
    by_node: dict[str, int] | None = None  # root node -> its root indexes (bits)

    def holds(self, node: str | None) -> tuple[Hold, ...]:
        """Every operation reaching `node` (a schema node id or a component pointer)."""
        if node is None:
            return ()
        found = self.memo.get(node)
        if found is None:
            found = self.memo[node] = tuple(sorted(set(self._holds(node)), key=_order))
        return found

    def _holds(self, node: str) -> Iterator[Hold]:
        prefixes = list(_prefixes(node))
        for origin in prefixes:
            for label, ident, side, hook in self.origins.get(origin, ()):
                yield Hold(label, ident, side, Role.BODY, False, hook)
        for index in self._roots_reaching(prefixes):
            root = self.roots[index]
            at_root = node in self._chain(index)
            yield Hold(root.label, root.operation.operation_id, root.side, root.role, at_root,
                       root.webhook)

    def _roots_reaching(self, nodes: list[str]) -> list[int]:
        """The roots whose walks reach any of `nodes`, in order (each node's answer is
        memoised, as a bit set of root indexes: many changes sit in one component)."""
        mask = 0
        for node in nodes:
            mask |= self._reaching(node)
        found = []
        while mask:
            low = mask & -mask
            found.append(low.bit_length() - 1)
            mask ^= low
        return found

    def _reaching(self, node: str) -> int:
        """The roots whose walks reach `node` (a bit per root index): a walk back along
        references."""
        known = self.reaching.get(node)
        if known is not None:
            return known
        parents, by_node = self._graph()
        seen = {node}
        todo = [node]
        found = 0
        while todo:
            here = todo.pop()
            found |= by_node.get(here, 0)
            for parent in parents.get(here, ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        self.reaching[node] = found
        return found

    def _graph(self) -> tuple[dict[str, set[str]], dict[str, int]]:
        """(target -> the nodes whose schemas refer to it, root node -> its root indexes as
        bits): every node the roots lead to is walked once, on first use."""
        if self.parents is None:
            self.parents = {}
            self.by_node = {}
            todo = []
            for index, root in enumerate(self.roots):
                self.by_node[root.node] = self.by_node.get(root.node, 0) | 1 << index
                todo.append(root.node)
            seen = set(todo)
            while todo:
                here = todo.pop()
                for target in self._refs(here):
                    self.parents.setdefault(target, set()).add(here)
                    if target not in seen:
                        seen.add(target)
                        todo.append(target)
        assert self.by_node is not None
        return self.parents, self.by_node

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

    def _refs(self, node: str) -> frozenset[str]:
        found = self.refs.get(node)
        if found is None:
            stored = self.api.nodes.references().get(node)  # a root's: listed undecoded
            if stored is not None:
                found = self.refs[node] = frozenset(stored)
                return found
            schema = self.api.nodes.get(node)
            found = self.refs[node] = frozenset(_references(schema)) if schema else frozenset()
        return found


def build_index(api: Api) -> ReachIndex:
    """The reach index of one version (roots collected; walks happen on demand, memoised)."""
    index = ReachIndex(api)
    hooks = {id(op) for op in api.webhooks}
    for op in (*api.operations, *api.webhooks):
        label = f"{op.method.value.upper()} {op.path}"
        hook = id(op) in hooks
        for side, role, node, origin, name in _roots(op):
            if hook:  # the API sends the webhook's request and reads the receiver's reply
                side, role = _FLIPPED_SIDE[side], _FLIPPED_ROLE[role]
            if node is not None:
                index.roots.append(_Root(op, label, side, role, node, hook))
                if name:
                    index.names.setdefault(node, name)
            if origin is not None:
                index.origins.setdefault(origin, set()).add((label, op.operation_id, side, hook))
    return index


_FLIPPED_SIDE = {Side.REQUEST: Side.RESPONSE, Side.RESPONSE: Side.REQUEST}
# a header the API sends with a webhook reads like a response header; one the receiver
# replies with, like a parameter
_FLIPPED_ROLE = {Role.PARAMETER: Role.HEADER, Role.HEADER: Role.PARAMETER, Role.BODY: Role.BODY}


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


def _order(hold: Hold) -> tuple[str, str, str, bool, bool]:
    return hold.operation, hold.side.value, hold.role.value, hold.at_root, hold.webhook


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
