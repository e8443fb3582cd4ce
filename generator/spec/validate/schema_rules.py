"""Rules about individual Schema Objects: discriminator mappings and undeclared `required`."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import Any

from generator.spec import pointer as jp
from generator.spec.document import SpecDocument
from generator.spec.validate.base import At, Finding, finding
from generator.spec.validate.schemas import Schemas

_COMPOSED = ("allOf", "anyOf", "oneOf")


def _exists(doc: SpecDocument, at: At, where: At, value: str) -> bool:
    """Whether a discriminator mapping value names a schema: a component name or a $ref."""
    if "/" not in value and "#" not in value:
        components = doc.root.data.get("components")
        named = components.get("schemas") if isinstance(components, dict) else None
        if isinstance(named, dict) and value in named:
            return True
        if not value.endswith((".yaml", ".yml", ".json")):
            return False
    file_part, _, fragment = value.partition("#")
    key = at.key
    if file_part:
        key = posixpath.normpath(posixpath.join(posixpath.dirname(at.key), file_part))
        if key not in doc.files:
            # Not read yet: let the resolver read it (and report a file it cannot read).
            return doc.resolve(value, base=at.key, at=where.pointer) is not None
    spec_file = doc.files.get(key)
    if spec_file is None:
        return False
    try:
        jp.resolve(spec_file.data, jp.from_fragment(fragment))
    except (LookupError, ValueError):
        return False
    return True


def discriminators(doc: SpecDocument, schemas: Schemas) -> Iterator[Finding]:
    """discriminator-mapping-missing: every mapping value names an existing schema."""
    for at, node in schemas.nodes:
        disc = node.get("discriminator")
        mapping = disc.get("mapping") if isinstance(disc, dict) else None
        if not isinstance(mapping, dict):
            continue
        for name, value in mapping.items():
            where = at.child("discriminator", "mapping", name)
            if isinstance(value, str) and not _exists(doc, at, where, value):
                message = f"discriminator mapping {name!r} -> {value!r}: no such schema"
                yield finding(doc, "discriminator-mapping-missing", where, message)


def _declared(doc: SpecDocument, at: At, node: Any, seen: set[int]) -> set[str]:
    """Property names a schema declares itself or through allOf/anyOf/oneOf (refs followed)."""
    target = doc.deref(node, base=at.key, at=at.pointer)
    if target is None or not isinstance(target.node, dict) or id(target.node) in seen:
        return set()
    seen.add(id(target.node))
    here, schema = At(target.key, target.pointer), target.node
    props = schema.get("properties")
    names = set(props) if isinstance(props, dict) else set()
    for word in _COMPOSED:
        members = schema.get(word)
        for i, member in enumerate(members if isinstance(members, list) else ()):
            names |= _declared(doc, here.child(word, i), member, seen)
    return names


def _open(node: dict[str, Any]) -> bool:
    """Whether the schema admits properties it does not name (patterns, a schema for extras)."""
    extra = node.get("additionalProperties")
    return "patternProperties" in node or isinstance(extra, dict) or extra is True


def required_undeclared(doc: SpecDocument, schemas: Schemas) -> Iterator[Finding]:
    """schema-required-undefined: `required` names a property no (sub)schema declares.

    Only for schemas that declare properties or compose others with allOf, that do not
    admit undeclared properties explicitly, and that are not themselves members of a
    composition: there `required` may name what a sibling declares, and `required` alone is a
    common idiom (`anyOf: [{required: [a]}, {required: [b]}]`).
    """
    for at, node in schemas.nodes:
        if at in schemas.members:
            continue
        required = node.get("required")
        if not isinstance(required, list) or not ("properties" in node or "allOf" in node):
            continue
        if _open(node) or "$ref" in node:
            continue
        names = _declared(doc, at, node, set())
        missing = [n for n in dict.fromkeys(required) if isinstance(n, str) and n not in names]
        if missing:
            shown = ", ".join(repr(n) for n in missing)
            noun = "properties" if len(missing) > 1 else "property"
            message = (f"required {noun} {shown} declared nowhere "
                       "(not in properties, nor in any allOf/anyOf/oneOf member)")
            yield finding(doc, "schema-required-undefined", at.child("required"), message,
                          "required")


def check(doc: SpecDocument, schemas: Schemas) -> Iterator[Finding]:
    """Both schema rules."""
    yield from discriminators(doc, schemas)
    yield from required_undeclared(doc, schemas)
