"""oas-structure: the document against the OpenAPI meta-schema of its version.

One jsonschema-rs validation of the root file against the meta-schema that ships with
openapi-spec-validator (compiled once per process), plus what a JSON Schema cannot say:
tag names must be unique. Errors are located at the instance path jsonschema-rs reports;
`oneOf`/`anyOf` failures are explained through their most probable alternative.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.spec.document import SpecDocument
from generator.spec.validate import messages
from generator.spec.validate.base import At, Finding, finding
from generator.spec.validate.metaschemas import structure_validator


def check(doc: SpecDocument) -> Iterator[Finding]:
    """Every place the root file departs from the OpenAPI meta-schema."""
    data = doc.root.data
    validator = structure_validator(doc.dialect)
    if not validator.is_valid(data):
        for err in validator.iter_errors(data):
            at = At("", "").child(*err.instance_path)
            yield finding(doc, "oas-structure", at, messages.explain(err), messages.keyword(err))
    yield from _tags(doc)


def _tags(doc: SpecDocument) -> Iterator[Finding]:
    tags = doc.root.data.get("tags")
    if not isinstance(tags, list):
        return
    seen: dict[str, int] = {}
    for i, tag in enumerate(tags):
        name = tag.get("name") if isinstance(tag, dict) else None
        if not isinstance(name, str):
            continue
        if name in seen:
            message = f"tag name {name!r} is already used by tag {seen[name]}; names must be unique"
            yield finding(doc, "oas-structure", At("", "/tags").child(i, "name"), message,
                          "uniqueTagNames")
        else:
            seen[name] = i
