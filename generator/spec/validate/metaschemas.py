"""The meta-schemas validation runs against, read from the packages that ship them.

The OpenAPI 3.0/3.1 meta-schemas come from openapi-spec-validator, the OpenAPI 3.1 base dialect
and vocabulary from openapi-schema-validator, the JSON Schema drafts from
jsonschema-specifications. All are registered locally with one `jsonschema_rs.Registry`, and
its retriever refuses every other URI: jsonschema-rs would otherwise fetch remote `$ref`s.
Validators are compiled once per process.

The package folders are found with `importlib.util.find_spec`, which does not import them
(importing openapi_spec_validator costs ~0.3 s of pydantic set-up).
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

from generator.spec.document import Dialect

OAS_SCHEMA = {
    "3.0": "https://spec.openapis.org/oas/3.0/schema/2021-09-28",
    "3.1": "https://spec.openapis.org/oas/3.1/schema/2022-10-07",
}
OAS31_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"
DRAFT4 = "http://json-schema.org/draft-04/schema"
DRAFT202012 = "https://json-schema.org/draft/2020-12/schema"

# Dialects a Schema Object may name in `$schema` (or the document in `jsonSchemaDialect`).
KNOWN_DIALECTS = frozenset(
    {
        OAS31_DIALECT,
        DRAFT202012,
        "https://json-schema.org/draft/2019-09/schema",
        "http://json-schema.org/draft-07/schema",
        "http://json-schema.org/draft-06/schema",
        DRAFT4,
    }
)

# (package, folder inside it) holding meta-schema files, each named by its own `$id`.
_SOURCES = (
    ("jsonschema_specifications", "schemas/draft4"),
    ("jsonschema_specifications", "schemas/draft6"),
    ("jsonschema_specifications", "schemas/draft7"),
    ("jsonschema_specifications", "schemas/draft201909"),
    ("jsonschema_specifications", "schemas/draft202012"),
    ("openapi_schema_validator", "schemas/oas3.1"),
    ("openapi_spec_validator", "resources/schemas/v3.0"),
    ("openapi_spec_validator", "resources/schemas/v3.1"),
)

# Formats the meta-schemas mention that we do not assert: openapi-spec-validator checks only
# `regex` among them, and a `$ref` is judged by resolution, not by URI syntax.
_ANNOTATION_FORMATS = ("uri", "uri-reference", "iri", "iri-reference", "uri-template")


class RemoteRefused(ValueError):
    """A schema asked for a URI that is not registered locally; nothing is ever fetched."""


def refuse(uri: str) -> Any:
    """The retriever for every validator: refuse anything not registered."""
    raise RemoteRefused(f"not fetched (only local meta-schemas are used): {uri}")


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {package} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def canonical(uri: str) -> str:
    """A meta-schema URI without its empty fragment ("...draft-04/schema#" -> "...schema")."""
    return uri[:-1] if uri.endswith("#") else uri


@cache
def resources() -> dict[str, Any]:
    """Every meta-schema and vocabulary, by canonical URI."""
    found: dict[str, Any] = {}
    for package, folder in _SOURCES:
        for path in sorted((_package_dir(package) / folder).rglob("*")):
            if not path.is_file() or path.suffix not in ("", ".json"):
                continue
            contents = json.loads(path.read_text(encoding="utf-8"))
            uri = contents.get("$id") or contents.get("id")
            if isinstance(uri, str):
                found[canonical(uri)] = contents
    return found


@cache
def registry() -> Any:
    """One registry of all local meta-schemas; its retriever refuses everything else."""
    return jsonschema_rs.Registry(list(resources().items()), retriever=refuse)


def _always(_value: str) -> bool:
    return True


def _compile(uri: str, *, formats: bool) -> Any:
    contents = resources()[uri]
    options: dict[str, Any] = {"registry": registry(), "retriever": refuse, "base_uri": uri}
    if formats:
        options["validate_formats"] = True
        options["formats"] = dict.fromkeys(_ANNOTATION_FORMATS, _always)
    return jsonschema_rs.validator_for(contents, **options)


@cache
def structure_validator(dialect: Dialect) -> Any:
    """The compiled OpenAPI meta-schema of one version (formats are annotations there)."""
    return _compile(OAS_SCHEMA[dialect], formats=False)


@cache
def definition_validator(dialect: Dialect, name: str) -> Any:
    """One definition of the OpenAPI meta-schema (a Path Item, a Parameter...), compiled."""
    base = OAS_SCHEMA[dialect]
    section = "$defs" if dialect == "3.1" else "definitions"
    wrapper = {"$ref": f"{base}#/{section}/{name}"}
    return jsonschema_rs.validator_for(
        wrapper, registry=registry(), retriever=refuse, base_uri=f"{base}/{section}/{name}"
    )


@cache
def dialect_validator(uri: str) -> Any:
    """The compiled meta-schema of a JSON Schema dialect, asserting `format: regex`."""
    return _compile(canonical(uri), formats=True)
