"""component-unused: components that nothing reachable from the API refers to.

Reachability starts from everything in the root file outside `components` (paths,
webhooks, top-level fields) and follows the `$ref`s met by the OpenAPI walk (model) and the
schema walk (schemas), and discriminator mappings; a component referred to only by other
unused components is unused too. `$ref`s inside `x-` extensions do not count: extensions
are not part of the API. Security schemes are used by name in security requirements, not by
`$ref`. A document with neither paths nor webhooks is a library of components: not judged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from generator.spec import pointer as jp
from generator.spec.document import SpecDocument
from generator.spec.validate.base import At, Finding, finding
from generator.spec.validate.model import Model
from generator.spec.validate.schemas import Schemas

Unit = tuple[str, str, str]  # ("", section, name) for a component; (key, "", "") for a file
ROOT: Unit = ("", "", "")


def unit_of(key: str, pointer: str) -> Unit:
    """The unit of reachability that holds a node: a component, the root, or another file.

    A referenced file counts as one unit: reaching any part of it reaches all of it (a
    coarse but safe reading: it can only make a component look used).
    """
    if key:
        return (key, "", "")
    tokens = pointer.split("/", 4)
    if len(tokens) >= 4 and tokens[1] == "components":
        return ("", jp.unescape(tokens[2]), jp.unescape(tokens[3]))
    return ROOT


def _target(doc: SpecDocument, key: str, pointer: str, ref: str) -> Unit | None:
    if key == "" and ref.startswith("#/components/"):
        return unit_of("", jp.from_fragment(ref[1:]))  # no need to read: the unit is named
    target = doc.resolve(ref, base=key, at=pointer)
    return None if target is None else unit_of(target.key, target.pointer)


def _edges(doc: SpecDocument, model: Model, schemas: Schemas) -> dict[Unit, set[Unit]]:
    edges: dict[Unit, set[Unit]] = defaultdict(set)
    for source, target in (*model.edges, *schemas.edges):
        edges[unit_of(source.key, source.pointer)].add(unit_of(target.key, target.pointer))
    for at, node in schemas.nodes:
        disc = node.get("discriminator")
        mapping = disc.get("mapping") if isinstance(disc, dict) else None
        for value in mapping.values() if isinstance(mapping, dict) else ():
            if isinstance(value, str) and "/" not in value and "#" not in value:
                edges[unit_of(at.key, at.pointer)].add(("", "schemas", value))
            elif isinstance(value, str):
                found = _target(doc, at.key, at.pointer, value)
                if found is not None:
                    edges[unit_of(at.key, at.pointer)].add(found)
    return edges


def _reached(edges: dict[Unit, set[Unit]]) -> set[Unit]:
    reached, stack = {ROOT}, [ROOT]
    while stack:
        for nxt in edges.get(stack.pop(), ()):
            if nxt not in reached:
                reached.add(nxt)
                stack.append(nxt)
    return reached


def _scheme_names(model: Model) -> set[str]:
    names: set[str] = set()
    for _, requirements in model.security:
        for requirement in requirements if isinstance(requirements, list) else ():
            if isinstance(requirement, dict):
                names.update(k for k in requirement if isinstance(k, str))
    return names


def check(doc: SpecDocument, model: Model, schemas: Schemas) -> Iterator[Finding]:
    """A warning for each component never used."""
    data = doc.root.data
    components = data.get("components")
    if not isinstance(components, dict) or not (data.get("paths") or data.get("webhooks")):
        return
    reached = _reached(_edges(doc, model, schemas))
    used_schemes = _scheme_names(model)
    for section, entries in components.items():
        if not isinstance(entries, dict) or section.startswith("x-"):
            continue
        for name in entries:
            if not isinstance(name, str) or name.startswith("x-"):
                continue
            used = name in used_schemes if section == "securitySchemes" else (
                ("", section, name) in reached)
            if not used:
                at = At("", "/components").child(section, name)
                message = f"components/{section}/{name} is never used"
                yield finding(doc, "component-unused", at, message)
