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
from generator.spec.validate.metaschemas import definition_validator, structure_validator
from generator.spec.validate.model import Model


def check(doc: SpecDocument) -> Iterator[Finding]:
    """Every place the root file departs from the OpenAPI meta-schema."""
    data = doc.root.data
    validator = structure_validator(doc.dialect)
    if not validator.is_valid(data):
        for err in validator.iter_errors(data):
            at = At("", "").child(*err.instance_path)
            yield finding(doc, "oas-structure", at, messages.explain(err), messages.keyword(err))
    yield from _tags(doc)


# The model walk's kinds -> the meta-schema definition of each version.
DEFINITIONS = {
    "3.0": {
        "pathItems": "PathItem", "parameter": "Parameter", "requestBody": "RequestBody",
        "response": "Response", "header": "Header", "callback": "Callback",
        "examples": "Example", "links": "Link", "securitySchemes": "SecurityScheme",
    },
    # 3.1 names its definitions in kebab case: path-item, request-body, security-scheme.
    "3.1": {
        "pathItems": "path item", "parameter": "parameter", "requestBody": "request body",
        "response": "response", "header": "header", "callback": "callbacks",
        "examples": "example", "links": "link", "securitySchemes": "security scheme",
    },
}


def check_external(doc: SpecDocument, walked: Model) -> Iterator[Finding]:
    """Objects that live in other files, each against its meta-schema definition: they get
    the checks a root-file object gets (the root file's validation stops at their `$ref`)."""
    names = DEFINITIONS[doc.dialect]
    for kind, at, node in walked.external:
        validator = definition_validator(doc.dialect, names[kind].replace(" ", "-"))
        if validator.is_valid(node):
            continue
        for err in validator.iter_errors(node):
            where = at.child(*err.instance_path)
            yield finding(doc, "oas-structure", where, messages.explain(err), messages.keyword(err))


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
