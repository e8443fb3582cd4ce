"""Origins: a `$ref`'d parameter, request body, response or header knows its component."""

from __future__ import annotations

import marshal

from generator.ir.codec import decode_api, encode_api
from tests.unit.ir.conftest import FIXTURES, Loader, load_fixture

SPEC = """\
openapi: 3.1.0
info: {title: Origins, version: 1.0.0}
paths:
  /a:
    parameters:
      - {name: trace, in: header, schema: {type: string}}
    post:
      parameters:
        - $ref: '#/components/parameters/ApiVersion'
        - {name: inline, in: query, schema: {type: string}}
      requestBody: {$ref: '#/components/requestBodies/Thing'}
      responses:
        '200':
          description: ok
          headers:
            X-Rate: {$ref: '#/components/headers/Rate'}
            X-Own: {schema: {type: string}}
        default: {$ref: '#/components/responses/Error'}
components:
  parameters:
    ApiVersion: {name: api-version, in: query, required: true, schema: {type: string}}
  requestBodies:
    Thing: {content: {application/json: {schema: {type: object}}}}
  headers:
    Rate: {schema: {type: integer}}
  responses:
    Error: {description: error}
"""


def test_refd_objects_name_their_component(from_yaml: Loader) -> None:
    api, _ = from_yaml(SPEC)
    (op,) = api.operations
    origins = {p.name: p.origin for p in op.parameters}
    assert origins == {
        "trace": None,
        "api-version": "#/components/parameters/ApiVersion",
        "inline": None,
    }
    assert op.request_body is not None
    assert op.request_body.origin == "#/components/requestBodies/Thing"
    assert op.responses["default"].origin == "#/components/responses/Error"
    assert op.responses["200"].origin is None
    headers = op.responses["200"].headers
    assert headers["X-Rate"].origin == "#/components/headers/Rate"
    assert headers["X-Own"].origin is None
    by_name = {p.name: p.origin for p in api.api_parameters}
    assert by_name["api-version"] == "#/components/parameters/ApiVersion"


def test_one_component_merged_everywhere_is_one_origin() -> None:
    api, _ = load_fixture(FIXTURES.parent.parent / "specs" / "azure-openai" / "2024-10-21.yaml")
    origins = {
        p.origin for op in api.operations for p in op.parameters if p.name == "api-version"
    }
    assert origins == {"#/components/parameters/ApiVersion"}


def test_origins_survive_the_codec(from_yaml: Loader) -> None:
    api, _ = from_yaml(SPEC)
    again = decode_api(marshal.loads(marshal.dumps(encode_api(api))))
    assert again == api
    assert again.operations[0].responses["default"].origin == "#/components/responses/Error"
