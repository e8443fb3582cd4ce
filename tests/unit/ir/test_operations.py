"""Operations: merged parameters, bodies and responses per media type, security, markers."""

from __future__ import annotations

import json

import pytest

from generator.ir.model import HttpMethod, ParameterLocation, SecuritySchemeType
from generator.ir.schema import NO_VALUE, IntegerSchema, StringSchema
from generator.ir.summary import summary
from tests.unit.ir.conftest import FIXTURES, Loader, load_fixture

PETS = """\
openapi: {version}
info: {{title: Pets, version: 2.0.0}}
servers: [{{url: "https://api.example.com"}}]
security: [{{key: []}}]
paths:
  /pets/{{pet_id}}:
    servers: [{{url: "https://pets.example.com"}}]
    parameters:
      - {{name: pet_id, in: path, required: true, schema: {{type: string}}}}
      - {{name: verbose, in: query, schema: {{type: boolean}}}}
      - $ref: '#/components/parameters/Trace'
    get:
      operationId: getPet
      tags: [pets]
      summary: Get a pet
      deprecated: true
      parameters:
        - {{name: verbose, in: query, required: true, schema: {{type: integer}}}}
        - {{name: verbose, in: header, schema: {{type: string}}}}
      responses:
        "200":
          description: the pet
          headers:
            X-Rate-Limit: {{schema: {{type: integer}}, required: true}}
            X-Other: {{$ref: '#/components/headers/Other'}}
          content:
            application/json: {{schema: {{$ref: '#/components/schemas/Pet'}}}}
            application/xml: {{schema: {{$ref: '#/components/schemas/Pet'}}}}
        default: {{$ref: '#/components/responses/Error'}}
      security: []
    put:
      operationId: putPet
      servers: [{{url: "https://write.example.com"}}]
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {{type: object, properties: {{name: {{type: string}}}}}}
      responses:
        "204": {{description: done}}
      security: [{{oauth: [write, read]}}, {{}}]
    delete:
      operationId: deletePet
      responses:
        "204": {{description: gone}}
  /aliased:
    $ref: '#/components/pathItems/Aliased'
components:
  parameters:
    Trace:
      name: trace
      in: header
      description: from the component
      schema: {{type: string}}
  headers:
    Other: {{schema: {{type: string}}}}
  responses:
    Error: {{description: an error, content: {{application/json: {{schema: {{type: object}}}}}}}}
  pathItems:
    Aliased:
      get:
        operationId: aliased
        responses: {{"200": {{description: ok}}}}
  securitySchemes:
    key: {{type: apiKey, in: header, name: api-key}}
    oauth:
      type: oauth2
      flows:
        clientCredentials: {{tokenUrl: "https://t.example.com", scopes: {{read: r, write: w}}}}
  schemas:
    Pet: {{type: object, properties: {{id: {{type: integer}}}}}}
"""


def test_operations_in_file_order_with_fields(from_yaml: Loader) -> None:
    api, doc = from_yaml(PETS.format(version="3.1.0"))
    assert [(op.method, op.path) for op in api.operations] == [
        (HttpMethod.GET, "/pets/{pet_id}"),
        (HttpMethod.PUT, "/pets/{pet_id}"),
        (HttpMethod.DELETE, "/pets/{pet_id}"),
        (HttpMethod.GET, "/aliased"),
    ]
    get = api.operations[0]
    assert (get.operation_id, get.tags, get.summary, get.deprecated) == (
        "getPet", ("pets",), "Get a pet", True,
    )
    assert doc.diagnostics == ()


def test_path_level_parameters_are_merged_and_overridden_by_name_and_in(from_yaml: Loader) -> None:
    api, _ = from_yaml(PETS.format(version="3.1.0"))
    get, put = api.operations[0], api.operations[1]
    names = [(p.name, p.location) for p in get.parameters]
    assert names == [
        ("pet_id", ParameterLocation.PATH),
        ("verbose", ParameterLocation.QUERY),
        ("trace", ParameterLocation.HEADER),
        ("verbose", ParameterLocation.HEADER),
    ]
    verbose = get.parameter("verbose", ParameterLocation.QUERY)
    assert verbose is not None and verbose.required
    assert isinstance(api.node(verbose.schema_id), IntegerSchema)  # the operation's own
    put_verbose = put.parameter("verbose", ParameterLocation.QUERY)
    assert put_verbose is not None and not put_verbose.required
    trace = get.parameter("trace", ParameterLocation.HEADER)
    assert trace is put.parameter("trace", ParameterLocation.HEADER)  # one shared component
    assert trace is not None and trace.description == "from the component"
    assert trace.schema_id == "#/components/parameters/Trace/schema"


def test_bodies_and_responses_per_media_type(from_yaml: Loader) -> None:
    api, _ = from_yaml(PETS.format(version="3.1.0"))
    get, put = api.operations[0], api.operations[1]
    ok = get.responses["200"]
    assert list(ok.content) == ["application/json", "application/xml"]
    pet = api.node(ok.content["application/json"].schema_id)
    assert pet is not None and api.resolve(pet) is api.schema("Pet")
    assert ok.headers["X-Rate-Limit"].required
    assert isinstance(api.node(ok.headers["X-Rate-Limit"].schema_id), IntegerSchema)
    assert isinstance(api.node(ok.headers["X-Other"].schema_id), StringSchema)
    assert get.responses["default"].description == "an error"
    body = put.request_body
    assert body is not None and body.required
    assert list(body.content) == ["application/x-www-form-urlencoded"]


def test_security_inherited_overridden_and_explicitly_none(from_yaml: Loader) -> None:
    api, _ = from_yaml(PETS.format(version="3.1.0"))
    get, put, delete = api.operations[:3]
    assert [r.schemes for r in api.security] == [{"key": ()}]
    assert get.security == () and get.effective_security(api) == ()
    assert put.security is not None
    assert [r.schemes for r in put.security] == [{"oauth": ("write", "read")}, {}]
    assert delete.security is None and delete.effective_security(api) == api.security
    key, oauth = api.security_schemes["key"], api.security_schemes["oauth"]
    assert key.type is SecuritySchemeType.API_KEY and key.location is ParameterLocation.HEADER
    assert key.parameter_name == "api-key"
    assert oauth.flows["clientCredentials"].scopes == {"read": "r", "write": "w"}


def test_servers_inherit_from_path_then_api(from_yaml: Loader) -> None:
    api, _ = from_yaml(PETS.format(version="3.1.0"))
    get, put = api.operations[0], api.operations[1]
    assert [s.url for s in api.servers] == ["https://api.example.com"]
    assert get.servers is not None and [s.url for s in get.servers] == ["https://pets.example.com"]
    assert put.servers is not None and [s.url for s in put.servers] == ["https://write.example.com"]
    assert api.operations[3].servers is None


def test_3_1_reference_object_description_overrides(from_yaml: Loader) -> None:
    text = PETS.format(version="3.1.0").replace(
        "      - $ref: '#/components/parameters/Trace'\n",
        "      - $ref: '#/components/parameters/Trace'\n        description: overridden\n",
    )
    api, _ = from_yaml(text)
    trace = api.operations[0].parameter("trace", ParameterLocation.HEADER)
    assert trace is not None and trace.description == "overridden"
    api30, _ = from_yaml(text.replace("openapi: 3.1.0", "openapi: 3.0.3"), name="v30")
    trace30 = api30.operations[0].parameter("trace", ParameterLocation.HEADER)
    assert trace30 is not None and trace30.description == "from the component"


def test_preview_and_streaming_markers() -> None:
    api, doc = load_fixture(FIXTURES / "ir" / "markers.yaml")
    marks = {op.operation_id: (op.preview, op.streaming) for op in api.operations}
    assert marks == {
        "listEvals": (True, False),  # required header, one-value enum behind two $refs
        "getEval": (True, False),  # required header, const
        "runGrader": (True, False),  # under an `alpha` path segment
        "previewCreditNote": (False, False),  # `preview` is the last segment: an action
        # below an endpoint of its own, `preview` is that action's, not a stage (Stripe)
        "previewCreditNoteLines": (False, False),
        "listModels": (False, False),  # optional fixed header; a two-value one
        "createChatCompletion": (False, True),  # text/event-stream (with parameters)
    }
    assert doc.diagnostics == ()


def test_api_level_parameters_need_every_operation_and_an_equal_schema(from_yaml: Loader) -> None:
    api, _ = from_yaml(
        """\
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths:
          /a:
            get:
              parameters:
                - {name: api-version, in: query, required: true, schema: {type: string, example: x}}
                - {name: limit, in: query, schema: {type: integer}}
              responses: {"200": {description: ok}}
          /b:
            post:
              parameters:
                - $ref: '#/components/parameters/ApiVersion'
                - {name: limit, in: query, schema: {type: string}}
              responses: {"200": {description: ok}}
        components:
          parameters:
            ApiVersion:
              name: api-version
              in: query
              required: true
              description: the version
              schema: {$ref: '#/components/schemas/Version'}
          schemas:
            Version: {type: string, description: prose differs, example: y}
        """
    )
    assert [(p.name, p.location, p.required, p.default) for p in api.api_parameters] == [
        ("api-version", ParameterLocation.QUERY, True, NO_VALUE),
    ]


def test_webhooks(from_yaml: Loader) -> None:
    api, _ = from_yaml(
        """\
        openapi: 3.1.0
        info: {title: t, version: "1"}
        webhooks:
          newPet:
            post:
              requestBody: {content: {application/json: {schema: {type: object}}}}
              responses: {"200": {description: ok}}
        """
    )
    assert api.operations == ()
    assert [(w.method, w.path) for w in api.webhooks] == [(HttpMethod.POST, "newPet")]


def test_summary_is_json_ready_and_deterministic() -> None:
    api, _ = load_fixture(FIXTURES / "ir" / "markers.yaml")
    data = summary(api)
    assert json.loads(json.dumps(data)) == data
    assert data["label"] == "1.0.0" and data["info_version"] == "1.0.0"
    assert (data["operations"], data["webhooks"], data["schemas"]) == (7, 0, 1)
    assert (data["preview_operations"], data["streaming_operations"]) == (3, 1)
    assert data["servers"] == [
        {
            "url": "https://{endpoint}/openai/v1",
            "description": None,
            "variables": {
                "endpoint": {
                    "default": "example.openai.azure.com",
                    "enum": None,
                    "description": "the resource",
                }
            },
        }
    ]
    again, _ = load_fixture(FIXTURES / "ir" / "markers.yaml")
    assert json.dumps(summary(again)) == json.dumps(data)


def test_preview_marker_holds_on_the_corpus() -> None:
    """Stages only: the OpenAI spec's `alpha` graders and Azure's header-gated evals are
    previews; Stripe's `/v1/credit_notes/preview/lines` (an action's sub-resource) is not."""
    from generator.pipeline import build_ir
    from tests.conftest import CORPUS, CORPUS_MISSING

    if not CORPUS.is_dir():
        pytest.skip(CORPUS_MISSING)
    previews = {}
    for name in ("openai/2026-08-21.yaml", "stripe/2023-09-12.yaml",
                 "azure-openai-inference/v1.yaml"):
        api, _ = build_ir(CORPUS / name)
        previews[name] = sorted(op.path for op in api.operations if op.preview)
    assert previews["stripe/2023-09-12.yaml"] == []
    assert previews["openai/2026-08-21.yaml"] == [
        "/fine_tuning/alpha/graders/run", "/fine_tuning/alpha/graders/validate",
    ]
    azure = previews["azure-openai-inference/v1.yaml"]
    assert len(azure) == 16  # evals (header), the alpha graders, checkpoint copy (header)
    assert {p.split("/")[1] for p in azure} == {"evals", "fine_tuning"}
