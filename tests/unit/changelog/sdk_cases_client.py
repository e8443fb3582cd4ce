"""Base/revision pairs for the SDK impact of what the client generator adds beyond methods,
arguments and fields: keys inside a body argument's TypedDict, the client's options
(`api-version`, server variables, the default URL), response headers (raw responses only),
and `$ref`'d parameter components reaching several methods. Same `spec()` and `Case` as
`sdk_cases`."""

from __future__ import annotations

from tests.unit.changelog.sdk_cases import (
    SCHEMAS,
    B,
    Case,
    Edit,
    I,
    Json,
    W,
    _paths,
    _prop,
    _ref,
    _schemas,
    _set,
)

PARAMETERS = ("components", "parameters")
FUNCTION = ("components", "schemas", "Function", "properties")
TOOLS = 'tools=[{"function": {%s: ...}}]'


def _required(schema: str, name: str) -> Edit:
    def edit(s: Json) -> None:
        _schemas(s)[schema].setdefault("required", []).append(name)
    return edit


def _parameters(s: Json) -> Json:
    return s["components"]["parameters"]  # type: ignore[no-any-return]


def _version_label(s: Json) -> None:
    # the next dated version: the label (the option's default) and the example follow it
    s["info"]["version"] = "2"
    _parameters(s)["ApiVersion"]["example"] = "2"


def _each_operation(s: Json) -> list[Json]:
    return [op for item in _paths(s).values() for key, op in item.items() if key != "parameters"]


def _tenant_everywhere(s: Json) -> None:
    for op in _each_operation(s):
        op["parameters"].append({"name": "tenant", "in": "query", "schema": {"type": "string"}})


def _version_nowhere(s: Json) -> None:
    for op in _each_operation(s):
        op["parameters"] = [p for p in op["parameters"]
                            if p != {"$ref": "#/components/parameters/ApiVersion"}]
    del _parameters(s)["ApiVersion"]


def _server(url: str, **variables: str) -> Edit:
    def edit(s: Json) -> None:
        s["servers"] = [{"url": url, "variables": {
            name: {"default": value} for name, value in variables.items()}}]
    return edit


def _list_headers(s: Json) -> Json:
    return _paths(s)["/items"]["get"]["responses"]["200"]["headers"]  # type: ignore[no-any-return]


def _header_added(s: Json) -> None:
    _list_headers(s)["x-total"] = {"schema": {"type": "integer"}}


def _header_removed(s: Json) -> None:
    del _list_headers(s)["x-request-id"]


def _header_optional(s: Json) -> None:
    _list_headers(s)["x-request-id"]["required"] = False


def _header_retyped(s: Json) -> None:
    _list_headers(s)["x-request-id"]["schema"] = {"type": "integer"}


def _rename_note(s: Json) -> None:
    meta = _schemas(s)["NewItem"]["properties"]["meta"]["properties"]
    meta["remark"] = meta.pop("note")


def _beta_optional(s: Json) -> None:
    _paths(s)["/items"]["get"]["parameters"].append(
        {"name": "beta", "in": "header", "schema": {"type": "string", "enum": ["v2"]}})


def _beta_required(s: Json) -> None:
    _paths(s)["/items"]["get"]["parameters"][-1]["required"] = True


CLIENT_CASES = (
    # inside a body argument's TypedDict (`Function` is a component reached through `tools`)
    Case("nested-key-added-optional", _prop("Function", "strict", {"type": "boolean"}),
         "request-property-added-optional", "argument-key-added-optional", I,
         {"method": "items.create", "argument": "tools", "path": TOOLS % '"strict"',
          "key": "strict"}),
    Case("nested-key-added-required",
         _prop("Function", "strict", {"type": "boolean"}, required=True),
         "request-property-added-required", "argument-key-added-required", B,
         {"method": "items.create", "argument": "tools", "path": TOOLS % '"strict"',
          "key": "strict"}),
    # a removed optional key is a wire warning and breaks type-checked callers passing it
    Case("nested-key-removed", _set(("components", "schemas", "NewItem", "properties", "meta",
                                     "properties"), {}),
         "request-property-removed-optional", "argument-key-removed", B,
         {"method": "items.create", "argument": "meta", "path": 'meta={"note": ...}',
          "key": "note"}, wire_level=W),
    Case("nested-key-became-required", _required("Function", "parameters"),
         "request-property-became-required", "argument-key-became-required", B,
         {"method": "items.create", "argument": "tools", "path": TOOLS % '"parameters"',
          "key": "parameters"}),
    Case("nested-key-retyped", _set((*FUNCTION, "name"), {"type": "integer"}),
         "request-property-type-changed", "argument-key-retyped", B,
         {"method": "items.create", "argument": "tools", "path": TOOLS % '"name"'}),
    Case("nested-map-value-retyped",
         _set((*FUNCTION, "parameters", "additionalProperties"), {"type": "integer"}),
         "request-property-type-changed", "argument-key-retyped", B,
         {"method": "items.create", "argument": "tools",
          "path": 'tools=[{"function": {"parameters": {str: ...}}}]'}),
    Case("nested-enum-value-added",
         _set((*SCHEMAS, "NewItem", "properties", "tools", "items", "properties", "type",
               "enum"), ["function", "custom", "mcp"]),
         "request-property-enum-value-added", "argument-key-enum-value-added", I,
         {"method": "items.create", "argument": "tools", "path": 'tools=[{"type": ...}]',
          "value": "mcp"}),
    # an enum component a body field refers to: reported once at `Kind`, it is the argument's
    Case("argument-enum-component", _set((*SCHEMAS, "Kind", "enum"), ["plain", "fancy", "odd"]),
         "request-property-enum-value-added", "argument-enum-value-added", I,
         {"method": "items.create", "argument": "kind", "value": "odd"}),
    # the client's options: the API-level `api-version` and the server variable `endpoint`
    Case("option-default-from-schema", _set((*PARAMETERS, "ApiVersion", "schema", "default"),
                                            "2025-01-01"),
         "request-parameter-default-value-added", "client-option-default-changed", W,
         {"option": "api_version", "old": '"1"', "new": '"2025-01-01"'}, wire_level=I),
    Case("option-default-follows-label", _version_label, "docs-parameter-changed",
         "client-option-default-changed", W, {"option": "api_version", "old": '"1"',
                                               "new": '"2"'}, wire_level=I),
    Case("option-no-longer-sent", _set((*PARAMETERS, "ApiVersion", "required"), False),
         "request-parameter-became-optional", "client-option-default-removed", W,
         {"option": "api_version", "old": '"1"'}, wire_level=I),
    Case("option-keeps-default", _set((*PARAMETERS, "ApiVersion", "schema", "enum"), ["1", "2"]),
         "request-parameter-became-enum", "client-option-unchanged", I,
         {"option": "api_version", "default": '"1"'}, wire_level=B),
    Case("option-added", _tenant_everywhere, "api-parameter-added", "client-option-added", I,
         {"option": "tenant", "default": "None"}),
    Case("option-removed", _version_nowhere, "api-parameter-removed", "client-option-removed",
         B, {"option": "api_version"}, wire_level=W),
    Case("server-variable-default", _server("https://{endpoint}/shop", endpoint="shop.test"),
         "api-server-variable-changed", "client-option-default-changed", W,
         {"option": "endpoint", "old": '"shop.example.com"', "new": '"shop.test"'}),
    Case("server-variable-added",
         _server("https://{endpoint}/shop/{region}", endpoint="shop.example.com", region="eu"),
         "api-server-variable-added", "client-option-added", I,
         {"option": "region", "default": '"eu"'}),
    Case("server-variable-renamed", _server("https://{host}/shop", host="shop.example.com"),
         "api-server-variable-removed", "client-option-renamed", B,
         {"old": "endpoint", "new": "host"}),
    Case("server-url-changed", _server("https://{endpoint}/shop/v2", endpoint="shop.example.com"),
         "api-server-url-changed", "client-url-changed", W,
         {"old": "https://{endpoint}/shop", "new": "https://{endpoint}/shop/v2"}, wire_level=B),
    # response headers: only raw responses show them
    Case("header-added", _header_added, "response-header-added", "raw-header-added", I,
         {"header": "x-total", "methods": ["items.list"]}),
    Case("header-removed", _header_removed, "required-response-header-removed",
         "raw-header-removed", W, {"header": "x-request-id", "methods": ["items.list"]},
         wire_level=B),
    Case("header-may-be-missing", _header_optional, "response-header-became-optional",
         "raw-header-may-be-missing", W, {"header": "x-request-id", "methods": ["items.list"]},
         wire_level=B),
    Case("header-retyped", _header_retyped, "response-header-type-changed", "raw-header-retyped",
         I, {"header": "x-request-id", "methods": ["items.list"]}, wire_level=B),
    # a `$ref`'d parameter component: one entry at `Trace`, an impact per method it reaches,
    # each naming that method's own argument (`trace_header` where a query `trace` came first)
    Case("component-parameter-required", _set((*PARAMETERS, "Trace", "required"), True),
         "request-parameter-became-required", "argument-became-required", B,
         {"method": "items.list", "argument": "trace_header"}),
    Case("component-parameter-enum", _set((*PARAMETERS, "Trace", "schema", "enum"),
                                          ["on", "off", "verbose"]),
         "request-parameter-enum-value-added", "argument-enum-value-added", I,
         {"method": "items.create", "argument": "trace", "value": "verbose"}),
    Case("component-parameter-default", _set((*PARAMETERS, "Trace", "schema", "default"), "on"),
         "request-parameter-default-value-changed", "argument-default-changed", W,
         {"method": "items.list", "argument": "trace_header", "old": "off", "new": "on"}),
    Case("nested-key-became-optional", _set((*SCHEMAS, "Function", "required"), []),
         "request-property-became-optional", "argument-key-became-optional", I,
         {"method": "items.create", "argument": "tools", "path": TOOLS % '"name"',
          "key": "name"}),
    Case("nested-enum-value-removed", _set((*FUNCTION, "mode", "enum"), ["auto", "none"]),
         "request-property-enum-value-removed", "argument-key-enum-value-removed", B,
         {"method": "items.create", "argument": "tools", "path": TOOLS % '"mode"',
          "value": "required"}),
    Case("nested-union-widened", _set((*FUNCTION, "output", "oneOf"),
                                      [_ref("Circle"), _ref("Square"), _ref("Star")]),
         "request-property-one-of-added", "argument-key-union-widened", I,
         {"method": "items.create", "argument": "tools", "path": TOOLS % '"output"'}),
    Case("nested-key-renamed", _rename_note, "request-property-probable-rename",
         "argument-key-renamed", B, {"method": "items.create", "argument": "meta",
                                     "path": 'meta={"remark": ...}', "old": "note",
                                     "new": "remark"}),
    Case("option-default-added", _set((*PARAMETERS, "ApiVersion", "schema", "enum"), ["1"]),
         "request-parameter-const-added", "client-option-default-added", W,
         {"option": "api_version", "new": '"1"'},
         before=_set((*PARAMETERS, "ApiVersion", "required"), False)),
    Case("header-deprecated", _set(("paths", "/items", "get", "responses", "200", "headers",
                                    "x-request-id", "deprecated"), True),
         "response-header-became-deprecated", "raw-header-changed", I,
         {"header": "x-request-id", "methods": ["items.list"]}, wire_level=W),
    # a header that became required with one allowed value is a preview marker: the client
    # sends it itself, and the argument goes
    Case("header-became-fixed", _beta_required, "request-parameter-became-required",
         "argument-became-fixed", B, {"method": "items.list", "argument": "beta",
                                      "value": "v2"},
         before=_beta_optional),
)
