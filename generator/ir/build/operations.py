"""Path items -> operations: parameters merged, bodies and responses per media type, markers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator.ir.build.common import Context, Found, escape, extensions, raw_map, text
from generator.ir.build.params import content, fixed_value, header, merge, parameters
from generator.ir.model import (
    HttpMethod,
    Operation,
    Parameter,
    ParameterLocation,
    RequestBody,
    Response,
    SecurityRequirement,
    Server,
    ServerVariable,
    maker,
)
from generator.ir.schema import EMPTY

METHODS = {m.value: m for m in HttpMethod}
_PREVIEW_SEGMENTS = frozenset({"alpha", "preview"})
_new_operation, _new_response = maker(Operation), maker(Response)
_new_request_body, _new_requirement = maker(RequestBody), maker(SecurityRequirement)


def path_items(ctx: Context, section: str) -> list[Operation]:
    """Every operation under `paths` or `webhooks`, in file order."""
    items = ctx.doc.root.data.get(section)
    if not isinstance(items, dict):
        return []
    out: list[Operation] = []
    for path, item in items.items():
        found = ctx.follow(item, "", f"/{section}/{escape(str(path))}")
        if found is not None:
            out.extend(_path_item(ctx, str(path), found))
    return out


def _path_item(ctx: Context, path: str, found: Found) -> list[Operation]:
    node, key, ptr = found.node, found.key, found.ptr
    shared = parameters(ctx, node.get("parameters"), key, f"{ptr}/parameters")
    path_servers = servers(node.get("servers"))
    out = []
    for name, op in node.items():
        method = METHODS.get(name)
        if method is not None and isinstance(op, dict):
            at = f"{ptr}/{name}"
            out.append(_operation(ctx, method, path, op, key, at, shared, path_servers))
    return out


def _operation(
    ctx: Context,
    method: HttpMethod,
    path: str,
    node: dict[str, Any],
    key: str,
    ptr: str,
    shared: list[Parameter],
    path_servers: tuple[Server, ...] | None,
) -> Operation:
    params = merge(shared, parameters(ctx, node.get("parameters"), key, f"{ptr}/parameters"))
    responses = responses_map(ctx, node.get("responses"), key, f"{ptr}/responses")
    own_servers = servers(node.get("servers"))
    tags = node.get("tags")
    return _new_operation(
        method=method,
        path=path,
        operation_id=text(node.get("operationId")),
        tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (),
        summary=text(node.get("summary")),
        description=text(node.get("description")),
        deprecated=node.get("deprecated") is True,
        parameters=params,
        request_body=request_body(ctx, node.get("requestBody"), key, f"{ptr}/requestBody"),
        responses=responses,
        security=security(node["security"]) if "security" in node else None,
        servers=own_servers if own_servers is not None else path_servers,
        preview=_is_preview(ctx, path, params),
        streaming=_streams(responses),
        callbacks=raw_map(node.get("callbacks")),
        extensions=extensions(node),
    )


def _is_preview(ctx: Context, path: str, params: tuple[Parameter, ...]) -> bool:
    # "Under" a stage segment: `/fine_tuning/alpha/graders` is. A segment that is itself an
    # endpoint is a resource or an action, not a stage: Stripe's `/credit_notes/preview`
    # (an action that previews a note) is not, nor `/credit_notes/preview/lines` below it.
    segments = path.split("/")
    for i, segment in enumerate(segments[:-1]):
        if segment in _PREVIEW_SEGMENTS and "/".join(segments[: i + 1]) not in _paths(ctx):
            return True
    for p in params:
        if p.location is ParameterLocation.HEADER and p.required and fixed_value(ctx, p.schema_id):
            return True
    return False


def _paths(ctx: Context) -> frozenset[str]:
    """The spec's path templates (read once per build)."""
    known = ctx.memo.get(("paths", "", None))
    if known is None:
        items = ctx.doc.root.data.get("paths")
        known = ctx.memo[("paths", "", None)] = frozenset(items if isinstance(items, dict) else ())
    assert isinstance(known, frozenset)
    return known


def _streams(responses: Mapping[str, Response]) -> bool:
    # Whether some response is an event stream (`text/event-stream`, parameters aside).
    for response in responses.values():
        for media in response.content:
            if media.split(";")[0].strip().lower() == "text/event-stream":
                return True
    return False


def request_body(ctx: Context, node: Any, key: str, ptr: str) -> RequestBody | None:
    if node is None:
        return None
    found = ctx.follow(node, key, ptr)
    if found is None:
        return None
    made: RequestBody = ctx.once(found, "requestBody", _make_body)
    return made


def _make_body(ctx: Context, found: Found) -> RequestBody:
    node = found.node
    return _new_request_body(
        description=found.description or text(node.get("description")),
        required=node.get("required") is True,
        content=content(ctx, node.get("content"), found.key, f"{found.ptr}/content"),
        extensions=extensions(node),
        origin=found.origin,
    )


def responses_map(ctx: Context, node: Any, key: str, ptr: str) -> Any:
    if not isinstance(node, dict) or not node:
        return EMPTY
    out: dict[str, Response] = {}
    for status, value in node.items():
        if str(status).startswith("x-"):
            continue
        found = ctx.follow(value, key, f"{ptr}/{escape(str(status))}")
        if found is not None:
            code = str(status)
            out[code] = ctx.once(found, f"response {code}", _responder(code))
    return out


def _responder(status: str) -> Callable[[Context, Found], Response]:
    return lambda ctx, found: _response(ctx, status, found)


def _response(ctx: Context, status: str, found: Found) -> Response:
    node, key, ptr = found.node, found.key, found.ptr
    headers: dict[str, Any] = {}
    raw_headers = node.get("headers")
    if isinstance(raw_headers, dict):
        for name, value in raw_headers.items():
            made = header(ctx, value, key, f"{ptr}/headers/{escape(str(name))}")
            if made is not None:
                headers[str(name)] = made
    return _new_response(
        status=status,
        description=found.description or text(node.get("description")),
        headers=headers or EMPTY,
        content=content(ctx, node.get("content"), key, f"{ptr}/content"),
        links=raw_map(node.get("links")),
        extensions=extensions(node),
        origin=found.origin,
    )


def security(value: Any) -> tuple[SecurityRequirement, ...]:
    """A `security` list: each entry one alternative (scheme -> scopes)."""
    if not isinstance(value, list):
        return ()
    out = []
    for entry in value:
        if isinstance(entry, dict):
            schemes = {
                str(name): tuple(str(s) for s in scopes) if isinstance(scopes, list) else ()
                for name, scopes in entry.items()
            }
            out.append(_new_requirement(schemes=schemes or EMPTY))
    return tuple(out)


def servers(value: Any) -> tuple[Server, ...] | None:
    """A `servers` list, or None when absent (the level above applies)."""
    if not isinstance(value, list):
        return None
    out = []
    for entry in value:
        if isinstance(entry, dict) and isinstance(entry.get("url"), str):
            out.append(
                Server(
                    url=entry["url"],
                    description=text(entry.get("description")),
                    variables=_variables(entry.get("variables")),
                )
            )
    return tuple(out)


def _variables(value: Any) -> Any:
    if not isinstance(value, dict) or not value:
        return EMPTY
    out: dict[str, ServerVariable] = {}
    for name, var in value.items():
        if isinstance(var, dict):
            enum = var.get("enum")
            out[str(name)] = ServerVariable(
                default=str(var["default"]) if "default" in var else None,
                enum=tuple(str(e) for e in enum) if isinstance(enum, list) else None,
                description=text(var.get("description")),
            )
    return out
