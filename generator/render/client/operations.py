"""One operation -> what its method needs: argument types, the wire description, the result.

Every decision is here (types through the models' `TypeMapper`, names from
`generator.naming.client`); `methods.py` lays the decisions out as code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.ir import schema as s
from generator.ir.model import Api, MediaType, Operation, Parameter, ParameterLocation
from generator.naming.client import (
    ArgLocation,
    Argument,
    MethodName,
    body_fields,
    body_media,
    carries_files,
    fixed_value,
)
from generator.render.models.objects import Parts, collect
from generator.render.models.typemap import TypeMapper, Where
from generator.render.pytext import Expr, atom, sub

_ITEM_FIELDS = ("data", "items", "value", "results")
_NEXT_LINKS = ("next_link", "nextLink", "@odata.nextLink", "next", "next_page_url")
_CURSOR_PARAMS = ("after", "starting_after", "cursor", "page_token", "pageToken")


@dataclass(frozen=True, slots=True)
class ArgView:
    """One argument: its name, wire name, place, type and whether it must be given."""

    name: str
    wire: str
    location: ArgLocation
    type: Expr
    required: bool
    deprecated: bool = False
    style: str = ""
    explode: bool = False
    is_file: bool = False


@dataclass(frozen=True, slots=True)
class Paging:
    """How a list operation pages, and the type of one item."""

    kind: str
    items: str
    request: str
    flag: str
    cursor: str
    item: Expr
    where: str = "query"  # a cursor in the body of a POST list: "body"


@dataclass(slots=True)
class OpView:
    """Everything a method is rendered from."""

    op: Operation
    names: MethodName
    args: list[ArgView] = field(default_factory=list)
    body_kind: str = "NONE"  # a runtime Kind name
    media: str = ""
    whole_body: bool = False  # `body=` instead of flattened fields
    response_kind: str = "NONE"
    result: Expr = field(default_factory=lambda: atom("None"))
    event: Expr | None = None
    paging: Paging | None = None
    fixed: dict[str, str] = field(default_factory=dict)
    auth: bool = True


def _op_name(op: Operation) -> str:
    return op.operation_id or f"{op.method.value} {op.path}"


def build(api: Api, mapper: TypeMapper, names: MethodName, op: Operation) -> OpView:
    """The view of one operation."""
    view = OpView(op, names)
    view.fixed = {p.name: v for p in op.parameters if (v := fixed_value(api, p)) is not None}
    view.auth = bool(op.effective_security(api)) and any(
        r.schemes for r in op.effective_security(api))
    params = {(p.name, p.location.value): p for p in op.parameters}
    body_types = _body_types(api, mapper, op, view)
    for arg in names.arguments:
        if arg.location is ArgLocation.BODY:
            view.args.append(_body_arg(arg, body_types, view))
        else:
            found = params.get((arg.wire, arg.location.value))
            view.args.append(_param_arg(mapper, op, arg, found))
    _response(api, mapper, op, view)
    return view


def _param_arg(mapper: TypeMapper, op: Operation, arg: Argument,
               param: Parameter | None) -> ArgView:
    if param is None:  # the stripped deployment segment
        return ArgView(arg.name, arg.wire, arg.location, atom("str"), True, style="simple")
    schema = mapper.api.node(param.schema_id)
    if schema is None and param.content:
        schema = mapper.api.node(next(iter(param.content.values())).schema_id)
    kind = mapper.expr(schema, Where(None, (_op_name(op), param.name), param.schema_id or "",
                                     params=True)) if schema is not None else atom("str")
    default_style = {ParameterLocation.QUERY: "form", ParameterLocation.COOKIE: "form"}
    style = param.style or default_style.get(param.location, "simple")
    explode = param.explode if param.explode is not None else style == "form"
    return ArgView(arg.name, arg.wire, arg.location, kind, arg.required, param.deprecated,
                   style, explode)


def _body_types(api: Api, mapper: TypeMapper, op: Operation,
                view: OpView) -> dict[str, tuple[Expr, bool, bool]]:
    """Body field types by wire name (type, deprecated, is a file), and the body's kind."""
    body = op.request_body
    if body is None or not body.content:
        return {}
    media = body_media(api, op)  # the one naming/ took the argument names from
    assert media is not None
    view.media = media
    view.body_kind = ("JSON" if "json" in media else "MULTIPART" if "multipart" in media
                      else "FORM" if "x-www-form-urlencoded" in media else "RAW")
    content = body.content[media]
    schema = api.node(content.schema_id)
    words = (_op_name(op), "request") if "json" in media else (_op_name(op), media, "request")
    whole = mapper.expr(schema, Where(None, words, content.schema_id or "", params=True))
    found = mapper.by_name.get(whole.head) if whole.is_atom else None
    out: dict[str, tuple[Expr, bool, bool]] = {"": (whole, False, False)}
    if found is None:
        return out
    parts = collect(mapper, found.schema, found.key.split("|")[0], Parts())
    for wire, (prop, ptr) in parts.props.items():
        expr = mapper.expr(prop, Where(found.key, (wire,), ptr, params=True))
        is_file = view.body_kind == "MULTIPART" and carries_files(api, prop, set())
        out[wire] = (expr, prop.deprecated, is_file)
    return out


def _body_arg(arg: Argument, types: dict[str, tuple[Expr, bool, bool]], view: OpView) -> ArgView:
    if arg.wire == "":
        view.whole_body = True
    kind, deprecated, is_file = types.get(arg.wire, (atom("Any"), False, False))
    if is_file:
        kind = atom("FileTypes", "FileTypes")
    return ArgView(arg.name, arg.wire, arg.location, kind, arg.required, deprecated,
                   is_file=is_file)


def _success(op: Operation) -> tuple[str, dict[str, MediaType]] | None:
    statuses = sorted(st for st in op.responses if st.startswith("2"))
    if not statuses and "default" in op.responses:
        statuses = ["default"]
    if not statuses:
        return None
    status = statuses[0]
    return status, dict(op.responses[status].content)


def _response(api: Api, mapper: TypeMapper, op: Operation, view: OpView) -> None:
    found = _success(op)
    if found is None or not found[1]:
        return
    status, content = found
    name = _op_name(op)
    for media in sorted(content):
        schema_id = content[media].schema_id
        schema = api.node(schema_id)
        if media.startswith("text/event-stream"):
            if schema is not None:
                view.event = mapper.expr(schema, Where(None, (name, media, "response"),
                                                       schema_id or ""))
            else:
                view.event = atom("Any")
    json_media = [m for m in sorted(content) if "json" in m]
    binary = [m for m in content if "json" not in m and not m.startswith("text/")]
    if json_media and not binary and _is_string(api, content[json_media[0]].schema_id):
        binary = json_media  # a download declared as a JSON string: the bytes, as sent
    if binary and view.event is None:
        view.response_kind = "BINARY"
        view.result = atom("BinaryResponse", "BinaryResponse")
    elif json_media:
        schema_id = content[json_media[0]].schema_id
        words = (name, "response") if status.startswith("2") else (name, status, "response")
        view.response_kind = "JSON"
        view.result = mapper.expr(api.node(schema_id), Where(None, words, schema_id or "")) \
            if schema_id else atom("Any")
        view.paging = _paging(api, mapper, op, view.result)
    elif view.event is not None:
        view.response_kind = "EVENTS"
        view.result = sub("Stream", view.event)
    elif any(m.startswith("text/") for m in content):
        view.response_kind, view.result = "TEXT", atom("str")
    else:
        view.response_kind, view.result = "BINARY", atom("BinaryResponse", "BinaryResponse")


def _is_string(api: Api, schema_id: str | None) -> bool:
    return isinstance(api.resolve(schema_id), s.StringSchema)


def _paging(api: Api, mapper: TypeMapper, op: Operation, result: Expr) -> Paging | None:
    """Pagination, when the response holds a list and the request asks for a position."""
    if not result.is_atom or result.head not in mapper.by_name:
        return None
    fields = {w for w, _ in body_fields(api, op) or ()} if op.method.value == "post" else set()
    if op.method.value != "get" and (op.streaming or not fields & set(_CURSOR_PARAMS)):
        return None  # a POST lists only with a cursor in its body
    found = mapper.by_name[result.head]
    parts = collect(mapper, found.schema, found.key.split("|")[0], Parts())
    items = next((f for f in _ITEM_FIELDS if isinstance(
        api.resolve(parts.props[f][0]) if f in parts.props else None, s.ArraySchema)), None)
    if items is None:
        return None
    prop, ptr = parts.props[items]
    array = api.resolve(prop)
    assert isinstance(array, s.ArraySchema)
    item = mapper.expr(array.items, Where(found.key, (items, "item"), ptr + "/items"))
    query = {p.name for p in op.parameters if p.location is ParameterLocation.QUERY}
    link = next((f for f in _NEXT_LINKS if f in parts.props), None)
    where = "body" if fields else "query"
    cursor = next((c for c in _CURSOR_PARAMS if c in (fields or query)), None)
    if link is not None and not fields:
        return Paging("next_link", items, "", "", link, item)
    if cursor is not None:
        flag = "has_more" if "has_more" in parts.props else ""
        last = "last_id" if "last_id" in parts.props else \
            "next_cursor" if "next_cursor" in parts.props else ""
        return Paging("cursor", items, cursor, flag, last, item, where)
    for kind in ("page", "offset"):
        if kind in query:
            return Paging(kind, items, kind, "", "", item)
    return None
