"""oas30-idiom and schema-example-deprecated: 3.0 idioms in a 3.1 file (the IR reads them in
their 3.1 forms)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.spec.document import SpecDocument
from generator.spec.normalize import idiom_finding, needs_normalizing, normalize_schema
from generator.spec.validate.base import Finding
from generator.spec.validate.schemas import Schemas


def check(doc: SpecDocument, every: Schemas) -> Iterator[Finding]:
    """One finding per idiom keyword, at the keyword, as the IR builder reports it."""
    if doc.dialect != "3.1":
        return
    for at, node in every.nodes:
        if not needs_normalizing(node, "3.1"):
            continue
        for idiom in normalize_schema(node, "3.1").idioms:
            loc = doc.location(at.key, f"{at.pointer}/{idiom.keyword}")
            yield Finding(idiom_finding(idiom, loc))
