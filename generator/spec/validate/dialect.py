"""schema-dialect: each Schema Object against the JSON Schema dialect it is written in.

3.0 Schema Objects are checked against the draft-04 meta-schema (openapi-spec-validator does
the same; the OpenAPI 3.0 meta-schema adds the OpenAPI-specific shape, checked by the
structural pass). In 3.1 the dialect is the root schema's `$schema`, else the document's
`jsonSchemaDialect`, else the OpenAPI 3.1 base dialect (2020-12 plus the OpenAPI vocabulary).
The OpenAPI 3.1 meta-schema only checks that a schema is an object or a boolean, so this is
where 3.1 schemas are really checked. Each root is checked once; the meta-schema recurses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.spec.document import SpecDocument
from generator.spec.validate import messages
from generator.spec.validate.base import At, Finding, finding
from generator.spec.validate.metaschemas import (
    DRAFT4,
    KNOWN_DIALECTS,
    OAS31_DIALECT,
    canonical,
    dialect_validator,
)
from generator.spec.validate.schemas import Schemas


@dataclass(frozen=True, slots=True)
class Broken:
    """Where a root schema breaks its dialect: the root and the error's path below it."""

    root: At
    path: tuple[str | int, ...]


def _unknown(uri: str) -> str:
    known = ", ".join(sorted(KNOWN_DIALECTS))
    return f"unknown JSON Schema dialect {uri!r} (specloom knows {known})"


def dialect_of(doc: SpecDocument, node: Any) -> str:
    """The dialect URI a root Schema Object is written in."""
    if doc.dialect == "3.0":
        return DRAFT4
    if isinstance(node, dict) and isinstance(node.get("$schema"), str):
        return canonical(node["$schema"])
    default = doc.root.data.get("jsonSchemaDialect")
    return canonical(default) if isinstance(default, str) else OAS31_DIALECT


def check(doc: SpecDocument, schemas: Schemas, broken: list[Broken]) -> Iterator[Finding]:
    """Findings for every root that breaks its dialect; `broken` collects where."""
    default = dialect_of(doc, None)
    if default not in KNOWN_DIALECTS:
        yield finding(doc, "schema-dialect", At("", "/jsonSchemaDialect"), _unknown(default),
                      "jsonSchemaDialect")
    for at, node in schemas.roots:
        if isinstance(node, bool) and doc.dialect == "3.1":
            continue  # true and false are schemas in 3.1 (3.0's draft-04 rejects them)
        if doc.dialect == "3.0" and isinstance(node, dict) and "$ref" in node:
            continue  # a Reference Object, not a Schema Object: the structural pass checks it
        uri = dialect_of(doc, node)
        if uri not in KNOWN_DIALECTS:
            if uri != default:  # the document's own default is reported once, above
                yield finding(doc, "schema-dialect", at.child("$schema"), _unknown(uri),
                              "$schema")
            continue
        validator = dialect_validator(uri)
        if validator.is_valid(node):
            continue
        for err in validator.iter_errors(node):
            path = tuple(err.instance_path)
            broken.append(Broken(at, path))
            yield finding(doc, "schema-dialect", at.child(*path), messages.explain(err),
                          messages.keyword(err))
