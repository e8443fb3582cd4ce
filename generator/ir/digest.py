"""Content digests of schema roots: equal digests mean equal schemas, all the way down.

The digest of a root covers its own encoded content and the content of every root it reaches
through `$ref`s (and discriminator mappings), so two versions' roots with the same node id
and the same digest hold the same graph: a diff can skip them without decoding either. A
root's own content is hashed with its id from `marshal` version 2 of its encoded tuples
(no back-references, no interning marks: equal bytes are equal values of equal types; two
equal values written differently, say dicts in another key order, only cost a skipped skip).
Roots that reach each other form one strongly connected component, hashed as a whole.

A second, shallower digest (`flat`) covers a root's own content and the whole graphs of the
roots its `allOf`s merge in: what comparing the root itself reads, apart from the roots its
`$ref`s point at (which a diff compares on their own). The same walk lists each root's
`$ref` targets, for the changelog's reach index and for that skip.
"""

from __future__ import annotations

import hashlib
import marshal
from typing import Any, TypeAlias

from generator.ir.codec import DISC, SCHEMA_PLAN, SUB, SUBMAP, SUBS
from generator.ir.graph import components
from generator.ir.schema import SCHEMA_CLASSES, AllOfSchema, ReferenceSchema

_REF = SCHEMA_CLASSES.index(ReferenceSchema)
_ALL_OF = SCHEMA_CLASSES.index(AllOfSchema)
_MARSHAL = 2  # the newest marshal format without back-references (they follow refcounts)

Digests: TypeAlias = dict[str, bytes]
References: TypeAlias = dict[str, tuple[str, ...]]
# (deep digests, `$ref` targets, flat digests): what the IR cache stores beside the roots
Summary: TypeAlias = tuple[Digests, References, Digests]


def summarise(encoded: dict[str, Any]) -> Summary:
    """(root id -> digest of everything the root reaches, root id -> the `$ref` targets
    inside it, root id -> digest of its own content and of the graphs its `allOf`s merge
    in); all empty when some root has no encoded form (held only as an object): its reach
    is unknown, so is everyone's."""
    own: Digests = {}
    refs: References = {}
    edges: dict[str, list[str]] = {}
    flat_targets: dict[str, list[str]] = {}
    for ident, value in encoded.items():
        if value is None:
            return {}, {}, {}
        if isinstance(value, bytes):
            value = marshal.loads(value)
        own[ident] = _hash(marshal.dumps((ident, value), _MARSHAL))
        targets, mapped, flat = _targets(value)
        refs[ident] = tuple(sorted(set(targets))) if targets else ()
        if flat:
            flat_targets[ident] = flat
        found = {r for t in (*targets, *mapped) if (r := _root_of(t, encoded))}
        if found:
            edges[ident] = list(found)  # in any order: a component's digest sorts its parts
    deep = _deep(own, edges)
    flat_digests = dict(own)
    for ident, flat in flat_targets.items():
        below = sorted({deep[r] for t in flat if (r := _root_of(t, encoded))})
        flat_digests[ident] = _hash(own[ident] + b"".join(below))
    return deep, refs, flat_digests


def _hash(data: bytes) -> bytes:
    # SHA-256 (cut to 16 bytes): collision-resistant against crafted specs, and on CPUs with
    # its instructions cheaper per call than blake2b
    return hashlib.sha256(data).digest()[:16]


def _targets(value: Any) -> tuple[list[str], list[str], list[str]]:
    """The targets of every `$ref` in an encoded schema (as `ReferenceSchema.target`), the
    values of its discriminator mappings, and the targets of the `$ref`s an `allOf` merges
    in (its members and base)."""
    refs: list[str] = []
    mapped: list[str] = []
    flat: list[str] = []
    stack = [value]
    while stack:
        code, values = stack.pop()
        if not values:
            continue
        if code == _REF:
            refs.append(values["target"])
        elif code == _ALL_OF:
            parts = [*values.get("members", ()), values.get("base") or (None, None)]
            flat.extend(part[1]["target"] for part in parts if part[0] == _REF)
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
    return refs, mapped, flat


def _root_of(target: str, roots: dict[str, Any]) -> str | None:
    """The root holding node `target` (the longest root id it starts with), or None."""
    probe, hash_at = target, target.find("#")
    while probe not in roots:
        cut = probe.rfind("/")
        if cut < hash_at or hash_at < 0:
            return None
        probe = probe[:cut]
    return probe


def _deep(own: Digests, edges: dict[str, list[str]]) -> Digests:
    """Digests by strongly connected components, successors first; a root that reaches no
    other keeps its own digest (it holds its id already)."""
    deep: Digests = {ident: own[ident] for ident in own if ident not in edges}
    for members in components(edges, lambda node: edges.get(node, ())):
        _close(members, own, edges, deep)
    return deep


def _close(members: list[str], own: Digests, edges: dict[str, list[str]],
           deep: Digests) -> None:
    if len(members) == 1:  # nearly every component: no cycle through the root
        root = members[0]
        below = sorted({deep[s] for s in edges[root] if s != root})
        deep[root] = _hash(own[root] + b"\2" + b"".join(below))
        return
    inside = set(members)
    parts = sorted(own[m] for m in members)
    below = sorted({deep[s] for m in members for s in edges[m] if s not in inside})
    digest = _hash(b"".join(parts) + b"\2" + b"".join(below))
    for m in members:  # each member's own digest holds its id: theirs stay apart
        deep[m] = _hash(own[m] + digest)
