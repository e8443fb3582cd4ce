"""validate(): the structural and dialect passes, messages, and the shape of the result."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, Severity
from generator.spec.load import load_spec
from generator.spec.validate import collect, metaschemas, validate

HEAD30 = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
HEAD31 = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "validate"


def run(tmp_path: Path, head: str, body: str = "") -> tuple[Diagnostic, ...]:
    """Validate a spec written from a head and a (dedented) body."""
    path = tmp_path / "spec.yaml"
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return validate(load_spec(path))


def by_code(diags: tuple[Diagnostic, ...], code: str) -> list[tuple[str, str]]:
    """(pointer, message) of one rule's findings."""
    return [(d.location.pointer or "", d.message) for d in diags if d.code == code and d.location]


# -- structure ------------------------------------------------------------------------------
def test_a_clean_spec_has_no_findings(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths:
          /pets/{id}:
            get:
              operationId: getPet
              parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
              responses:
                '200':
                  description: ok
                  content:
                    application/json: {schema: {$ref: '#/components/schemas/Pet'}}
        components:
          schemas:
            Pet: {type: object, properties: {id: {type: integer, minimum: 1}}}
        """)
    assert diags == ()


def test_structure_errors_are_located_at_the_instance(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths:
          /a:
            get:
              parameters: [{name: q, schema: {type: string}}]
              responses: {'200': {description: ok}}
        """)
    found = by_code(diags, "oas-structure")
    assert ("/paths/~1a/get/parameters/0", "missing required property 'in'") in found
    assert all(d.severity is Severity.ERROR for d in diags if d.code == "oas-structure")


def test_info_version_is_required(tmp_path: Path) -> None:
    diags = run(tmp_path, "openapi: 3.0.3\ninfo: {title: t}\npaths: {}\n")
    assert ("/info", "missing required property 'version'") in by_code(diags, "oas-structure")


def test_oneof_failures_name_the_alternative_meant(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD30, """
        paths: {}
        components:
          schemas:
            A:
              type: object
              $recursiveAnchor: true
              properties:
                b: {type: object, min_items: 2}
        """)
    [(pointer, message)] = by_code(diags, "oas-structure")
    assert pointer == "/components/schemas/A"
    # The Schema alternative was meant (no $ref): its problems are named, each with its place.
    assert message.startswith("not a valid Schema: ")
    assert "unexpected property 'min_items' (at properties/b)" in message
    assert "unexpected property '$recursiveAnchor'" in message
    assert "$ref" not in message


def test_huge_values_are_not_dumped_into_messages(tmp_path: Path) -> None:
    big = {f"p{i}": {"type": "string", "description": "x" * 200} for i in range(300)}
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"Big": {"type": "object", "properties": big,
                                               "bogus_keyword": 1}}}}
    path = tmp_path / "big.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    diags = validate(load_spec(path))
    assert diags and all(len(d.message) < 400 for d in diags)


def test_duplicate_tag_names(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        tags: [{name: pets}, {name: toys}, {name: pets}]
        paths: {}
        """)
    assert [p for p, _ in by_code(diags, "oas-structure")] == ["/tags/2/name"]


# -- dialect --------------------------------------------------------------------------------
def test_31_schemas_are_checked_against_the_dialect(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths:
          /a:
            get:
              parameters:
                - {name: q, in: query, schema: {type: integer, minimum: 0, exclusiveMinimum: true}}
              responses: {'200': {description: ok}}
        components:
          schemas:
            A:
              type: object
              required: [id, id]
              properties:
                id: {type: strin}
                re: {type: string, pattern: '(unclosed'}
        """)
    assert sorted(p for p, _ in by_code(diags, "schema-dialect")) == [
        "/components/schemas/A/properties/id/type",
        "/components/schemas/A/properties/re/pattern",
        "/components/schemas/A/required",
        "/paths/~1a/get/parameters/0/schema/exclusiveMinimum",
    ]


def test_30_schemas_are_checked_against_draft_04(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD30, """
        paths: {}
        components:
          schemas:
            A: {type: object, required: []}
            B: {type: number, minimum: 0, exclusiveMinimum: true}
        """)
    # Boolean exclusiveMinimum is draft-04 (so 3.0); an empty `required` is not.
    assert [p for p, _ in by_code(diags, "schema-dialect")] == ["/components/schemas/A/required"]


def test_a_schema_may_name_another_dialect(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths: {}
        components:
          schemas:
            Old: {$schema: 'http://json-schema.org/draft-04/schema#', type: number,
                  minimum: 0, exclusiveMinimum: true}
            Odd: {$schema: 'https://example.com/my-dialect', type: string}
        """)
    [(pointer, message)] = by_code(diags, "schema-dialect")
    assert pointer == "/components/schemas/Odd/$schema"
    assert message.startswith("unknown JSON Schema dialect 'https://example.com/my-dialect'")


def test_an_unknown_document_dialect_is_reported_once(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        jsonSchemaDialect: https://example.com/mine
        paths: {}
        components:
          schemas:
            A: {type: string}
            B: {type: string}
            C: {$schema: 'https://json-schema.org/draft/2020-12/schema', type: strin}
        """)
    assert [p for p, _ in by_code(diags, "schema-dialect")] == [
        "/components/schemas/C/type", "/jsonSchemaDialect"]


def test_a_legal_recursive_schema_is_not_an_error(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths:
          /tree:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json: {schema: {$ref: '#/components/schemas/Node'}}
        components:
          schemas:
            Node:
              type: object
              default: {name: root, children: [{name: leaf, children: []}]}
              properties:
                name: {type: string}
                children: {type: array, items: {$ref: '#/components/schemas/Node'}}
                parent: {$ref: '#/components/schemas/Node'}
        """)
    assert diags == ()


def test_schemas_in_referenced_files_are_checked(tmp_path: Path) -> None:
    spec = load_spec(FIXTURES / "split" / "openapi.yaml")
    diags = validate(spec)
    found = {(d.location.file.rsplit("/", 1)[-1], d.location.pointer, d.code)
             for d in diags if d.location}
    assert ("pet.yaml", "/Pet/properties/age/minimum", "schema-dialect") in found
    assert ("pet.yaml", "/Pet/properties/name/default", "default-invalid") in found
    # Owner is used from paths/pets.yaml, through a $ref back into the root file.
    unused = [p for f, p, code in found if code == "component-unused"]
    assert unused == ["/components/schemas/Spare"]


# -- hostile text ---------------------------------------------------------------------------
HOSTILE = "\x1b[31mred\x1b[0m %0A::error file=x::owned \r\n $(rm -rf /) {{7*7}} '\"<script>"


def test_hostile_text_is_data(tmp_path: Path) -> None:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": HOSTILE, "version": "1", "description": HOSTILE},
        "paths": {f"/a/{{{HOSTILE}}}": {"get": {"description": HOSTILE,
                                                "responses": {"200": {"description": HOSTILE}}}}},
        "components": {"schemas": {"S": {"type": "string", "default": 3, "title": HOSTILE,
                                         "enum": [HOSTILE]}}},
    }
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    diags = validate(load_spec(path))
    codes = {d.code for d in diags}
    assert {"path-param-undeclared", "default-invalid", "component-unused"} <= codes
    assert all(isinstance(d, Diagnostic) for d in diags)


# -- the result -----------------------------------------------------------------------------
def test_result_is_sorted_deduplicated_and_matches_collect(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(HEAD31 + textwrap.dedent("""
        paths:
          /a/{x}:
            get: {operationId: o, responses: {'200': {description: ok}}}
            put: {operationId: o, responses: {'200': {description: ok}}}
          /a/{y}: {}
        components:
          schemas: {Unused: {type: string, default: 1}}
        """), encoding="utf-8")
    diags = validate(load_spec(path))
    assert list(diags) == sorted(set(diags), key=Diagnostic.sort_key)
    assert set(diags) == {f.diagnostic for f in collect(load_spec(path))}


def test_overrides_relevel_and_drop(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(HEAD31 + "paths: {}\ncomponents: {schemas: {U: {type: string}}}\n"
                    + "webhooks: {w: {post: {responses: {'200': {description: ok}}}}}\n",
                    encoding="utf-8")
    plain = validate(load_spec(path))
    assert [(d.code, d.severity) for d in plain] == [("component-unused", Severity.WARNING)]
    raised = validate(load_spec(path), overrides={"component-unused": "error"})
    assert [(d.code, d.severity) for d in raised] == [("component-unused", Severity.ERROR)]
    assert validate(load_spec(path), overrides={"component-unused": "off"}) == ()


def test_load_diagnostics_are_included(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths:
          /a:
            get:
              responses:
                '200': {$ref: '#/components/responses/Missing'}
        """)
    assert [d.code for d in diags] == ["ref-missing"]


def test_no_remote_fetch_is_ever_attempted() -> None:
    with pytest.raises(metaschemas.RemoteRefused):
        metaschemas.refuse("https://json-schema.org/draft/2020-12/schema")
    # A meta-schema naming a URI that is not registered cannot compile: nothing is fetched.
    import jsonschema_rs

    with pytest.raises((jsonschema_rs.ReferencingError, ValueError)):
        jsonschema_rs.validator_for(
            {"$ref": "https://example.com/not-registered.json"},
            registry=metaschemas.registry(),
            retriever=metaschemas.refuse,
        )


def test_meta_schemas_come_from_the_installed_packages() -> None:
    uris = set(metaschemas.resources())
    assert set(metaschemas.OAS_SCHEMA.values()) <= uris
    assert uris >= metaschemas.KNOWN_DIALECTS
    assert "https://spec.openapis.org/oas/3.1/meta/base" in uris
