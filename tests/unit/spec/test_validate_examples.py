"""default-invalid and example-invalid: values against their schemas, refs resolved locally."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, Severity
from generator.spec.load import load_spec
from generator.spec.validate import validate
from generator.spec.validate.examples import repair, with_nullable

HEAD30 = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
HEAD31 = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"


def run(tmp_path: Path, head: str, body: str) -> tuple[Diagnostic, ...]:
    """Validate a spec written from a head and a (dedented) body."""
    path = tmp_path / "spec.yaml"
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return validate(load_spec(path))


def where(diags: tuple[Diagnostic, ...], code: str) -> list[str]:
    """Pointers of one rule's findings."""
    return [d.location.pointer or "" for d in diags if d.code == code and d.location]


def test_schema_defaults_and_examples(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths: {}
        components:
          schemas:
            Size:
              type: integer
              minimum: 1
              default: 0
              example: 3
              examples: [2, "big"]
            Color: {type: string, enum: [red, blue], default: blue}
        """)
    assert where(diags, "default-invalid") == ["/components/schemas/Size/default"]
    assert where(diags, "example-invalid") == ["/components/schemas/Size/examples/1"]
    severities = {d.code: d.severity for d in diags}
    assert severities["default-invalid"] is Severity.ERROR
    assert severities["example-invalid"] is Severity.WARNING


def test_parameter_and_media_type_examples_follow_refs(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths:
          /a:
            get:
              parameters:
                - name: n
                  in: query
                  schema: {$ref: '#/components/schemas/Count'}
                  example: many
                - name: m
                  in: query
                  schema: {$ref: '#/components/schemas/Count'}
                  examples:
                    good: {value: 2}
                    shared: {$ref: '#/components/examples/Minus'}
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Pet'}
                      example: {name: Rex, tags: [a, 1]}
        components:
          examples:
            Minus: {value: -1}
          schemas:
            Count: {type: integer, minimum: 0}
            Pet:
              type: object
              required: [name]
              properties:
                name: {type: string}
                tags: {type: array, items: {type: string}}
        """)
    assert where(diags, "example-invalid") == [
        "/components/examples/Minus/value",
        "/paths/~1a/get/parameters/0/example",
        "/paths/~1a/get/responses/200/content/application~1json/example/tags/1",
    ]


def test_30_nullable_is_honoured(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD30, """
        paths: {}
        components:
          schemas:
            Maybe: {type: string, nullable: true, default: null}
            Never: {type: string, default: null}
            Ref:
              type: object
              properties:
                friend: {$ref: '#/components/schemas/Friend', nullable: true}
              example: {friend: null}
            Friend: {type: object}
            Bounded: {type: number, minimum: 0, exclusiveMinimum: true, default: 0}
            Summary: {type: string, enum: [a, b], nullable: true, default: null}
            Stop: {allOf: [{$ref: '#/components/schemas/Friend'}], nullable: true, default: null}
            Nested:
              type: object
              properties: {s: {type: string, enum: [a], nullable: true}}
              default: {s: null}
        """)
    # A null default of a nullable schema is accepted whatever else it says; nested, null
    # passes the type but an enum must list it (3.0.3), as openapi-spec-validator judges.
    assert where(diags, "default-invalid") == [
        "/components/schemas/Bounded/default",
        "/components/schemas/Nested/default/s",
        "/components/schemas/Never/default",
    ]
    assert where(diags, "example-invalid") == []


def test_31_nullable_means_nothing_and_the_message_says_so(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths: {}
        components:
          schemas:
            Old: {type: string, nullable: true, default: null}
            New: {type: [string, 'null'], default: null}
        """)
    [diag] = [d for d in diags if d.code == "default-invalid"]
    assert diag.location is not None and diag.location.pointer == "/components/schemas/Old/default"
    assert "`nullable` is not part of OpenAPI 3.1" in diag.message


def test_formats_are_asserted_for_values(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths: {}
        components:
          schemas:
            Id: {type: string, format: uuid, examples: ['3f3e3e1-c824-4d63-b37a-d8d698862f1d']}
            Blob: {type: string, format: byte, example: 'not base64!'}
            Stamp: {type: string, format: unixtime, example: whatever}
        """)
    assert where(diags, "example-invalid") == [
        "/components/schemas/Blob/example",
        "/components/schemas/Id/examples/0",
    ]


def test_unresolvable_refs_are_skipped_without_a_finding(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths: {}
        components:
          schemas:
            A:
              type: object
              properties: {b: {$ref: '#/components/schemas/Missing'}}
              example: {b: 1}
        """)
    assert [d.code for d in diags if d.code != "schema-example-deprecated"] == ["ref-missing"]


def test_a_broken_schema_still_judges_its_values(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths: {}
        components:
          schemas:
            A:
              type: object
              required: [x, x]
              properties:
                x: {type: integer, exclusiveMinimum: true}
              default: {x: nope}
        """)
    assert where(diags, "schema-dialect") == [
        "/components/schemas/A/properties/x/exclusiveMinimum",
        "/components/schemas/A/required",
    ]
    assert where(diags, "default-invalid") == ["/components/schemas/A/default/x"]


def test_repair_drops_only_the_blamed_keyword() -> None:
    node: dict[str, Any] = {"type": "object", "required": ["a", "a"],
            "properties": {"a": {"type": "integer", "exclusiveMinimum": True}},
            "allOf": ["oops"]}
    assert repair(node, ("properties", "a", "exclusiveMinimum")) == {
        **node, "properties": {"a": {"type": "integer"}}}
    assert repair(node, ("required",)) == {k: v for k, v in node.items() if k != "required"}
    assert repair(node, ("allOf", 0)) == {**node, "allOf": [{}]}
    assert repair(node, ()) == {}
    assert node["properties"]["a"]["exclusiveMinimum"] is True  # the original is untouched


def test_with_nullable() -> None:
    assert with_nullable({"type": "string", "nullable": True}) == {
        "type": ["string", "null"], "nullable": True}
    assert with_nullable({"$ref": "#/x", "nullable": True, "description": "d"}) == {
        "anyOf": [{"$ref": "#/x"}, {"type": "null"}]}
    nested: dict[str, object] = {"properties": {"a": {"type": "integer", "nullable": True}}}
    assert with_nullable(nested) == {"properties": {"a": {"type": ["integer", "null"],
                                                          "nullable": True}}}
