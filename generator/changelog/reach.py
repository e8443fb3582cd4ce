"""Which operations a place in a spec reaches, and on which side: once per version.

An operation's roots are the schemas of its parameters and request body (request side), and
of its responses and response headers (response side), and the components its parameters,
bodies, responses and headers were `$ref`s to. A side is named by who sends it: the API's
users send requests and read responses. For a webhook the API is the sender: its request
(payload and parameters) is on the response side, judged like what an operation returns, and
the receiver's reply on the request side, its headers read like parameters (`Hold.webhook`).
On first use the roots that reach each node the roots lead to are worked out for all of
them in one pass over the reference graph (its strongly connected components in topological
order, so recursive schemas finish); a question is then answered from the node and its
pointer prefixes (the component that contains it), and answers are memoised per node.
"""

from __future__ import annotations

from collections.abc import Collection, Container, Iterator
from dataclasses import dataclass, field
from enum import Enum

from generator.changelog.model import Side
from generator.ir.graph import components
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


_Keyed = tuple[tuple[str, str, str, bool, bool, bool, str], Hold]  # (sort key, hold)


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
    reaching: dict[str, int] | None = None  # node -> root indexes (bits), all at once
    keyed: dict[object, _Keyed] = field(default_factory=dict)  # each hold made once
    targets: Container[str] | None = None  # every `$ref` target (None: not yet listed)

    def holds(self, node: str | None) -> tuple[Hold, ...]:
        """Every operation reaching `node` (a schema node id or a component pointer)."""
        if node is None:
            return ()
        found = self.memo.get(node)
        if found is None:
            unique = dict(self._holds(node))  # equal holds share their key
            found = self.memo[node] = tuple(unique[k] for k in sorted(unique))
        return found

    def prepare(self) -> None:
        """Work out every node's reaching roots now (else done on the first question): for
        a caller with time to spare before its questions come (waiting for a diff)."""
        self._reaching()

    def reached(self, node: str | None) -> bool:
        """Whether some operation reaches `node` (`holds` would not be empty), without
        making the holds."""
        if node is None:
            return False
        found = self.memo.get(node)
        if found is not None:
            return bool(found)
        prefixes = list(_prefixes(node))
        reaching = self._reaching()
        return any(p in self.origins or reaching.get(p, 0) for p in prefixes)

    def _holds(self, node: str) -> Iterator[_Keyed]:
        prefixes = list(_prefixes(node))
        for origin in prefixes:
            for held in self.origins.get(origin, ()):
                yield self.keyed.get(held) or self._keep(
                    held, Hold(held[0], held[1], held[2], Role.BODY, False, held[3]))
        reaching = self._reaching()
        mask = 0
        for prefix in prefixes:
            mask |= reaching.get(prefix, 0)
        while mask:
            low = mask & -mask
            mask ^= low
            index = low.bit_length() - 1
            at_root = self._at_root(node, index)
            root = self.roots[index]
            yield self.keyed.get((index, at_root)) or self._keep((index, at_root), Hold(
                root.label, root.operation.operation_id, root.side, root.role, at_root,
                root.webhook))

    def _keep(self, ident: object, hold: Hold) -> _Keyed:
        """`hold` with its sort key, kept for the next question about the same root (or
        origin) as `ident`."""
        key = (hold.operation, hold.side.value, hold.role.value, hold.at_root, hold.webhook,
               hold.operation_id is None, hold.operation_id or "")
        found = self.keyed[ident] = (key, hold)
        return found

    def _reaching(self) -> dict[str, int]:
        if self.reaching is None:
            self.reaching = self._reach_all()
        return self.reaching

    def _reach_all(self) -> dict[str, int]:
        """Node -> the roots whose walks reach it (a bit per root index), for every node the
        roots lead to, in one pass: the reference graph's strongly connected components in
        topological order, each passing what reaches it on to what it refers to. A node that
        refers to nothing (most roots, every scalar component) only gathers: it is left out
        of the components and takes what came to it at the end."""
        incoming: dict[str, int] = {}
        for index, root in enumerate(self.roots):
            incoming[root.node] = incoming.get(root.node, 0) | 1 << index
        bits: dict[str, int] = {}
        edges = _Edges(self)
        starts = [node for node in incoming if edges[node]]
        for component in reversed(components(starts, edges.__getitem__)):
            mask = 0
            for node in component:
                mask |= incoming.get(node, 0)
            for node in component:
                bits[node] = mask
                for target in edges[node]:
                    incoming[target] = incoming.get(target, 0) | mask
        for node, mask in incoming.items():
            bits.setdefault(node, mask)
        return bits

    def _at_root(self, node: str, index: int) -> bool:
        """Whether `node` is root `index`'s node or what it refers to: a node that no `$ref`
        targets can only be the root itself (so its chain, which decodes, is not needed)."""
        if node == self.roots[index].node:
            return True
        return node in self._targets() and node in self._chain(index)

    def _targets(self) -> Container[str]:
        """Every `$ref` target of the version (all nodes may be when the table lists none)."""
        if self.targets is None:
            listed = self.api.nodes.references()  # empty when the table has no summary
            self.targets = frozenset(t for found in listed.values() for t in found) \
                if listed else _EVERY
        return self.targets

    def _chain(self, index: int) -> frozenset[str]:
        found = self.chains.get(index)
        if found is None:
            node: str | None = self.roots[index].node
            chain: set[str] = set()
            while node is not None and node not in chain:
                chain.add(node)
                node = self._target(node)
            found = self.chains[index] = frozenset(chain)
        return found

    def _target(self, node: str) -> str | None:
        """The target of the `$ref` at `node` (None: not a `$ref`), from the table's outline
        and reference summary when they tell it: a root is decoded only when they do not."""
        outline = self.api.nodes.outline(node)
        if outline is None or outline[0] is not ReferenceSchema:
            return None
        listed = self.api.nodes.references().get(node, ())
        if len(listed) == 1:  # a `$ref` holds no other schema: its one target
            return listed[0]
        schema = self.api.nodes.get(node)
        return schema.target if isinstance(schema, ReferenceSchema) else None

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
    for hook, op in [*((False, op) for op in api.operations),
                     *((True, op) for op in api.webhooks)]:
        label = f"{op.method.value.upper()} {op.path}"
        for side, role, node, origin, name in _roots(op):
            if hook:  # the API sends the webhook's request and reads the receiver's reply
                side, role = FLIPPED_SIDE[side], _FLIPPED_ROLE[role]
            if node is not None:
                index.roots.append(_Root(op, label, side, role, node, hook))
                if name:
                    index.names.setdefault(node, name)
            if origin is not None:
                index.origins.setdefault(origin, set()).add((label, op.operation_id, side, hook))
    return index


FLIPPED_SIDE = {Side.REQUEST: Side.RESPONSE, Side.RESPONSE: Side.REQUEST}
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


class _Every(Container[str]):
    """Holds every node: what may be a `$ref` target when the table lists none."""

    def __contains__(self, node: object) -> bool:
        return True


_EVERY = _Every()


class _Edges(dict[str, Collection[str]]):
    """Node -> the `$ref` targets inside it: the table's reference summary as it is (no
    decoding, no call per question); a node it does not list is asked of the index."""

    def __init__(self, index: ReachIndex) -> None:
        super().__init__(index.api.nodes.references())
        self._index = index

    def __missing__(self, node: str) -> Collection[str]:
        found = self[node] = self._index._refs(node)
        return found


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
