"""One small spec per validation rule: it fires where it should, and not where it should not."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, Severity
from generator.spec.load import load_spec
from generator.spec.validate import validate

HEAD30 = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
HEAD31 = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"


def run(tmp_path: Path, head: str, body: str = "") -> tuple[Diagnostic, ...]:
    """Validate a spec written from a head and a (dedented) body."""
    path = tmp_path / "spec.yaml"
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return validate(load_spec(path))


def found(diags: tuple[Diagnostic, ...], code: str) -> list[tuple[str, str]]:
    """(pointer, message) of the findings of one rule."""
    return [(d.location.pointer or "", d.message) for d in diags if d.code == code and d.location]


def pointers(diags: tuple[Diagnostic, ...], code: str) -> list[str]:
    """Pointers of the findings of one rule."""
    return [p for p, _ in found(diags, code)]


# -- operation-id-duplicate -----------------------------------------------------------------
def test_duplicate_operation_ids_are_reported_once_per_repeat(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths:
          /a:
            get: {operationId: same, responses: {'200': {description: ok}}}
            post: {operationId: same, responses: {'200': {description: ok}}}
          /b:
            get: {operationId: other, responses: {'200': {description: ok}}}
        webhooks:
          hook:
            post: {operationId: same, responses: {'200': {description: ok}}}
        """)
    assert pointers(diags, "operation-id-duplicate") == [
        "/paths/~1a/post/operationId",
        "/webhooks/hook/post/operationId",
    ]
    assert "GET /a" in found(diags, "operation-id-duplicate")[0][1]


def test_distinct_operation_ids_pass(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths:
          /a:
            get: {operationId: one, responses: {'200': {description: ok}}}
            post: {operationId: two, responses: {'200': {description: ok}}}
        """)
    assert pointers(diags, "operation-id-duplicate") == []


# -- path-param-undeclared / path-param-unused ----------------------------------------------
PATH_PARAMS = """
    paths:
      /pets/{petId}/toys/{toyId}:
        parameters:
          - {$ref: '#/components/parameters/PetId'}
        get:
          responses: {'200': {description: ok}}
        put:
          parameters:
            - {name: toyId, in: path, required: true, schema: {type: string}}
          responses: {'200': {description: ok}}
      /owners:
        get:
          parameters:
            - {name: ownerId, in: path, required: true, schema: {type: string}}
          responses: {'200': {description: ok}}
    components:
      parameters:
        PetId: {name: petId, in: path, required: true, schema: {type: string}}
    """


def test_template_names_need_a_path_parameter_at_either_level(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, PATH_PARAMS)
    # GET lacks toyId; PUT declares it itself; petId comes from the path item (via $ref).
    assert pointers(diags, "path-param-undeclared") == ["/paths/~1pets~1{petId}~1toys~1{toyId}/get"]
    assert "'toyId'" in found(diags, "path-param-undeclared")[0][1]


def test_declared_path_parameter_must_be_in_the_template(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, PATH_PARAMS)
    assert pointers(diags, "path-param-unused") == ["/paths/~1owners/get/parameters/0"]


def test_query_parameters_are_not_path_parameters(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths:
          /a/{id}:
            get:
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {name: q, in: query, schema: {type: string}}
              responses: {'200': {description: ok}}
        """)
    assert pointers(diags, "path-param-undeclared") == []
    assert pointers(diags, "path-param-unused") == []


# -- parameter-duplicate --------------------------------------------------------------------
def test_duplicate_parameters_within_one_list(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths:
          /a:
            parameters:
              - {name: q, in: query, schema: {type: string}}
            get:
              parameters:
                - {name: q, in: query, schema: {type: string}}
                - {name: X-Trace, in: header, schema: {type: string}}
                - {name: x-trace, in: header, schema: {type: string}}
                - {name: q, in: cookie, schema: {type: string}}
                - {$ref: '#/components/parameters/Q'}
              responses: {'200': {description: ok}}
        components:
          parameters:
            Q: {name: q, in: query, schema: {type: string}}
        """)
    # The path-level q is overridden by the operation, which is legal; the header differs only
    # by case (header names are case-insensitive); q in a cookie is another parameter.
    assert pointers(diags, "parameter-duplicate") == [
        "/paths/~1a/get/parameters/2",
        "/paths/~1a/get/parameters/4",
    ]


# -- responses-no-status --------------------------------------------------------------------
def test_responses_need_a_status_code(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths:
          /a:
            get:
              responses: {default: {description: anything}}
            post:
              responses: {'2XX': {description: ok}}
            put: {}
        """)
    # 3.1 makes responses optional (PUT), but a responses object needs a status code.
    assert pointers(diags, "responses-no-status") == ["/paths/~1a/get/responses"]


def test_a_30_operation_without_responses(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD30, """
        paths:
          /a:
            get: {summary: no responses}
            post: {responses: {'201': {description: made}}}
        """)
    assert pointers(diags, "responses-no-status") == ["/paths/~1a/get"]


# -- path-leading-slash ---------------------------------------------------------------------
def test_paths_begin_with_a_slash(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths:
          pets: {}
          /toys: {}
          x-note: {}
        """)
    assert pointers(diags, "path-leading-slash") == ["/paths/pets"]


# -- path-ambiguous -------------------------------------------------------------------------
def test_paths_equal_up_to_template_names(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths:
          /a/{x}: {}
          /a/{y}: {}
          /a/{x}/b: {}
          /a/mine: {}
        """)
    # /a/mine is a literal segment: more specific, not ambiguous.
    assert pointers(diags, "path-ambiguous") == ["/paths/~1a~1{y}"]


# -- security-scheme-undefined --------------------------------------------------------------
def test_security_requirements_name_defined_schemes(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        security: [{apiKey: []}, {nope: []}]
        paths:
          /a:
            get:
              security: [{bearer: [], missing: []}, {}]
              responses: {'200': {description: ok}}
        components:
          securitySchemes:
            apiKey: {type: apiKey, in: header, name: api-key}
            bearer: {type: http, scheme: bearer}
        """)
    assert pointers(diags, "security-scheme-undefined") == [
        "/paths/~1a/get/security/0/missing",
        "/security/1/nope",
    ]


# -- server-variable-undefined --------------------------------------------------------------
def test_server_url_variables_need_definitions(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        servers:
          - url: https://{endpoint}/openai/{version}
            variables: {endpoint: {default: example.com}}
          - url: https://api.example.com
        paths:
          /a:
            servers: [{url: 'https://{region}.example.com'}]
            get:
              servers: [{url: 'https://{zone}.x', variables: {zone: {default: z}}}]
              responses: {'200': {description: ok}}
        """)
    assert pointers(diags, "server-variable-undefined") == [
        "/paths/~1a/servers/0/url",
        "/servers/0/url",
    ]
    assert "'version'" in found(diags, "server-variable-undefined")[1][1]


# -- discriminator-mapping-missing ----------------------------------------------------------
def test_discriminator_mappings_name_existing_schemas(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths: {}
        components:
          schemas:
            Pet:
              oneOf: [{$ref: '#/components/schemas/Dog'}, {$ref: '#/components/schemas/Cat'}]
              discriminator:
                propertyName: kind
                mapping:
                  dog: '#/components/schemas/Dog'
                  cat: Cat
                  cow: '#/components/schemas/Cow'
                  bird: Bird
            Dog: {type: object, properties: {kind: {type: string}}}
            Cat: {type: object, properties: {kind: {type: string}}}
        """)
    assert pointers(diags, "discriminator-mapping-missing") == [
        "/components/schemas/Pet/discriminator/mapping/bird",
        "/components/schemas/Pet/discriminator/mapping/cow",
    ]


# -- component-unused -----------------------------------------------------------------------
def test_components_reached_from_the_api_are_used(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        security: [{key: []}]
        paths:
          /a:
            get:
              parameters: [{$ref: '#/components/parameters/P'}]
              responses:
                '200': {$ref: '#/components/responses/Ok'}
        components:
          parameters:
            P: {name: p, in: query, schema: {$ref: '#/components/schemas/Used'}}
          responses:
            Ok:
              description: ok
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Tree'}
                  examples: {one: {$ref: '#/components/examples/One'}}
          examples:
            One: {value: {}}
            Lonely: {value: 1}
          schemas:
            Used: {type: string}
            Tree:
              type: object
              properties: {children: {type: array, items: {$ref: '#/components/schemas/Tree'}}}
            Island: {$ref: '#/components/schemas/Islet'}
            Islet: {type: object}
          securitySchemes:
            key: {type: apiKey, in: header, name: k}
            spare: {type: http, scheme: basic}
        """)
    # Island and Islet refer to each other's cluster only: nothing reachable uses them.
    assert pointers(diags, "component-unused") == [
        "/components/examples/Lonely",
        "/components/schemas/Island",
        "/components/schemas/Islet",
        "/components/securitySchemes/spare",
    ]
    assert all(d.severity is Severity.WARNING for d in diags if d.code == "component-unused")


def test_a_components_only_library_is_not_judged(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        components:
          schemas:
            A: {type: string}
        """)
    assert pointers(diags, "component-unused") == []


# -- schema-required-undefined --------------------------------------------------------------
def test_required_names_a_declared_property(tmp_path: Path) -> None:
    diags = run(tmp_path, HEAD31, """
        paths: {}
        components:
          schemas:
            Base: {type: object, properties: {id: {type: string}}}
            Good:
              allOf: [{$ref: '#/components/schemas/Base'}, {properties: {name: {type: string}}}]
              required: [id, name]
            Bad:
              allOf: [{$ref: '#/components/schemas/Base'}]
              required: [id, ghost]
            Members:
              allOf:
                - {$ref: '#/components/schemas/Base'}
                - {required: [id]}
                - {properties: {x: {type: string}}, required: [id, x]}
            Open:
              type: object
              properties: {a: {type: string}}
              additionalProperties: {type: string}
              required: [a, b]
            Either:
              type: object
              anyOf: [{required: [a]}, {required: [b]}]
        """)
    # Members' `required` may name what a sibling declares; Open admits any other property.
    assert found(diags, "schema-required-undefined") == [
        ("/components/schemas/Bad/required",
         "required property 'ghost' declared nowhere "
         "(not in properties, nor in any allOf/anyOf/oneOf member)"),
    ]


# -- severities -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "severity"),
    [("operation-id-duplicate", Severity.ERROR), ("component-unused", Severity.WARNING)],
)
def test_findings_carry_their_rules_default_severity(
    tmp_path: Path, code: str, severity: Severity
) -> None:
    diags = run(tmp_path, HEAD31, """
        paths:
          /a:
            get: {operationId: x, responses: {'200': {description: ok}}}
            post: {operationId: x, responses: {'200': {description: ok}}}
        components:
          schemas: {Unused: {type: string}}
        """)
    assert {d.severity for d in diags if d.code == code} == {severity}
