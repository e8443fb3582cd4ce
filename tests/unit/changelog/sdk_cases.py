"""Base/revision spec pairs for the SDK impact tests, each with the impact it must give.

A case is a small spec before and after (built from `spec()` by an edit) and what the entry of
one wire kind must say about the client: the SDK kind, its level and its params (the names).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.changelog.model import Level

Json = dict[str, Any]
B, W, I = Level.BREAKING, Level.WARNING, Level.INFO  # noqa: E741


def _ref(name: str) -> Json:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: Json) -> Json:
    return {"content": {"application/json": {"schema": schema}}}


def spec() -> Json:
    """A small API: items (list, create, retrieve), a file by id, and an update pair whose
    methods collide by path shape (so both are named by their operationIds); every operation
    takes the `api-version` component parameter (a client option), `GET /items` and
    `POST /items` the `Trace` header component (`trace_header` on `items.list`, whose query
    parameter `trace` took the plain name); a server with an `endpoint` variable."""
    ok = {"description": "ok", **_json(_ref("Item"))}
    version = {"$ref": "#/components/parameters/ApiVersion"}
    trace = {"$ref": "#/components/parameters/Trace"}
    listed = {"description": "ok", **_json(_ref("Item")), "headers": {
        "x-request-id": {"required": True, "schema": {"type": "string"}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Shop", "version": "1"},
        "servers": [{"url": "https://{endpoint}/shop",
                     "variables": {"endpoint": {"default": "shop.example.com"}}}],
        "paths": {
            "/items": {
                "get": {"operationId": "Items_List", "responses": {"200": listed},
                        "parameters": [{"name": "limit", "in": "query",
                                        "schema": {"type": "integer"}},
                                       {"name": "trace", "in": "query",
                                        "schema": {"type": "string"}}, trace, version]},
                "post": {"operationId": "Items_Create", "responses": {"200": ok},
                         "parameters": [trace, version],
                         "requestBody": {"required": True, **_json(_ref("NewItem"))}},
            },
            "/items/{item_id}": {
                "parameters": [{"name": "item_id", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "get": {"operationId": "Items_Get", "responses": {"200": ok},
                        "parameters": [version]},
                "post": {"operationId": "Items_Patch", "responses": {"200": ok},
                         "parameters": [version]},
                "put": {"operationId": "Items_Replace", "responses": {"200": ok},
                        "parameters": [version]},
            },
        },
        "components": {"parameters": {
            "ApiVersion": {"name": "api-version", "in": "query", "required": True,
                           "schema": {"type": "string"}, "example": "1"},
            "Trace": {"name": "trace", "in": "header",
                      "schema": {"type": "string", "enum": ["on", "off"], "default": "off"}},
        }, "schemas": {
            "Item": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"}, "count": {"type": "integer"},
                "foo-bar": {"type": "string"},
                "status": {"type": "string", "enum": ["open", "closed"]},
                "shape": {"oneOf": [_ref("Circle"), _ref("Square")]},
                "tint": _ref("Tint"),
                "shapes": {"type": "array", "items": _ref("Shape")},
            }},
            "Tint": {"type": "string", "enum": ["red", "blue"]},
            "Shape": {"oneOf": [_ref("Circle"), _ref("Square")]},
            "NewItem": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string"}, "colour": {"type": "string"},
                "size": {"type": "string", "enum": ["s", "m", "l"]},
                "shape": {"oneOf": [_ref("Circle"), _ref("Square")]},
                "meta": {"type": "object", "properties": {"note": {"type": "string"}}},
                "kind": _ref("Kind"),
                "tools": {"type": "array", "items": {
                    "type": "object", "required": ["type"], "properties": {
                        "type": {"type": "string", "enum": ["function", "custom"]},
                        "function": _ref("Function")}}},
            }},
            "Kind": {"type": "string", "enum": ["plain", "fancy"]},
            "Function": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string"},
                "parameters": {"type": "object", "additionalProperties": {"type": "string"}},
                "mode": {"type": "string", "enum": ["auto", "none", "required"]},
                "output": {"oneOf": [_ref("Circle"), _ref("Square")]},
            }},
            "Circle": {"type": "object", "properties": {"r": {"type": "number"}}},
            "Square": {"type": "object", "properties": {"side": {"type": "number"}}},
            "Star": {"type": "object", "properties": {"points": {"type": "integer"}}},
        }},
    }


Edit = Callable[[Json], None]


@dataclass(frozen=True, slots=True)
class Case:
    """One pair: the edit that makes the revision, the wire kind of the entry to look at, and
    the SDK impact that entry must carry."""

    id: str
    edit: Edit
    wire: str  # the entry's (wire) kind
    sdk: str  # the SDK kind
    level: Level
    params: Json
    wire_level: Level | None = None  # asserted where the two verdicts differ
    before: Edit | None = None  # an edit of `spec()` that makes the base, where it differs

    def pair(self) -> tuple[Json, Json]:
        """(base, revision)."""
        base = spec()
        if self.before is not None:
            self.before(base)
        revision = copy.deepcopy(base)
        self.edit(revision)
        return base, revision


def _paths(s: Json) -> Json:
    return s["paths"]  # type: ignore[no-any-return]


def _schemas(s: Json) -> Json:
    return s["components"]["schemas"]  # type: ignore[no-any-return]


def _op_id(path: str, method: str, value: str) -> Edit:
    def edit(s: Json) -> None:
        _paths(s)[path][method]["operationId"] = value
    return edit


def _rename_path_param(s: Json) -> None:
    item = _paths(s).pop("/items/{item_id}")
    item["parameters"][0]["name"] = "id"
    _paths(s)["/items/{id}"] = item


def _move_under_deployment(s: Json) -> None:
    # the reverse of Azure v1's move: the operation gains `/deployments/{deployment-id}`
    ops = _paths(s).pop("/items")
    for op in ops.values():
        op.setdefault("parameters", []).append({
            "name": "deployment-id", "in": "path", "required": True, "schema": {"type": "string"}})
    _paths(s)["/deployments/{deployment-id}/items"] = ops


def _prop(schema: str, name: str, value: Json | None, *, required: bool = False) -> Edit:
    def edit(s: Json) -> None:
        target = _schemas(s)[schema]
        if value is None:
            del target["properties"][name]
            if name in target.get("required", []):
                target["required"].remove(name)
        else:
            target["properties"][name] = value
            if required:
                target.setdefault("required", []).append(name)
    return edit


def _set(path: tuple[str, ...], value: Any) -> Edit:
    def edit(s: Json) -> None:
        node = s
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return edit


def _query_required(s: Json) -> None:
    _paths(s)["/items"]["get"]["parameters"][0]["required"] = True


def _endpoint_removed(s: Json) -> None:
    del _paths(s)["/items/{item_id}"]["get"]


def _endpoint_added(s: Json) -> None:
    _paths(s)["/items/{item_id}"]["delete"] = {
        "operationId": "Items_Delete", "responses": {"204": {"description": "gone"}}}


def _body_schema_swapped(s: Json) -> None:
    # POST /items now takes `Item`'s shape: `name`, `colour`, `size`, `meta` go, `id` ... come
    body = _paths(s)["/items"]["post"]["requestBody"]["content"]["application/json"]
    body["schema"] = _ref("Item")


def _deprecated(s: Json) -> None:
    _paths(s)["/items"]["get"]["deprecated"] = True


def _response(path: str, method: str, response: Json) -> Edit:
    def edit(s: Json) -> None:
        _paths(s)[path][method]["responses"]["200"] = response
    return edit


def _rename_count(s: Json) -> None:
    item = _schemas(s)["Item"]["properties"]
    item["total"] = item.pop("count")


STREAMING = {"description": "ok", "content": {
    "application/json": {"schema": _ref("Item")},
    "text/event-stream": {"schema": {"type": "string"}}}}


NULLABLE_ID = {"type": "string", "nullable": True}
SCHEMAS = ("components", "schemas")

CASES = (
    # operations and methods
    Case("endpoint-added", _endpoint_added, "endpoint-added", "method-added", I,
         {"method": "items.delete"}),
    Case("endpoint-removed", _endpoint_removed, "endpoint-removed-without-deprecation",
         "method-removed", B, {"method": "items.retrieve"}),
    Case("endpoint-deprecated", _deprecated, "endpoint-deprecated", "method-deprecated", W,
         {"method": "items.list"}),
    # an operationId rename is a wire warning; it renames a method named by its operationId
    Case("operation-id-renames-method", _op_id("/items/{item_id}", "put", "Items_Overwrite"),
         "api-operation-id-changed", "method-renamed", B,
         {"old": "items.replace", "new": "items.overwrite"}, wire_level=W),
    # ... and leaves a method named by its path alone
    Case("operation-id-keeps-method", _op_id("/items", "get", "Items_ListAll"),
         "api-operation-id-changed", "method-unchanged", I, {"method": "items.list"},
         wire_level=W),
    # a move breaks the wire, not the method's name (the argument it adds is its own entry)
    Case("moved-keeps-method", _move_under_deployment, "endpoint-moved", "method-unchanged", I,
         {"method": "items.create"}, wire_level=B),
    Case("moved-adds-deployment", _move_under_deployment, "new-required-request-parameter",
         "argument-added-required", B, {"method": "items.create", "argument": "deployment_id"}),
    # arguments
    Case("path-parameter-renamed", _rename_path_param, "request-parameter-renamed",
         "argument-renamed", B, {"method": "items.retrieve", "old": "item_id", "new": "id"}),
    Case("query-became-required", _query_required, "request-parameter-became-required",
         "argument-became-required", B, {"method": "items.list", "argument": "limit"}),
    Case("body-property-added-optional", _prop("NewItem", "price", {"type": "number"}),
         "request-property-added-optional", "argument-added-optional", I,
         {"method": "items.create", "argument": "price"}),
    Case("body-property-added-required",
         _prop("NewItem", "price", {"type": "number"}, required=True),
         "request-property-added-required", "argument-added-required", B,
         {"method": "items.create", "argument": "price"}),
    Case("body-property-removed", _prop("NewItem", "colour", None),
         "request-property-removed-optional", "argument-removed", B,
         {"method": "items.create", "argument": "colour"}),
    Case("body-enum-value-added", _set((*SCHEMAS, "NewItem", "properties", "size", "enum"),
                                       ["s", "m", "l", "xl"]),
         "request-property-enum-value-added", "argument-enum-value-added", I,
         {"method": "items.create", "argument": "size", "value": "xl"}),
    Case("body-reference-changed", _body_schema_swapped, "request-body-reference-changed",
         "argument-removed", B, {"method": "items.create", "argument": "name"}),
    Case("body-reference-changed-adds", _body_schema_swapped, "request-body-reference-changed",
         "argument-added-required", B, {"method": "items.create", "argument": "id"}),
    Case("query-deprecated", _set(("paths", "/items", "get", "parameters", 0, "deprecated"), True),
         "request-parameter-deprecated", "argument-deprecated", W,
         {"method": "items.list", "argument": "limit"}),
    # model fields
    Case("response-became-nullable", _prop("Item", "id", NULLABLE_ID),
         "response-property-became-nullable", "field-became-nullable", B,
         {"model": "Item", "field": "id"}),
    Case("response-field-added", _prop("Item", "price", {"type": "number"}),
         "response-property-added-optional", "field-added", I,
         {"model": "Item", "field": "price"}),
    Case("response-field-removed", _prop("Item", "foo-bar", None),
         "response-property-removed-optional", "field-removed", B,
         {"model": "Item", "field": "foo_bar"}),
    Case("response-field-retyped", _prop("Item", "count", {"type": "string"}),
         "response-property-type-changed", "field-retyped", B,
         {"model": "Item", "field": "count"}),
    Case("response-enum-value-added",
         _set((*SCHEMAS, "Item", "properties", "status", "enum"), ["open", "closed", "held"]),
         "response-property-enum-value-added", "enum-value-added", W,
         {"model": "Item", "field": "status", "value": "held"}),
    Case("response-union-widened",
         _set((*SCHEMAS, "Item", "properties", "shape", "oneOf"),
              [_ref("Circle"), _ref("Square"), _ref("Star")]),
         "response-property-one-of-added", "union-widened", W,
         {"model": "Item", "field": "shape"}),
    # more arguments
    Case("body-property-became-optional", _set((*SCHEMAS, "NewItem", "required"), []),
         "request-property-became-optional", "argument-became-optional", I,
         {"method": "items.create", "argument": "name"}),
    Case("body-enum-value-removed", _set((*SCHEMAS, "NewItem", "properties", "size", "enum"),
                                         ["s", "m"]),
         "request-property-enum-value-removed", "argument-enum-value-removed", B,
         {"method": "items.create", "argument": "size", "value": "l"}),
    Case("body-property-retyped", _prop("NewItem", "colour", {"type": "integer"}),
         "request-property-type-changed", "argument-retyped", B,
         {"method": "items.create", "argument": "colour"}),
    Case("body-union-widened", _set((*SCHEMAS, "NewItem", "properties", "shape", "oneOf"),
                                    [_ref("Circle"), _ref("Square"), _ref("Star")]),
         "request-property-one-of-added", "argument-union-widened", I,
         {"method": "items.create", "argument": "shape"}),
    # more methods and models
    Case("streaming-added", _response("/items/{item_id}", "get", STREAMING),
         "endpoint-streaming-added", "method-streaming-added", I,
         {"method": "items.retrieve"}),
    Case("streaming-removed", _response("/items/{item_id}", "get", {
        "description": "ok", **_json(_ref("Item"))}), "endpoint-streaming-removed",
         "method-streaming-removed", B, {"method": "items.retrieve"},
         before=_response("/items/{item_id}", "get", STREAMING)),
    Case("endpoint-reactivated", _set(("paths", "/items", "get", "deprecated"), False),
         "endpoint-reactivated", "method-undeprecated", I, {"method": "items.list"},
         before=_deprecated),
    Case("return-retyped", _response("/items/{item_id}", "get", {
        "description": "ok", **_json({"type": "string"})}),
         "response-body-type-changed", "method-return-retyped", B,
         {"method": "items.retrieve"}),
    Case("response-field-may-be-missing", _set((*SCHEMAS, "Item", "required"), []),
         "response-property-became-optional", "field-became-optional", B,
         {"model": "Item", "field": "id"}),
    Case("response-field-renamed", _rename_count, "response-property-probable-rename",
         "field-renamed", B, {"model": "Item", "old": "count", "new": "total"}),
    # a component that model fields hold as a whole: reported once at it, each field named
    Case("response-enum-component", _set((*SCHEMAS, "Tint", "enum"), ["red", "blue", "green"]),
         "response-property-enum-value-added", "enum-value-added", W,
         {"model": "Item", "field": "tint", "value": "green"}),
    Case("response-union-component",
         _set((*SCHEMAS, "Shape", "oneOf"), [_ref("Circle"), _ref("Square"), _ref("Star")]),
         "response-property-one-of-added", "union-widened", W,
         {"model": "Item", "field": "shapes"}),
)
