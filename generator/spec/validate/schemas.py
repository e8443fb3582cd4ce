"""Schema Objects: the roots (where OpenAPI places a schema) and every node below them.

A root is checked against its dialect once; the dialect's meta-schema recurses into the
subschemas itself. Nodes below roots are listed for the rules that look at each schema
(defaults, examples, discriminators, `required`). `$ref`s are not followed while listing
nodes: a target that no root covers (a schema in another file, say) becomes a root itself,
so every schema reachable from the spec is listed exactly once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.spec.document import SpecDocument
from generator.spec.validate.base import At
from generator.spec.validate.model import Model

# Keywords whose value is one subschema, a list of them, or a map of names to them.
ONE = frozenset(
    {
        "items", "additionalProperties", "not", "if", "then", "else", "contains",
        "propertyNames", "additionalItems", "unevaluatedItems", "unevaluatedProperties",
        "contentSchema",
    }
)
MANY = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})
NAMED = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"}
)
_WORDS = ONE | MANY | NAMED
# Keywords whose subschemas describe the same instance as their parent, not a part of it.
COMPOSING = frozenset({"allOf", "anyOf", "oneOf", "not", "if", "then", "else"})
_COMPONENT_PREFIX = "#/components/schemas/"


@dataclass(slots=True)
class Schemas:
    """Every schema root and every schema node (objects only; booleans hold nothing to check)."""

    roots: list[tuple[At, Any]] = field(default_factory=list)
    nodes: list[tuple[At, dict[str, Any]]] = field(default_factory=list)
    members: set[At] = field(default_factory=set)  # nodes that are allOf/anyOf/oneOf/... members
    nullable: set[At] = field(default_factory=set)  # roots with a `nullable` somewhere inside
    edges: list[tuple[At, At]] = field(default_factory=list)  # $ref holder -> target


def _esc(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1") if "~" in token or "/" in token else token


def _walk(at: At, node: Any) -> Iterator[tuple[At, dict[str, Any], bool]]:
    """(place, node, is a composition member) for every schema object at or below `node`.

    `$ref`s are not followed.
    """
    stack: list[tuple[str, Any, bool]] = [(at.pointer, node, False)]
    key, push = at.key, stack.append
    while stack:
        pointer, current, member = stack.pop()
        if not isinstance(current, dict):
            continue
        yield At(key, pointer), current, member
        for word in current.keys() & _WORDS:  # a C-level intersection: most keys are not these
            value = current[word]
            if isinstance(value, dict):
                if word in ONE:
                    push((f"{pointer}/{word}", value, word in COMPOSING))
                elif word in NAMED:
                    base = f"{pointer}/{word}/"
                    for name, sub in value.items():
                        if isinstance(sub, dict):
                            push((base + _esc(name), sub, word == "dependentSchemas"))
            elif isinstance(value, list) and word in MANY:
                base = f"{pointer}/{word}/"
                for i, sub in enumerate(value):
                    if isinstance(sub, dict):
                        push((base + str(i), sub, word in COMPOSING))


class _Collector:
    def __init__(self, doc: SpecDocument) -> None:
        self.doc = doc
        self.out = Schemas()
        self.keys: set[tuple[str, str]] = set()
        data = doc.root.data
        components = data.get("components") if isinstance(data, dict) else None
        named = components.get("schemas") if isinstance(components, dict) else None
        self.components: dict[str, Any] = named if isinstance(named, dict) else {}

    def covered(self, key: str, pointer: str) -> bool:
        """Whether a root holds the node at (key, pointer)."""
        while True:
            if (key, pointer) in self.keys:
                return True
            if not pointer:
                return False
            pointer = pointer[: pointer.rfind("/")]

    def add(self, at: At, node: Any) -> None:
        """Make (at, node) a root unless a root already holds it."""
        if not self.covered(at.key, at.pointer):
            self.keys.add((at.key, at.pointer))
            self.out.roots.append((at, node))

    def follow(self, at: At, ref: str) -> None:
        """Make the target of a `$ref` found at `at` a root unless one covers it."""
        if at.key == "" and ref.startswith(_COMPONENT_PREFIX):
            name = ref[len(_COMPONENT_PREFIX) :]
            if name in self.components and not any(c in name for c in "/~%"):
                # Every named component schema is a root already.
                self.out.edges.append((at, At("", "/components/schemas/" + name)))
                return
        target = self.doc.resolve(ref, base=at.key, at=at.pointer)
        if target is not None:
            there = At(target.key, target.pointer)
            self.out.edges.append((at, there))
            self.add(there, target.node)

    def run(self, model: Model) -> Schemas:
        """List roots and nodes, following refs to schemas no root covers."""
        for at, node in model.schema_roots:
            self.add(at, node)
        i = 0
        while i < len(self.out.roots):  # roots found through $refs are appended as we go
            root_at, root = self.out.roots[i]
            i += 1
            for at, node, member in _walk(root_at, root):
                self.out.nodes.append((at, node))
                if member:
                    self.out.members.add(at)
                if "nullable" in node:
                    self.out.nullable.add(root_at)
                ref = node.get("$ref")
                if isinstance(ref, str):
                    self.follow(at, ref)
        return self.out


def collect(doc: SpecDocument, model: Model) -> Schemas:
    """Every schema root and node of the spec."""
    return _Collector(doc).run(model)
