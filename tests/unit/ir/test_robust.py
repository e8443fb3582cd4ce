"""Building never raises on a loadable spec, whatever sits where an object belongs."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ir.build import build_api
from generator.ir.codec import decode_api, encode_api
from generator.spec.document import SpecDocument, SpecFile

SKELETON: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "servers": [{"url": "https://{h}", "variables": {"h": {"default": "x"}}}],
    "security": [{"k": []}],
    "paths": {
        "/a/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {}}],
            "get": {
                "parameters": [{"$ref": "#/components/parameters/P"}],
                "requestBody": {"content": {"application/json": {"schema": {}}}},
                "responses": {"200": {"description": "ok", "headers": {"H": {"schema": {}}},
                                      "content": {"text/event-stream": {"schema": {}}}}},
                "security": [],
            },
        }
    },
    "webhooks": {"w": {"post": {"responses": {"200": {"description": "ok"}}}}},
    "components": {
        "parameters": {"P": {"name": "p", "in": "header", "required": True, "schema": {}}},
        "schemas": {"S": {"type": "object", "properties": {"x": {}}}},
        "securitySchemes": {"k": {"type": "apiKey", "in": "header", "name": "k"}},
    },
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
    | st.sampled_from(["#/components/schemas/S", "#/nope", "object", "null", "string"]),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(
        st.sampled_from([
            "type", "properties", "items", "allOf", "oneOf", "anyOf", "not", "$ref", "enum",
            "nullable", "example", "exclusiveMinimum", "minimum", "required", "discriminator",
            "propertyName", "mapping", "additionalProperties", "prefixItems", "description",
            "name", "in", "schema", "content", "responses", "parameters", "x-a", "default",
        ]),
        children,
        max_size=5,
    ),
    max_leaves=20,
)


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_places(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_places(value, (*path, index)))
    return found


PLACES = [p for p in _places(SKELETON) if p and p[0] not in ("openapi",)]


def _document(data: dict[str, Any], dialect: str) -> SpecDocument:
    root = SpecFile(key="", display="spec.yaml", path=None, data=data, raw=b"",
                    kind="yaml")
    return SpecDocument(root, openapi="3.1.0" if dialect == "3.1" else "3.0.3",
                        dialect=dialect)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(
    place=st.sampled_from(PLACES),
    value=json_values,
    dialect=st.sampled_from(["3.0", "3.1"]),
)
def test_any_value_anywhere_builds(place: tuple[Any, ...], value: Any, dialect: str) -> None:
    data = copy.deepcopy(SKELETON)
    holder = data
    for token in place[:-1]:
        holder = holder[token]
    holder[place[-1]] = value
    api = build_api(_document(data, dialect))
    for ident in api.nodes:  # every root decodes
        api.nodes[ident]
    assert decode_api(encode_api(api)) == api
