"""Named base/revision rows for the kinds that are not schema kinds (one row per kind; the
inverse rows are the forward rows swapped)."""

from __future__ import annotations

from typing import Any

from tests.unit.changelog.kind_cases import Json, S, ok, operation, spec

Row = tuple[str, str]


def _one(op: Json, path: str = "/a", method: str = "get", **top: Any) -> str:
    return spec({path: {method: op}}, **top)


def _param(**fields: Any) -> Json:
    return {"name": "q", "in": "query", "schema": S, **fields}


def _body(required: bool = False, media: str = "application/json", **extra: Any) -> Json:
    return {"required": required, "content": {media: {"schema": S, **extra}}}


def _header(**fields: Any) -> Json:
    return operation(responses={"200": ok(headers={"X-H": {"schema": S, **fields}})})


def _schemes(schemes: Json, **top: Any) -> str:
    return spec({"/a": {"get": operation()}}, {"securitySchemes": schemes}, **top)


KEY = {"k": {"type": "apiKey", "name": "X-Key", "in": "header"}}


def _oauth(**flow: Any) -> Json:
    base = {"tokenUrl": "https://t/a", "scopes": {"a": "A"}}
    return {"o": {"type": "oauth2", "flows": {"clientCredentials": {**base, **flow}}}}


def _two(op: Json) -> str:
    return spec({"/a": {"get": op}, "/b": {"get": op}})


GET = operation()
JSON_200 = operation(responses={"200": ok(S)})


def _hook(op: Json) -> str:
    """A spec whose only operation is the webhook `POST petAdded` (the API sends it)."""
    return spec({}, webhooks={"petAdded": {"post": op}})


_HEADER = {"name": "X-Sig", "in": "header", "schema": S}

FORWARD: dict[str, Row] = {
    "endpoint-added": (spec({}), _one(GET)),
    "endpoint-removed-after-deprecation": (_one(operation(deprecated=True)), spec({})),
    "endpoint-added-preview": (spec({}), _one(GET, "/alpha/a")),
    "endpoint-deprecated": (_one(GET), _one(operation(deprecated=True))),
    "endpoint-became-preview": (_one(GET), _one(operation(parameters=[
        {"name": "x-preview", "in": "header", "required": True,
         "schema": {"type": "string", "enum": ["preview"]}}]))),
    "endpoint-moved": (_one(operation(operationId="x")), _one(operation(operationId="x"), "/b")),
    "endpoint-method-changed": (_one(operation(operationId="x")),
                                _one(operation(operationId="x"), method="post")),
    "endpoint-probable-rename": (_one(GET), _one(GET, "/b")),
    "api-operation-id-added": (_one(GET), _one(operation(operationId="x"))),
    "api-operation-id-changed": (_one(operation(operationId="x")),
                                 _one(operation(operationId="y"))),
    "api-tag-added": (_one(GET), _one(operation(tags=["t"]))),
    "endpoint-streaming-added": (_one(JSON_200), _one(operation(responses={"200": {
        "description": "ok", "content": {"application/json": {"schema": S},
                                         "text/event-stream": {"schema": S}}}}))),
    "endpoint-callbacks-changed": (_one(GET), _one(operation(callbacks={"cb": {
        "{$request.body#/url}": {"post": {"responses": {"200": {"description": "ok"}}}}}}))),
    "webhook-added": (spec({}), spec({}, webhooks={"w": {"post": GET}})),
    "webhook-moved": (spec({}, webhooks={"w": {"post": operation(operationId="x")}}),
                      spec({}, webhooks={"v": {"post": operation(operationId="x")}})),
    "webhook-probable-rename": (spec({}, webhooks={"w": {"post": GET}}),
                                spec({}, webhooks={"v": {"post": GET}})),
    "new-required-request-parameter": (_one(GET),
                                       _one(operation(parameters=[_param(required=True)]))),
    "new-optional-request-parameter": (_one(GET), _one(operation(parameters=[_param()]))),
    "request-parameter-removed-after-deprecation": (
        _one(operation(parameters=[_param(deprecated=True)])), _one(GET)),
    "request-parameter-became-required": (_one(operation(parameters=[_param()])),
                                          _one(operation(parameters=[_param(required=True)]))),
    "request-parameter-deprecated": (_one(operation(parameters=[_param()])),
                                     _one(operation(parameters=[_param(deprecated=True)]))),
    "request-parameter-renamed": (
        _one(operation(parameters=[{"name": "id", "in": "path", "required": True,
                                    "schema": S}]), "/a/{id}"),
        _one(operation(parameters=[{"name": "x", "in": "path", "required": True,
                                    "schema": S}]), "/a/{x}")),
    "request-parameter-probable-rename": (_one(operation(parameters=[_param()])),
                                          _one(operation(parameters=[_param(name="r")]))),
    "request-parameter-serialization-changed": (
        _one(operation(parameters=[_param(schema={"type": "array", "items": S})])),
        _one(operation(parameters=[_param(schema={"type": "array", "items": S},
                                          explode=False)]))),
    "request-body-added-required": (_one(GET), _one(operation(requestBody=_body(True)))),
    "request-body-added-optional": (_one(GET), _one(operation(requestBody=_body()))),
    "request-body-became-required": (_one(operation(requestBody=_body())),
                                     _one(operation(requestBody=_body(True)))),
    "request-body-media-type-added": (
        _one(operation(requestBody=_body())),
        _one(operation(requestBody={"content": {"application/json": {"schema": S},
                                                "text/plain": {"schema": S}}}))),
    "request-body-media-type-schema-added": (
        _one(operation(requestBody={"content": {"application/json": {}}})),
        _one(operation(requestBody=_body()))),
    "request-body-encoding-changed": (
        _one(operation(requestBody=_body(media="multipart/form-data",
                                         encoding={"a": {"contentType": "text/plain"}}))),
        _one(operation(requestBody=_body(media="multipart/form-data",
                                         encoding={"a": {"contentType": "image/png"}})))),
    "response-success-status-added": (_one(GET), _one(operation(
        responses={"200": ok(), "201": ok()}))),
    "response-non-success-status-added": (_one(GET), _one(operation(
        responses={"200": ok(), "404": ok()}))),
    "response-media-type-added": (_one(JSON_200), _one(operation(responses={"200": {
        "description": "ok", "content": {"application/json": {"schema": S},
                                         "text/plain": {"schema": S}}}}))),
    "response-media-type-schema-added": (
        _one(operation(responses={"200": {"description": "ok",
                                          "content": {"application/json": {}}}})),
        _one(JSON_200)),
    "response-links-changed": (_one(GET), _one(operation(responses={"200": ok(
        links={"l": {"operationId": "x"}})}))),
    "response-header-added": (_one(GET), _one(_header())),
    "response-required-header-added": (_one(GET), _one(_header(required=True))),
    "response-header-became-required": (_one(_header()), _one(_header(required=True))),
    "response-header-became-deprecated": (_one(_header()), _one(_header(deprecated=True))),
    "response-header-serialization-changed": (_one(_header()), _one(_header(explode=True))),
    "api-global-security-added": (_schemes(KEY), _schemes(KEY, security=[{"k": []}])),
    "api-global-security-scope-changed": (_schemes(_oauth(), security=[{"o": ["a"]}]),
                                          _schemes(_oauth(), security=[{"o": ["b"]}])),
    "api-security-added": (
        spec({"/a": {"get": GET}}, {"securitySchemes": KEY}),
        spec({"/a": {"get": operation(security=[{"k": []}])}}, {"securitySchemes": KEY})),
    "api-security-scope-changed": (
        spec({"/a": {"get": operation(security=[{"o": ["a"]}])}}, {"securitySchemes": _oauth()}),
        spec({"/a": {"get": operation(security=[{"o": ["b"]}])}},
             {"securitySchemes": _oauth()})),
    "api-security-component-added": (_schemes({}), _schemes(KEY)),
    "api-security-component-type-changed": (
        _schemes(KEY), _schemes({"k": {"type": "http", "scheme": "bearer"}})),
    "api-security-component-changed": (
        _schemes(KEY), _schemes({"k": {"type": "apiKey", "name": "X-Other", "in": "header"}})),
    "api-security-component-oauth-flow-added": (
        _schemes(_oauth()),
        _schemes({"o": {"type": "oauth2", "flows": {
            "clientCredentials": {"tokenUrl": "https://t/a", "scopes": {"a": "A"}},
            "password": {"tokenUrl": "https://t/a", "scopes": {"a": "A"}}}}})),
    "api-security-component-oauth-url-changed": (_schemes(_oauth()),
                                                 _schemes(_oauth(tokenUrl="https://t/b"))),
    "api-security-component-oauth-scopes-changed": (
        _schemes(_oauth()), _schemes(_oauth(scopes={"a": "A", "b": "B"}))),
    "api-server-added": (spec({}, servers=[{"url": "https://a"}]),
                         spec({}, servers=[{"url": "https://a"}, {"url": "https://b"}])),
    "api-server-url-changed": (spec({}, servers=[{"url": "https://a"}]),
                               spec({}, servers=[{"url": "https://b"}])),
    "api-server-variable-added": (
        spec({}, servers=[{"url": "https://{h}", "variables": {"h": {"default": "a"}}}]),
        spec({}, servers=[{"url": "https://{h}", "variables": {
            "h": {"default": "a"}, "p": {"default": "1"}}}])),
    "api-server-variable-changed": (
        spec({}, servers=[{"url": "https://{h}", "variables": {"h": {"default": "a"}}}]),
        spec({}, servers=[{"url": "https://{h}", "variables": {"h": {"default": "b"}}}])),
    "api-schema-added": (spec({}), spec({}, {"schemas": {"X": {"type": "integer"}}})),
    "api-schema-probable-rename": (spec({}, {"schemas": {"X": {"type": "integer"}}}),
                                   spec({}, {"schemas": {"Y": {"type": "integer"}}})),
    "api-parameter-added": (_two(GET), _two(operation(parameters=[_param()]))),
    "api-parameter-changed": (_two(operation(parameters=[_param()])),
                              _two(operation(parameters=[_param(required=True)]))),
    "api-extension-added": (spec({}), spec({}, **{"x-a": 1})),
    "api-extension-changed": (spec({}, **{"x-a": 1}), spec({}, **{"x-a": 2})),
    "webhook-payload-added": (_hook(GET), _hook(operation(requestBody=_body()))),
    "webhook-payload-became-required": (_hook(operation(requestBody=_body())),
                                        _hook(operation(requestBody=_body(True)))),
    "webhook-payload-media-type-added": (
        _hook(operation(requestBody=_body())),
        _hook(operation(requestBody={"content": {"application/json": {"schema": S},
                                                 "text/plain": {"schema": S}}}))),
    "webhook-parameter-added-required": (
        _hook(GET), _hook(operation(parameters=[{**_HEADER, "required": True}]))),
    "webhook-parameter-added-optional": (_hook(GET), _hook(operation(parameters=[_HEADER]))),
    "webhook-parameter-became-required": (
        _hook(operation(parameters=[_HEADER])),
        _hook(operation(parameters=[{**_HEADER, "required": True}]))),
    "docs-extension-added": (_one(GET), _one(operation(**{"x-oaiMeta": {"name": "Get"}}))),
    "docs-extension-changed": (spec({}, **{"x-logo": {"url": "a"}}),
                               spec({}, **{"x-logo": {"url": "b"}})),
    "docs-api-changed": (spec({}), spec({}, info={"title": "U", "version": "1"})),
    "docs-endpoint-changed": (_one(GET), _one(operation(summary="Get a"))),
    "docs-parameter-changed": (_one(operation(parameters=[_param()])),
                               _one(operation(parameters=[_param(description="d")]))),
    "docs-request-body-changed": (_one(operation(requestBody=_body())),
                                  _one(operation(requestBody={**_body(), "description": "d"}))),
    "docs-response-changed": (_one(GET), _one(operation(responses={"200": ok(
        description="fine")}))),
    "docs-response-header-changed": (_one(_header()), _one(_header(description="d"))),
    "docs-media-type-changed": (_one(operation(requestBody=_body())),
                                _one(operation(requestBody=_body(example="x")))),
    "docs-schema-changed": (_one(JSON_200), _one(operation(responses={"200": ok(
        {**S, "description": "d"})}))),
    "docs-security-changed": (_schemes(KEY), _schemes({"k": {**KEY["k"], "description": "d"}})),
    "docs-server-changed": (spec({}, servers=[{"url": "https://a"}]),
                            spec({}, servers=[{"url": "https://a", "description": "d"}])),
}

# kind -> the forward kind whose row, swapped, produces it
BACKWARD = {
    "endpoint-removed-without-deprecation": "endpoint-added",
    "endpoint-removed-preview": "endpoint-added-preview",
    "endpoint-reactivated": "endpoint-deprecated",
    "endpoint-promoted-to-ga": "endpoint-became-preview",
    "api-operation-id-removed": "api-operation-id-added",
    "api-tag-removed": "api-tag-added",
    "endpoint-streaming-removed": "endpoint-streaming-added",
    "webhook-removed": "webhook-added",
    "request-parameter-removed-required": "new-required-request-parameter",
    "request-parameter-removed-optional": "new-optional-request-parameter",
    "request-parameter-became-optional": "request-parameter-became-required",
    "request-parameter-reactivated": "request-parameter-deprecated",
    "request-body-removed-required": "request-body-added-required",
    "request-body-removed-optional": "request-body-added-optional",
    "request-body-became-optional": "request-body-became-required",
    "request-body-media-type-removed": "request-body-media-type-added",
    "request-body-media-type-schema-removed": "request-body-media-type-schema-added",
    "response-success-status-removed": "response-success-status-added",
    "response-non-success-status-removed": "response-non-success-status-added",
    "response-media-type-removed": "response-media-type-added",
    "response-media-type-schema-removed": "response-media-type-schema-added",
    "optional-response-header-removed": "response-header-added",
    "required-response-header-removed": "response-required-header-added",
    "response-header-became-optional": "response-header-became-required",
    "response-header-became-undeprecated": "response-header-became-deprecated",
    "api-global-security-removed": "api-global-security-added",
    "api-security-removed": "api-security-added",
    "api-security-component-removed": "api-security-component-added",
    "api-security-component-oauth-flow-removed": "api-security-component-oauth-flow-added",
    "api-server-removed": "api-server-added",
    "api-server-variable-removed": "api-server-variable-added",
    "api-schema-removed": "api-schema-added",
    "api-parameter-removed": "api-parameter-added",
    "api-extension-removed": "api-extension-added",
    "docs-extension-removed": "docs-extension-added",
    "webhook-payload-removed": "webhook-payload-added",
    "webhook-payload-became-optional": "webhook-payload-became-required",
    "webhook-payload-media-type-removed": "webhook-payload-media-type-added",
    "webhook-parameter-removed-required": "webhook-parameter-added-required",
    "webhook-parameter-removed-optional": "webhook-parameter-added-optional",
    "webhook-parameter-became-optional": "webhook-parameter-became-required",
}


def row(kind: str) -> Row:
    """The base/revision texts that produce `kind`."""
    if kind in FORWARD:
        return FORWARD[kind]
    old, new = FORWARD[BACKWARD[kind]]
    return new, old
