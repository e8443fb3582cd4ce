"""The client's names: resource namespaces, method names and argument names per operation.

    names = client_names(api, lock)          # lock: the NameLock of the previous run, or None
    names.methods[op_key(op)].dotted         # "chat.completions.create"
    names.methods[op_key(op)].arguments      # (Argument("model", "model", BODY), ...)

Rules (docs/client.md, unit-tested in tests/unit/naming/test_client_names.py):
- the namespace is the path's static segments, snake_case (`/chat/completions` ->
  `chat.completions`); a leading version segment (`/v1/`) and Azure's
  `/deployments/{deployment-id}` are not namespaces (the latter becomes `deployment_id`);
- the method comes from the HTTP method and the path's shape: a path ending in a parameter is
  an item (`retrieve`, `update`, `delete`), one ending in a collection is `list` / `create`;
  a last segment that is a verb, or a singular word after a parameter, is an action
  (`/files/{id}/content` -> `files.content`);
- a (namespace, method) two operations share, or a method name that is also a child
  namespace, falls back to the operationId (snake_case, its `Tag_` prefix dropped);
- arguments: path parameters (positional, in path order), then query, header, cookie
  parameters, then body fields; a name already taken (or one of the reserved per-call names)
  gets its location as a suffix (`_query`, `_header`, `_cookie`, `_body`), then a number;
- the lock (`methods`: operation pointer -> dotted name) wins for every operation still there.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from generator.ir import schema as s
from generator.ir.model import Api, Operation, Parameter, ParameterLocation
from generator.naming.lock import NameLock
from generator.naming.words import snake

# Per-call arguments every method takes; parameters and body fields never take these names.
RESERVED_ARGUMENTS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout", "self"})
# Attributes of the generated Client and resource classes a namespace or method must not hide.
RESERVED_MEMBERS = frozenset({
    "close", "with_options", "with_raw_response", "with_streaming_response", "copy", "api_key",
    "base_url", "max_retries", "timeout", "http_client", "auth", "default_headers",
    "default_query", "request", "get", "post", "put", "patch", "delete_", "types",
})
VERBS = frozenset({
    "accept", "apply", "approve", "attach", "cancel", "capture", "close", "compact", "complete",
    "confirm", "copy", "count", "detach", "expire", "finalize", "mark", "pause", "pay", "publish",
    "refresh", "reject", "reopen", "resume", "reverse", "run", "search", "send", "submit",
    "test", "validate", "verify", "void",
})
_VERSION = re.compile(r"^v\d+(beta|alpha)?\d*$")
_PARAM = re.compile(r"^\{([^{}]+)\}$")
DEPLOYMENT_SEGMENTS = ("deployments", "deployment")


class ArgLocation(str, Enum):
    """Where an argument goes on the wire."""

    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"
    BODY = "body"


@dataclass(frozen=True, slots=True)
class Argument:
    """One Python argument of a method: its name, its wire name and where it goes."""

    name: str
    wire: str
    location: ArgLocation
    required: bool = False


@dataclass(frozen=True, slots=True)
class MethodName:
    """The names of one operation's method."""

    key: str  # the operation's pointer (`#/paths/~1chat~1completions/post`)
    resource: tuple[str, ...]
    name: str
    arguments: tuple[Argument, ...]
    deployment: str | None = None  # the wire name of a stripped `{deployment-id}` parameter

    @property
    def dotted(self) -> str:
        """`chat.completions.create`."""
        return ".".join((*self.resource, self.name))


@dataclass(frozen=True, slots=True)
class ClientNames:
    """Every name of a client: methods by operation pointer, and the resource tree."""

    methods: Mapping[str, MethodName]
    resources: tuple[tuple[str, ...], ...]

    def lock_table(self) -> dict[str, str]:
        """The `methods` table of the name lock."""
        return {key: m.dotted for key, m in sorted(self.methods.items())}


def op_key(operation: Operation) -> str:
    """An operation's node pointer in the root file."""
    path = operation.path.replace("~", "~0").replace("/", "~1")
    return f"#/paths/{path}/{operation.method.value}"


def identifier(text: str) -> str:
    """snake_case, never a keyword (`class` -> `class_`)."""
    name = snake(text)
    return name + "_" if keyword.iskeyword(name) else name


@lru_cache(maxsize=4096)  # pure, and asked several times per operation (and per version)
def split_path(path: str) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    """(static words, path-parameter wire names, stripped deployment parameter) of a path."""
    segments = [seg for seg in path.split("/") if seg]
    deployment = None
    while segments and _VERSION.match(segments[0]):
        segments = segments[1:]
    if len(segments) >= 2 and segments[0] in DEPLOYMENT_SEGMENTS and _PARAM.match(segments[1]):
        deployment = _PARAM.match(segments[1]).group(1)  # type: ignore[union-attr]
        segments = segments[2:]
    statics: list[str] = []
    params: list[str] = []
    for seg in segments:
        found = _PARAM.match(seg)
        if found:
            params.append(found.group(1))
        else:
            statics.append(seg)
    return tuple(statics), tuple(params), deployment


def derive(operation: Operation) -> tuple[tuple[str, ...], str]:
    """The (namespace, method) the path's shape gives an operation, before collisions."""
    segments = split_path(operation.path)[0]
    raw = [seg for seg in operation.path.split("/") if seg]
    ends_with_param = bool(raw) and bool(_PARAM.match(raw[-1]))
    words = [identifier(seg) for seg in segments]
    method = operation.method.value
    if not words:
        return (), _by_method(method, item=ends_with_param) or identifier(method)
    if ends_with_param:
        return tuple(words), _by_method(method, item=True) or identifier(method)
    last = words[-1]
    after_param = len(raw) >= 2 and bool(_PARAM.match(raw[-2]))
    is_action = last.split("_")[0] in VERBS or (after_param and not last.endswith("s"))
    if is_action and len(words) > 1:
        return tuple(words[:-1]), last
    return tuple(words), _by_method(method, item=False) or identifier(method)


def _by_method(method: str, *, item: bool) -> str | None:
    if item:
        return {"get": "retrieve", "delete": "delete", "post": "update", "put": "update",
                "patch": "update"}.get(method)
    return {"get": "list", "post": "create", "put": "create", "delete": "delete"}.get(method)


def fallback_name(operation: Operation) -> str:
    """The operationId as a method name (`Files_GetContent` -> `get_content`)."""
    op_id = operation.operation_id or f"{operation.method.value}_{operation.path}"
    if "_" in op_id and not op_id.islower():
        op_id = op_id.split("_", 1)[1] or op_id
    return identifier(op_id)


def client_names(api: Api, lock: NameLock | None = None) -> ClientNames:
    """Names for every operation of `api`: namespaces, methods and arguments."""
    locked = lock.methods if lock is not None else {}
    ops = [(op_key(op), op) for op in sorted(api.operations,
                                             key=lambda o: (o.path, o.method.value))]
    chosen: dict[str, tuple[tuple[str, ...], str]] = {}
    for key, _ in ops:
        hit = locked.get(key)
        if hit and all(part.isidentifier() for part in hit.split(".")):
            parts = tuple(hit.split("."))
            chosen[key] = (parts[:-1], parts[-1])
    _assign([(key, op) for key, op in ops if key not in chosen], chosen)
    resources = sorted({ns[:i] for ns, _ in chosen.values() for i in range(1, len(ns) + 1)})
    methods = {}
    skip = api_level(api)
    for key, op in ops:
        namespace, name = chosen[key]
        methods[key] = MethodName(key, namespace, name, arguments(api, op, skip),
                                  split_path(op.path)[2])
    return ClientNames(methods=methods, resources=tuple(resources))


def _assign(ops: list[tuple[str, Operation]],
            chosen: dict[str, tuple[tuple[str, ...], str]]) -> None:
    """Rule names for `ops` (with their keys); a shared or shadowing name falls back to the
    operationId."""
    namespaces = {ns[:i] for ns, _ in chosen.values() for i in range(1, len(ns) + 1)}
    first = {key: derive(op) for key, op in ops}
    namespaces |= {ns[:i] for ns, _ in first.values() for i in range(1, len(ns) + 1)}
    counts: dict[tuple[tuple[str, ...], str], int] = {}
    for pair in [*first.values(), *chosen.values()]:
        counts[pair] = counts.get(pair, 0) + 1
    taken = {(ns, name) for ns, name in chosen.values()}
    for key, op in ops:
        namespace, name = first[key]
        clash = counts[(namespace, name)] > 1 or (*namespace, name) in namespaces
        if clash or name in RESERVED_MEMBERS:
            name = fallback_name(op)
        base, number = name, 2
        while (namespace, name) in taken or (*namespace, name) in namespaces \
                or name in RESERVED_MEMBERS:
            name, number = f"{base}_{number}", number + 1
        taken.add((namespace, name))
        chosen[key] = (namespace, name)


def api_level(api: Api) -> set[tuple[str, ParameterLocation]]:
    """The (name, in) of the API-level parameters: client options, not method arguments
    (a path parameter stays an argument: it names the thing a call is about)."""
    return {(p.name, p.location) for p in api.api_parameters
            if p.location is not ParameterLocation.PATH}


def fixed_value(api: Api, param: Parameter) -> str | None:
    """The value of a required header that allows exactly one (the preview marker's)."""
    if not param.required or param.location is not ParameterLocation.HEADER:
        return None
    schema = api.resolve(param.schema_id)
    if schema is None:
        return None
    if schema.const is not s.NO_VALUE and isinstance(schema.const, str):
        return schema.const
    if schema.enum is not None and len(schema.enum) == 1 and isinstance(schema.enum[0], str):
        return schema.enum[0]
    return None


def body_media(api: Api, operation: Operation) -> str | None:
    """The media type of the body a method sends, whose fields are its arguments: JSON, then
    multipart, then form-urlencoded; multipart over JSON when it has a file field (JSON
    cannot carry the bytes). None without a body."""
    body = operation.request_body
    if body is None or not body.content:
        return None
    media = min(body.content, key=_media_rank)
    multipart = next((m for m in sorted(body.content) if "multipart" in m), None)
    if multipart is not None and media != multipart:
        found: dict[str, s.Schema | None] = {}
        _collect(api, api.node(body.content[multipart].schema_id), found, set(), set())
        if any(carries_files(api, prop, set()) for prop in found.values()):
            return multipart
    return media


def body_fields(api: Api, operation: Operation) -> list[tuple[str, bool]] | None:
    """(wire name, required) of an object body's fields, None when the body is not one."""
    media = body_media(api, operation)
    if media is None or operation.request_body is None:
        return None
    found: dict[str, s.Schema | None] = {}
    required: set[str] = set()
    schema = api.node(operation.request_body.content[media].schema_id)
    if not _collect(api, schema, found, required, set()):
        return None
    return [(wire, wire in required) for wire in found]


def carries_files(api: Api, schema: s.Schema | None, seen: set[int]) -> bool:
    """Whether a body field holds bytes: a binary string, an array of them, or a union with
    such a member (OpenAI's `files: oneOf [array of binary, binary]`)."""
    target = api.resolve(schema)
    if target is None or id(target) in seen:
        return False
    seen.add(id(target))
    if isinstance(target, s.ArraySchema):
        return carries_files(api, target.items, seen)
    if isinstance(target, s.UnionSchema):
        return any(carries_files(api, member, seen) for member in target.members)
    return isinstance(target, s.StringSchema) and (
        target.format == "binary" or "contentMediaType" in target.extra
        or "contentEncoding" in target.extra)  # 3.0's binary format, 3.1's content keywords


def _media_rank(media: str) -> tuple[int, str]:
    order = ("application/json", "multipart/form-data", "application/x-www-form-urlencoded")
    return (order.index(media) if media in order else len(order), media)


def _collect(api: Api, schema: s.Schema | None, found: dict[str, s.Schema | None],
             required: set[str], seen: set[str]) -> bool:
    """Merge the writable properties of an object schema; False if it is not an object."""
    if isinstance(schema, s.ReferenceSchema):
        if schema.target in seen:
            return True
        seen.add(schema.target)
        return _collect(api, api.node(schema.target), found, required, seen)
    if isinstance(schema, s.ObjectSchema) and schema.enum is None:
        for wire, prop in schema.properties.items():
            target = api.resolve(prop)
            if target is not None and (prop.read_only or target.read_only):
                continue
            found.setdefault(wire, prop)
        required.update(schema.required)
        return bool(schema.properties)
    if isinstance(schema, s.AllOfSchema):
        parts = [*schema.members, *([schema.base] if schema.base is not None else [])]
        results = [_collect(api, part, found, required, seen) for part in parts]
        return any(results)
    return False


def arguments(api: Api, operation: Operation,
              skip: set[tuple[str, ParameterLocation]] | None = None) -> tuple[Argument, ...]:
    """The arguments of an operation's method, named without collisions (`skip`: the
    API-level parameters, `api_level(api)`, when the caller has them)."""
    if skip is None:
        skip = api_level(api)
    _, path_order, deployment = split_path(operation.path)
    taken = set(RESERVED_ARGUMENTS)
    out: list[Argument] = []
    params = sorted(
        (p for p in operation.parameters if (p.name, p.location) not in skip
         and fixed_value(api, p) is None),
        key=lambda p: (_LOCATION_ORDER[p.location],
                       path_order.index(p.name) if p.name in path_order else 0))
    if deployment is not None:
        out.append(_claim(taken, deployment, ArgLocation.PATH, True, "deployment_id"))
    for p in params:
        if p.location is ParameterLocation.PATH and p.name == deployment:
            continue
        out.append(_claim(taken, p.name, ArgLocation(p.location.value),
                          p.required or p.location is ParameterLocation.PATH))
    fields = body_fields(api, operation)
    if fields is None and operation.request_body is not None and operation.request_body.content:
        # Not an object: the whole body is one argument (wire name "").
        out.append(_claim(taken, "", ArgLocation.BODY, operation.request_body.required, "body"))
    for wire, required in fields or ():
        out.append(_claim(taken, wire, ArgLocation.BODY, required))
    return tuple(out)


_LOCATION_ORDER = {loc: i for i, loc in enumerate(ParameterLocation)}


def _claim(taken: set[str], wire: str, location: ArgLocation, required: bool,
           base: str | None = None) -> Argument:
    name = base or identifier(wire)
    if name in taken:
        name = f"{name}_{location.value}"
    stem, number = name, 2
    while name in taken:
        name, number = f"{stem}{number}", number + 1
    taken.add(name)
    return Argument(name, wire, location, required)
