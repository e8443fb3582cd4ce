"""$ref resolution. (Minimal version: local pointers and relative files; hardened later.)"""

from __future__ import annotations

from typing import Any

from generator.diagnostics import error
from generator.spec import pointer as jp
from generator.spec.document import SpecDocument, Target


def resolve(doc: SpecDocument, ref: str, *, base: str, at: str) -> Target | None:
    """Follow one $ref; see SpecDocument.resolve."""
    from generator.spec.load import load_referenced

    file_part, _, fragment = ref.partition("#")
    key = base
    if file_part:
        spec_file = load_referenced(doc, file_part, base=base, at=at)
        if spec_file is None:
            return None
        key = spec_file.key
    target_file = doc.files[key]
    pointer = jp.from_fragment(fragment)
    try:
        node = jp.resolve(target_file.data, pointer)
    except (LookupError, ValueError):
        doc.report(
            error("ref-missing", f"$ref target not found: {ref}", doc.location(base, at + "/$ref"))
        )
        return None
    return Target(key=key, pointer=pointer, node=node)


def deref(doc: SpecDocument, node: Any, *, base: str, at: str) -> Target | None:
    """Follow pure $ref chains; see SpecDocument.deref."""
    seen: set[tuple[str, str]] = set()
    key, pointer = base, at
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        if (key, pointer) in seen:
            doc.report(error("ref-cycle", "$ref cycle", doc.location(base, at + "/$ref")))
            return None
        seen.add((key, pointer))
        target = resolve(doc, node["$ref"], base=key, at=pointer)
        if target is None:
            return None
        key, pointer, node = target.key, target.pointer, target.node
    return Target(key=key, pointer=pointer, node=node)
