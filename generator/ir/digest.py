"""Content digests of schema roots: equal digests mean equal schemas, all the way down.

The digest of a root covers its own encoded content and the content of every root it reaches
through `$ref`s (and discriminator mappings), so two versions' roots with the same node id
and the same digest hold the same graph: a diff can skip them without decoding either. A
root's own content is hashed from the `repr` of its encoded tuples (equal reprs of plain data
are equal values; two equal values with different reprs only cost a skipped skip). Roots
that reach each other form one strongly connected component, hashed as a whole. The same
walk lists each root's `$ref` targets, for the changelog's reach index.
"""

from __future__ import annotations

import hashlib
import marshal
from typing import Any

from generator.ir.codec import DISC, SCHEMA_PLAN, SUB, SUBMAP, SUBS
from generator.ir.schema import SCHEMA_CLASSES, ReferenceSchema

_REF = SCHEMA_CLASSES.index(ReferenceSchema)


def summarise(encoded: dict[str, Any]) -> tuple[dict[str, bytes], dict[str, tuple[str, ...]]]:
    """(root id -> digest of everything the root reaches, root id -> the `$ref` targets
    inside it); both empty when some root has no encoded form (held only as an object):
    its reach is unknown, so is everyone's."""
    own: dict[str, bytes] = {}
    refs: dict[str, tuple[str, ...]] = {}
    edges: dict[str, list[str]] = {}
    for ident, value in encoded.items():
        if value is None:
            return {}, {}
        if isinstance(value, bytes):
            value = marshal.loads(value)
        own[ident] = _hash(repr(value).encode())
        targets, mapped = _targets(value)
        refs[ident] = tuple(sorted(set(targets)))
        edges[ident] = sorted({r for t in (*targets, *mapped) if (r := _root_of(t, encoded))})
    return _deep(own, edges), refs


def _hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _targets(value: Any) -> tuple[list[str], list[str]]:
    """The targets of every `$ref` in an encoded schema (as `ReferenceSchema.target`), and
    the values of its discriminator mappings."""
    refs: list[str] = []
    mapped: list[str] = []
    stack = [value]
    while stack:
        code, values = stack.pop()
        if not values:
            continue
        if code == _REF:
            refs.append(values["target"])
        for name, how in SCHEMA_PLAN[code]:
            sub = values.get(name)
            if sub is None:
                continue
            if how == SUB:
                stack.append(sub)
            elif how == SUBS:
                stack.extend(sub)
            elif how == SUBMAP:
                stack.extend(sub.values())
            elif how == DISC:
                mapped.extend(v for v in (sub[1] or {}).values() if isinstance(v, str))
    return refs, mapped


def _root_of(target: str, roots: dict[str, Any]) -> str | None:
    """The root holding node `target` (the longest root id it starts with), or None."""
    probe, hash_at = target, target.find("#")
    while probe not in roots:
        cut = probe.rfind("/")
        if cut < hash_at or hash_at < 0:
            return None
        probe = probe[:cut]
    return probe


def _deep(own: dict[str, bytes], edges: dict[str, list[str]]) -> dict[str, bytes]:
    """Tarjan's components (iterative), hashed successors first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    component_of: dict[str, bytes] = {}
    for start in sorted(own):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            succ = edges[node]
            if i < len(succ):
                work.append((node, i + 1))
                nxt = succ[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if work and work[-1][0] != node:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    members.append(top)
                    if top == node:
                        break
                _close(members, own, edges, component_of)
    return {ident: _hash(ident.encode() + b"\0" + component_of[ident]) for ident in own}


def _close(members: list[str], own: dict[str, bytes], edges: dict[str, list[str]],
           component_of: dict[str, bytes]) -> None:
    inside = set(members)
    parts = sorted(m.encode() + b"\0" + own[m] for m in members)
    below = sorted({component_of[s] for m in members for s in edges[m] if s not in inside})
    digest = _hash(b"\1".join(parts) + b"\2" + b"".join(below))
    for m in members:
        component_of[m] = digest
