"""Named base/revision cases that exercise every kind of the registry.

Schema kinds: each suffix has one row (a schema before and after), placed in each family it
makes kinds in: as a request body, inside a request body object, as a query parameter's
schema, as a response body, inside a response body object, as a response header's schema.
Property suffixes give the object around the property, placed as a request or a response
body. Other kinds have one row each: a whole spec before and after, built from `spec()`.
"""

from __future__ import annotations

import copy
import json
from typing import Any

Json = dict[str, Any]

S: Json = {"type": "string"}
CAT, DOG, BIRD = ({"$ref": f"#/components/schemas/{n}"} for n in ("Cat", "Dog", "Bird"))
_ANIMAL = {
    name: {"type": "object", "required": ["kind"],
           "properties": {"kind": {"type": "string", "const": name.lower()},
                          "type": {"type": "string"}}}
    for name in ("Cat", "Dog", "Bird")
}


def _bounds() -> dict[str, tuple[Json, Json]]:
    rows: dict[str, tuple[Json, Json]] = {}
    base = {
        "max-length": ("string", "maxLength"), "min-length": ("string", "minLength"),
        "max": ("integer", "maximum"), "min": ("integer", "minimum"),
        "exclusive-max": ("number", "exclusiveMaximum"),
        "exclusive-min": ("number", "exclusiveMinimum"),
        "max-items": ("array", "maxItems"), "min-items": ("array", "minItems"),
        "max-properties": ("object", "maxProperties"),
        "min-properties": ("object", "minProperties"),
    }
    for stem, (type_, keyword) in base.items():
        plain: Json = {"type": type_}
        if type_ == "array":
            plain["items"] = S
        rows[f"{stem}-increased"] = ({**plain, keyword: 2}, {**plain, keyword: 5})
        rows[f"{stem}-decreased"] = ({**plain, keyword: 5}, {**plain, keyword: 2})
        rows[f"{stem}-set"] = (plain, {**plain, keyword: 2})
        rows[f"{stem}-unset"] = ({**plain, keyword: 2}, plain)
    return rows


def _swap(rows: dict[str, tuple[Json, Json]], pairs: dict[str, str]) -> None:
    for forward, backward in pairs.items():
        old, new = rows[forward]
        rows[backward] = (new, old)


def _schema_rows() -> dict[str, tuple[Json, Json]]:
    arr: Json = {"type": "array", "items": S}
    union = {"oneOf": [CAT, DOG]}
    disc = {**union, "discriminator": {"propertyName": "kind"}}
    mapped = {**union, "discriminator": {"propertyName": "kind",
                                         "mapping": {"cat": CAT["$ref"]}}}
    rows: dict[str, tuple[Json, Json]] = {
        **_bounds(),
        "type-changed": (S, {"type": "boolean"}),
        "type-generalized": ({"type": "integer"}, {"type": "number"}),
        "format-added": (S, {**S, "format": "date"}),
        "format-changed": ({**S, "format": "date"}, {**S, "format": "date-time"}),
        "enum-value-added": ({**S, "enum": ["a", "b"]}, {**S, "enum": ["a", "b", "c"]}),
        "became-enum": (S, {**S, "enum": ["a", "b"]}),
        "const-added": (S, {**S, "const": "a"}),
        "const-changed": ({**S, "const": "a"}, {**S, "const": "b"}),
        "pattern-added": (S, {**S, "pattern": "^a"}),
        "pattern-changed": ({**S, "pattern": "^a"}, {**S, "pattern": "^b"}),
        "multiple-of-set": ({"type": "integer"}, {"type": "integer", "multipleOf": 2}),
        "multiple-of-changed": ({"type": "integer", "multipleOf": 2},
                                {"type": "integer", "multipleOf": 3}),
        "unique-items-set": (arr, {**arr, "uniqueItems": True}),
        "became-nullable": (S, {"type": ["string", "null"]}),
        "default-value-added": (S, {**S, "default": "a"}),
        "default-value-changed": ({**S, "default": "a"}, {**S, "default": "b"}),
        "deprecated": (S, {**S, "deprecated": True}),
        "became-read-only": (S, {**S, "readOnly": True}),
        "became-write-only": (S, {**S, "writeOnly": True}),
        "one-of-added": (union, {"oneOf": [CAT, DOG, BIRD]}),
        "any-of-added": ({"anyOf": [CAT, DOG]}, {"anyOf": [CAT, DOG, BIRD]}),
        "list-of-types-widened": ({"type": ["string", "integer"]},
                                  {"type": ["string", "integer", "boolean"]}),
        "all-of-added": ({"allOf": [S]}, {"allOf": [S, {**S, "maxLength": 3}]}),
        "became-one-of": ({"anyOf": [CAT, DOG]}, union),
        "discriminator-added": (union, disc),
        "discriminator-property-name-changed": (
            disc, {**union, "discriminator": {"propertyName": "type"}}),
        "discriminator-mapping-added": (mapped, {**union, "discriminator": {
            "propertyName": "kind", "mapping": {"cat": CAT["$ref"], "dog": DOG["$ref"]}}}),
        "discriminator-mapping-changed": (mapped, {**union, "discriminator": {
            "propertyName": "kind", "mapping": {"cat": DOG["$ref"]}}}),
        "items-added": ({"type": "array"}, arr),
        "prefix-items-added": ({"type": "array", "prefixItems": [S]},
                               {"type": "array", "prefixItems": [S, S]}),
        "additional-properties-restricted": (
            {"type": "object"}, {"type": "object", "additionalProperties": S}),
        "keyword-added": (arr, {**arr, "contains": S}),
        "keyword-changed": ({**arr, "contains": S}, {**arr, "contains": {"type": "integer"}}),
        "reference-changed": (CAT, DOG),
    }
    _swap(rows, {
        "type-generalized": "type-specialized", "format-added": "format-removed",
        "enum-value-added": "enum-value-removed", "became-enum": "enum-dropped",
        "const-added": "const-removed", "pattern-added": "pattern-removed",
        "multiple-of-set": "multiple-of-unset", "unique-items-set": "unique-items-unset",
        "became-nullable": "became-not-nullable",
        "default-value-added": "default-value-removed", "deprecated": "reactivated",
        "became-read-only": "became-not-read-only",
        "became-write-only": "became-not-write-only", "one-of-added": "one-of-removed",
        "any-of-added": "any-of-removed", "list-of-types-widened": "list-of-types-narrowed",
        "all-of-added": "all-of-removed", "became-one-of": "became-any-of",
        "discriminator-added": "discriminator-removed",
        "discriminator-mapping-added": "discriminator-mapping-deleted",
        "items-added": "items-removed", "prefix-items-added": "prefix-items-removed",
        "additional-properties-restricted": "additional-properties-unrestricted",
        "keyword-added": "keyword-removed",
    })
    return rows


def _obj(props: dict[str, Json], required: list[str] | None = None) -> Json:
    out: Json = {"type": "object", "properties": props}
    if required:
        out["required"] = required
    return out


def _property_rows() -> dict[str, tuple[Json, Json]]:
    rows = {
        "added-required": (_obj({"a": S}), _obj({"a": S, "b": S}, ["b"])),
        "added-optional": (_obj({"a": S}), _obj({"a": S, "b": {"type": "integer"}})),
        "became-required": (_obj({"a": S}), _obj({"a": S}, ["a"])),
        "removed-after-deprecation": (_obj({"a": S, "b": {**S, "deprecated": True}}),
                                      _obj({"a": S})),
        "probable-rename": (_obj({"a": S, "n": {"type": "integer"}}),
                            _obj({"a": S, "m": {"type": "integer"}})),
    }
    _swap(rows, {"added-required": "removed-required", "added-optional": "removed-optional",
                 "became-required": "became-optional"})
    return rows


SCHEMA_ROWS = _schema_rows()
PROPERTY_ROWS = _property_rows()


def spec(paths: Json | None = None, components: Json | None = None, **top: Any) -> str:
    """A small 3.1 spec as JSON text (YAML reads it)."""
    comps: Json = {"schemas": copy.deepcopy(_ANIMAL)}
    for key, value in (components or {}).items():
        comps.setdefault(key, {}).update(value)
    doc = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
           "paths": paths if paths is not None else {}, "components": comps, **top}
    return json.dumps(doc, indent=1)


def ok(schema: Json | None = None, **extra: Any) -> Json:
    """A 200 response (with a JSON body of `schema`, if given)."""
    response: Json = {"description": "ok", **extra}
    if schema is not None:
        response["content"] = {"application/json": {"schema": schema}}
    return response


def operation(**fields: Any) -> Json:
    """An operation with a 200 response unless given responses."""
    return {"responses": {"200": ok()}, **fields}


def placed(family: str, schema: Json) -> str:
    """A spec holding `schema` where `family` means (one operation, `POST /things`)."""
    op: Json = operation()
    body = {"content": {"application/json": {"schema": schema}}}
    if family == "request-body":
        op["requestBody"] = body
    elif family == "request-property":
        op["requestBody"] = {"content": {"application/json": {"schema": _obj({"p": schema})}}}
    elif family == "request-parameter":
        op["parameters"] = [{"name": "q", "in": "query", "schema": schema}]
    elif family == "response-body":
        op["responses"] = {"200": ok(schema)}
    elif family == "response-property":
        op["responses"] = {"200": ok(_obj({"p": schema}))}
    elif family == "response-header":
        op["responses"] = {"200": ok(headers={"X-H": {"schema": schema}})}
    return spec({"/things": {"post": op}})


def placed_object(family: str, schema: Json) -> str:
    """A spec whose request body (request-property) or response body is `schema`."""
    side = "request-body" if family == "request-property" else "response-body"
    return placed(side, schema)
