"""Parameters, headers and media types; path-level merging; API-level parameters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from typing import Any

from generator.ir.build.common import Context, Found, escape, extensions, raw_map, text
from generator.ir.model import (
    ApiParameter,
    Header,
    MediaType,
    Operation,
    Parameter,
    ParameterLocation,
    maker,
)
from generator.ir.schema import EMPTY, NO_VALUE, Schema, SchemaBase

_LOCATIONS = {loc.value: loc for loc in ParameterLocation}
_new_media_type, _new_parameter, _new_header = maker(MediaType), maker(Parameter), maker(Header)


def content(ctx: Context, value: Any, key: str, ptr: str) -> Any:
    """A `content` map: media type -> MediaType (EMPTY when absent)."""
    if not isinstance(value, dict) or not value:
        return EMPTY
    out: dict[str, MediaType] = {}
    for media, node in value.items():
        if isinstance(node, dict):
            out[str(media)] = media_type(ctx, node, key, f"{ptr}/{escape(str(media))}")
    return out


def media_type(ctx: Context, node: dict[str, Any], key: str, ptr: str) -> MediaType:
    """One Media Type Object; its `examples` map is kept raw (these are not schema examples)."""
    schema_id = ctx.schema(node.get("schema"), key, f"{ptr}/schema")
    if schema_id is not None and len(node) == 1:  # the commonest: a schema and nothing else
        return _new_media_type(schema_id=schema_id)
    return _new_media_type(
        schema_id=schema_id,
        example=node.get("example", NO_VALUE),
        examples=raw_map(node.get("examples")),
        encoding=raw_map(node.get("encoding")),
        extensions=extensions(node),
    )


def parameter(ctx: Context, node: Any, key: str, ptr: str) -> Parameter | None:
    """A Parameter Object (or a `$ref` to one); None when unusable (validation reports it)."""
    found = ctx.follow(node, key, ptr)
    if found is None:
        return None
    made: Parameter | None = ctx.once(found, "parameter", _parameter)
    return made


def _parameter(ctx: Context, found: Found) -> Parameter | None:
    node, key, ptr = found.node, found.key, found.ptr
    where = node.get("in")
    name, location = node.get("name"), _LOCATIONS.get(where) if isinstance(where, str) else None
    if not isinstance(name, str) or location is None:
        return None
    return _new_parameter(
        name=name,
        location=location,
        required=node.get("required") is True,
        deprecated=node.get("deprecated") is True,
        description=found.description or text(node.get("description")),
        schema_id=ctx.schema(node.get("schema"), key, f"{ptr}/schema"),
        content=content(ctx, node.get("content"), key, f"{ptr}/content"),
        style=text(node.get("style")),
        explode=node.get("explode") if isinstance(node.get("explode"), bool) else None,
        allow_empty_value=node.get("allowEmptyValue") is True,
        allow_reserved=node.get("allowReserved") is True,
        example=node.get("example", NO_VALUE),
        examples=raw_map(node.get("examples")),
        extensions=extensions(node),
        origin=found.origin,
    )


def parameters(ctx: Context, value: Any, key: str, ptr: str) -> list[Parameter]:
    """A `parameters` list, in order, unusable entries left out."""
    if not isinstance(value, list):
        return []
    out = []
    for index, item in enumerate(value):
        made = parameter(ctx, item, key, f"{ptr}/{index}")
        if made is not None:
            out.append(made)
    return out


def merge(path_level: Sequence[Parameter], own: Sequence[Parameter]) -> tuple[Parameter, ...]:
    """Path-level parameters, each overridden by the operation's with the same (name, in)."""
    merged: dict[tuple[str, ParameterLocation], Parameter] = {}
    for param in (*path_level, *own):
        merged[(param.name, param.location)] = param
    return tuple(merged.values())


def header(ctx: Context, node: Any, key: str, ptr: str) -> Header | None:
    """A Header Object (or a `$ref` to one)."""
    found = ctx.follow(node, key, ptr)
    if found is None:
        return None
    made: Header = ctx.once(found, "header", _header)
    return made


def _header(ctx: Context, found: Found) -> Header:
    node, key, ptr = found.node, found.key, found.ptr
    return _new_header(
        description=found.description or text(node.get("description")),
        required=node.get("required") is True,
        deprecated=node.get("deprecated") is True,
        schema_id=ctx.schema(node.get("schema"), key, f"{ptr}/schema"),
        content=content(ctx, node.get("content"), key, f"{ptr}/content"),
        style=text(node.get("style")),
        explode=node.get("explode") if isinstance(node.get("explode"), bool) else None,
        extensions=extensions(node),
        origin=found.origin,
    )


def fixed_value(ctx: Context, schema_id: str | None) -> bool:
    """Whether a schema allows exactly one value (`const`, or a one-value `enum`)."""
    resolved = ctx.resolved(schema_id)
    if resolved is None:
        return False
    if resolved.const is not NO_VALUE:
        return True
    return resolved.enum is not None and len(resolved.enum) == 1


def api_parameters(ctx: Context, operations: Sequence[Operation]) -> tuple[ApiParameter, ...]:
    """The (name, in) pairs every operation takes with an equal resolved schema."""
    if not operations:
        return ()
    first, rest = operations[0], operations[1:]
    found: list[ApiParameter] = []
    for param in first.parameters:
        same = [op.parameter(param.name, param.location) for op in rest]
        if any(p is None for p in same):
            continue
        target = _shape(ctx.resolved(param.schema_id))
        if any(_shape(ctx.resolved(p.schema_id)) != target for p in same if p is not None):
            continue
        everyone = [param, *(p for p in same if p is not None)]
        found.append(_api_parameter(ctx, param, all(p.required for p in everyone)))
    return tuple(found)


def _shape(schema: Schema | None) -> Schema | None:
    """A schema without its prose (description, title, examples): what "equal" compares."""
    if schema is None:
        return None
    changes: dict[str, Any] = {"description": None, "title": None, "examples": ()}
    for f in fields(schema):
        value = getattr(schema, f.name)
        if isinstance(value, SchemaBase):
            changes[f.name] = _shape(value)  # type: ignore[arg-type]
        elif isinstance(value, tuple) and value and isinstance(value[0], SchemaBase):
            changes[f.name] = tuple(_shape(v) for v in value)
        elif f.name in ("properties", "pattern_properties") and value:
            changes[f.name] = {k: _shape(v) for k, v in value.items()}
    return replace(schema, **changes)


def _api_parameter(ctx: Context, param: Parameter, required: bool) -> ApiParameter:
    default = NO_VALUE
    # The parameter's own schema first (a 3.1 `$ref` sibling default), then its target.
    own = ctx.table.get(param.schema_id) if param.schema_id else None
    for schema in (own, ctx.resolved(param.schema_id)):
        if schema is not None and schema.has_default:
            default = schema.default
            break
    return ApiParameter(
        name=param.name,
        location=param.location,
        required=required,
        default=default,
        description=param.description,
        schema_id=param.schema_id,
        origin=param.origin,
    )
