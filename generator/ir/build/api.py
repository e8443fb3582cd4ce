"""The whole document -> `Api`: info, servers, security, operations, schemas, API parameters."""

from __future__ import annotations

import gc
from pathlib import PurePath
from typing import Any, TypeVar

from generator.ir.build.common import Context, escape, extensions, text
from generator.ir.build.operations import path_items, request_body, responses_map, security, servers
from generator.ir.build.params import api_parameters, header, parameter
from generator.ir.model import (
    Api,
    OAuthFlow,
    ParameterLocation,
    SecurityScheme,
    SecuritySchemeType,
)
from generator.ir.codec import schema_table
from generator.ir.schema import EMPTY
from generator.ir.table import SchemaTable
from generator.spec.document import SpecDocument, node_id
from generator.spec.names import component_aliases, file_schema_names
from generator.versions import is_preview, version_label

T = TypeVar("T")
_SCHEME_TYPES = {t.value: t for t in SecuritySchemeType}
_LOCATIONS = {loc.value: loc for loc in ParameterLocation}


def build_api(doc: SpecDocument) -> Api:
    """Build the API model of a loaded spec; problems go to `doc.report`, never raised."""
    # The builder allocates ~100,000 small containers while the parsed document is alive:
    # cyclic GC passes over that document would cost a third of the build. Nothing built
    # here is cyclic, so collection waits until the end.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(doc)
    finally:
        if enabled:
            gc.enable()


def _build(doc: SpecDocument) -> Api:
    ctx = Context(doc)
    data: dict[str, Any] = doc.root.data if isinstance(doc.root.data, dict) else {}
    info = _mapping(data.get("info"))
    components = _mapping(data.get("components"))
    named = _named_schemas(ctx, components.get("schemas"))
    _components(ctx, components)
    operations = tuple(path_items(ctx, "paths"))
    webhooks = tuple(path_items(ctx, "webhooks"))
    nodes = _table(ctx)
    named = _file_schemas(ctx, named)
    info_version = str(info.get("version", ""))
    stem = PurePath(doc.root.display).stem if doc.root.path is not None else ""
    label = version_label(stem, info_version)
    return Api(
        title=str(info.get("title", "")),
        label=label,
        info_version=info_version,
        openapi=doc.openapi,
        dialect=doc.dialect,
        is_preview=is_preview(label),
        description=text(info.get("description")),
        servers=servers(data.get("servers")) or (),
        security_schemes=_security_schemes(ctx, components.get("securitySchemes")),
        security=security(data.get("security")),
        operations=operations,
        webhooks=webhooks,
        schemas=named,
        nodes=nodes,
        api_parameters=api_parameters(ctx, operations),
        extensions=extensions(data),
    )


def _table(ctx: Context) -> SchemaTable:
    # Targets of `$ref`s that no root contains become roots of their own.
    builder = ctx.schemas
    while builder.pending:
        pending, builder.pending = builder.pending, {}
        for ident, target in pending.items():
            if ident not in ctx.table:
                builder.root(target.node, target.key, target.pointer)
    return schema_table(builder.roots)


def _named_schemas(ctx: Context, value: Any) -> Any:
    if not isinstance(value, dict) or not value:
        return EMPTY
    named: dict[str, str] = {}
    root = ctx.schemas.root
    aliases = component_aliases(ctx.doc)
    ctx.schemas.aliases = {
        node_id(*ctx.doc.source("", "/components/schemas/" + escape(name))): target
        for name, target in aliases.items()
    }
    for name, node in value.items():
        name = str(name)
        alias = aliases.get(name)
        if alias is not None:  # `Error: {$ref: schemas/Error.yaml}` names that file's schema
            named[name] = root(alias.node, alias.key, alias.pointer)
            continue
        ptr = "/components/schemas/" + escape(name)
        # A spliced map of schemas (spec.inline) names them where they were written.
        named[name] = node_id("", ptr) if node is None else root(node, "", ptr)
    return named


def _file_schemas(ctx: Context, named: Any) -> Any:
    """The named schemas plus those that live in files of their own (`spec.names`)."""
    known = set(named.values())
    places = []
    for ident in ctx.schemas.targets:
        key, _, pointer = ident.partition("#")
        if key and ident not in known:
            places.append((key, pointer))
    if not places:
        return named
    found = dict(named)
    given = file_schema_names(found.keys(), places)
    for (key, pointer), name in sorted(given.items(), key=lambda item: item[1]):
        found[name] = node_id(key, pointer)
    return found


def _components(ctx: Context, components: dict[str, Any]) -> None:
    # Build every reusable object once, so their schemas are in the table even when unused.
    base = "/components"
    for name, node in _items(components.get("parameters")):
        parameter(ctx, node, "", f"{base}/parameters/{escape(name)}")
    for name, node in _items(components.get("headers")):
        header(ctx, node, "", f"{base}/headers/{escape(name)}")
    for name, node in _items(components.get("requestBodies")):
        request_body(ctx, node, "", f"{base}/requestBodies/{escape(name)}")
    responses = dict(_items(components.get("responses")))
    if responses:
        responses_map(ctx, responses, "", f"{base}/responses")


def _enum(members: dict[str, T], value: Any) -> T | None:
    return members.get(value) if isinstance(value, str) else None


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[tuple[str, Any]]:
    return [(str(k), v) for k, v in value.items()] if isinstance(value, dict) else []


def _security_schemes(ctx: Context, value: Any) -> Any:
    out: dict[str, SecurityScheme] = {}
    for name, node in _items(value):
        found = ctx.follow(node, "", f"/components/securitySchemes/{escape(name)}")
        if found is not None:
            out[name] = _scheme(name, found.node)
    return out or EMPTY


def _scheme(name: str, node: dict[str, Any]) -> SecurityScheme:
    flows: dict[str, OAuthFlow] = {}
    for flow_name, flow in _items(node.get("flows")):
        if isinstance(flow, dict):
            scopes = flow.get("scopes")
            flows[flow_name] = OAuthFlow(
                authorization_url=text(flow.get("authorizationUrl")),
                token_url=text(flow.get("tokenUrl")),
                refresh_url=text(flow.get("refreshUrl")),
                scopes={str(k): str(v) for k, v in scopes.items()} if isinstance(scopes, dict) else EMPTY,
            )
    return SecurityScheme(
        name=name,
        type=_enum(_SCHEME_TYPES, node.get("type")),
        description=text(node.get("description")),
        parameter_name=text(node.get("name")),
        location=_enum(_LOCATIONS, node.get("in")),
        scheme=text(node.get("scheme")),
        bearer_format=text(node.get("bearerFormat")),
        flows=flows or EMPTY,
        open_id_connect_url=text(node.get("openIdConnectUrl")),
        extensions=extensions(node),
    )
