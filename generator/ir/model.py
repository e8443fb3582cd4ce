"""The API model: what a spec describes, as frozen data (no Python, no raw document).

`Api` is the root. Operations carry their parameters with the path-level ones merged in,
their request body and responses per media type, and their security and servers either
inherited (`None`) or overridden. Schemas are in `generator.ir.schema`; every schema, named
or inline, is reachable by node id through `Api.nodes`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from enum import Enum
from typing import Any, ParamSpec, TypeVar

from generator.ir.schema import EMPTY, NO_VALUE, JsonValue, ReferenceSchema, Schema
from generator.ir.table import SchemaTable

_P = ParamSpec("_P")
_T = TypeVar("_T")


_MADE: dict[Any, Any] = {}  # class -> its maker: one function per class and process


def maker(cls: Callable[_P, _T]) -> Callable[_P, _T]:
    """A function that makes `cls` objects as `cls(...)` does, several times faster.

    For the frozen, slotted, keyword-only dataclasses that a build makes by the thousand
    (parameters, media types, responses, operations) and that decoding makes again (schema
    nodes). Calling a class packs the keywords into a dict for `__init__`, and a frozen
    dataclass's `__init__` stores each field through `object.__setattr__` (its own
    `__setattr__` refuses). The function made here takes the keywords directly, fills an
    object of a plain class with the same slots, then gives it the class `cls`; Python allows
    assigning `__class__` between classes of the same layout, and the result is the object
    `cls(...)` would make, equal, hashing and printing the same (a `Parameter`: 2.5 -> 0.5 µs).
    A class with fields inherited from a slotted base (the schema kinds) has no such plain
    twin (Python refuses the layout), so its function makes a `cls` object and stores each
    field through its slot's descriptor, which the frozen `__setattr__` does not guard (an
    `ObjectSchema`: 2.2 -> 0.95 µs). Same parameters, defaults and errors. Classes with a
    `__post_init__`, `default_factory` or `init=False` field are refused. Each class's
    function is made once (compiling it costs about what 100 calls save).
    """
    made = _MADE.get(cls)
    if made is None:
        made = _MADE[cls] = _make_maker(cls)
    return made  # type: ignore[no-any-return]


def _make_maker(cls: Any) -> Any:
    assert isinstance(cls, type) and not hasattr(cls, "__post_init__"), cls
    own_slots = cls.__dict__["__slots__"]
    inherited = any(f.name not in own_slots for f in fields(cls))
    env: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    if inherited:
        lines = ["    obj = _new(_cls)"]
    else:
        plain = type(f"{cls.__name__}Fields", (), {"__slots__": own_slots})
        probe: Any = object.__new__(plain)
        probe.__class__ = cls  # the layouts match: this fails here, not in a build
        env["_plain"] = plain
        lines = ["    obj = _new(_plain)"]
    params: list[str] = []
    for f in fields(cls):
        assert f.init and f.kw_only and f.default_factory is MISSING, f"{cls.__name__}.{f.name}"
        assert f.name.isidentifier() and not f.name.startswith("_") and f.name != "obj", f.name
        if f.default is MISSING:
            params.append(f.name)
        else:
            env[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        if inherited:
            env[f"_set_{f.name}"] = getattr(cls, f.name).__set__  # the slot's descriptor
            lines.append(f"    _set_{f.name}(obj, {f.name})")
        else:
            lines.append(f"    obj.{f.name} = {f.name}")
    if not inherited:
        lines.append("    obj.__class__ = _cls")
    source = "\n".join([f"def make(*, {', '.join(params)}):", *lines, "    return obj"])
    exec(source, env)
    make = env["make"]
    make.__name__, make.__qualname__ = cls.__name__, cls.__qualname__  # as in its errors
    return make


class HttpMethod(str, Enum):
    """The HTTP methods a path item can hold, in the order OpenAPI lists them."""

    GET = "get"
    PUT = "put"
    POST = "post"
    DELETE = "delete"
    OPTIONS = "options"
    HEAD = "head"
    PATCH = "patch"
    TRACE = "trace"


class ParameterLocation(str, Enum):
    """A parameter's `in`."""

    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"


class SecuritySchemeType(str, Enum):
    """A security scheme's `type`."""

    API_KEY = "apiKey"
    HTTP = "http"
    OAUTH2 = "oauth2"
    OPEN_ID_CONNECT = "openIdConnect"
    MUTUAL_TLS = "mutualTLS"


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerVariable:
    """A server URL variable."""

    default: str | None  # required by OpenAPI; None when a spec leaves it out
    enum: tuple[str, ...] | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Server:
    """A server URL (possibly templated) and its variables."""

    url: str
    description: str | None = None
    variables: Mapping[str, ServerVariable] = EMPTY


@dataclass(frozen=True, slots=True, kw_only=True)
class OAuthFlow:
    """One OAuth2 flow."""

    authorization_url: str | None = None
    token_url: str | None = None
    refresh_url: str | None = None
    scopes: Mapping[str, str] = EMPTY


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityScheme:
    """A named security scheme of `components.securitySchemes`."""

    name: str
    type: SecuritySchemeType | None  # None: a `type` OpenAPI does not define
    description: str | None = None
    parameter_name: str | None = None  # apiKey: the header/query/cookie name
    location: ParameterLocation | None = None  # apiKey: where it goes
    scheme: str | None = None  # http: "bearer", "basic", ...
    bearer_format: str | None = None
    flows: Mapping[str, OAuthFlow] = EMPTY  # oauth2: by flow name ("clientCredentials", ...)
    open_id_connect_url: str | None = None
    extensions: Mapping[str, JsonValue] = EMPTY


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityRequirement:
    """One alternative of a `security` list: scheme name -> scopes (all needed together)."""

    schemes: Mapping[str, tuple[str, ...]] = EMPTY


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaType:
    """One media type of a body: its schema and examples (media-type examples stay raw)."""

    schema_id: str | None = None  # the schema's node id in Api.nodes
    example: JsonValue = NO_VALUE
    examples: Mapping[str, JsonValue] = EMPTY
    encoding: Mapping[str, JsonValue] = EMPTY
    extensions: Mapping[str, JsonValue] = EMPTY


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameter:
    """An operation parameter, identified by (name, location)."""

    name: str
    location: ParameterLocation
    required: bool = False
    deprecated: bool = False
    description: str | None = None
    schema_id: str | None = None  # the schema's node id in Api.nodes
    content: Mapping[str, MediaType] = EMPTY  # the `content` form instead of `schema`
    style: str | None = None
    explode: bool | None = None
    allow_empty_value: bool = False
    allow_reserved: bool = False
    example: JsonValue = NO_VALUE
    examples: Mapping[str, JsonValue] = EMPTY
    extensions: Mapping[str, JsonValue] = EMPTY
    # The node id of the component it was a `$ref` to (`#/components/parameters/ApiVersion`);
    # None when written in place. One component merged into many operations is one origin.
    origin: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Header:
    """A response header."""

    description: str | None = None
    required: bool = False
    deprecated: bool = False
    schema_id: str | None = None  # the schema's node id in Api.nodes
    content: Mapping[str, MediaType] = EMPTY
    style: str | None = None
    explode: bool | None = None
    extensions: Mapping[str, JsonValue] = EMPTY
    origin: str | None = None  # as Parameter.origin


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestBody:
    """A request body: one `MediaType` per content type."""

    description: str | None = None
    required: bool = False
    content: Mapping[str, MediaType] = EMPTY
    extensions: Mapping[str, JsonValue] = EMPTY
    origin: str | None = None  # as Parameter.origin


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    """One response of an operation, by status (`"200"`, `"4XX"`, `"default"`)."""

    status: str
    description: str | None = None
    headers: Mapping[str, Header] = EMPTY
    content: Mapping[str, MediaType] = EMPTY
    links: Mapping[str, JsonValue] = EMPTY  # kept raw
    extensions: Mapping[str, JsonValue] = EMPTY
    origin: str | None = None  # as Parameter.origin


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    """One method of one path (or of one webhook, whose name is then `path`)."""

    method: HttpMethod
    path: str
    operation_id: str | None = None
    tags: tuple[str, ...] = ()
    summary: str | None = None
    description: str | None = None
    deprecated: bool = False
    parameters: tuple[Parameter, ...] = ()
    request_body: RequestBody | None = None
    responses: Mapping[str, Response] = EMPTY
    # None: inherits Api.security; (): `security: []`, explicitly no authentication.
    security: tuple[SecurityRequirement, ...] | None = None
    # None: inherits the path's or the API's servers.
    servers: tuple[Server, ...] | None = None
    preview: bool = False  # a required fixed-value header, or an alpha/preview path segment
    streaming: bool = False  # some response is text/event-stream
    callbacks: Mapping[str, JsonValue] = EMPTY  # kept raw
    extensions: Mapping[str, JsonValue] = EMPTY

    def effective_security(self, api: Api) -> tuple[SecurityRequirement, ...]:
        """The security that applies: the operation's own, else the API's default."""
        return api.security if self.security is None else self.security

    def parameter(self, name: str, location: ParameterLocation) -> Parameter | None:
        """The parameter with this (name, in), if the operation takes it."""
        for param in self.parameters:
            if param.name == name and param.location is location:
                return param
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiParameter:
    """A (name, in) every operation takes with an equal resolved schema (`api-version`)."""

    name: str
    location: ParameterLocation
    required: bool  # required by every operation
    default: JsonValue = NO_VALUE
    description: str | None = None
    schema_id: str | None = None
    origin: str | None = None  # the first operation's parameter's origin


@dataclass(frozen=True, slots=True, kw_only=True)
class Api:
    """A whole spec version."""

    title: str
    label: str  # from the file stem when it reads as one, else info.version
    info_version: str
    openapi: str  # the declared version, e.g. "3.1.0"
    dialect: str  # "3.0" or "3.1"
    is_preview: bool = False
    description: str | None = None
    servers: tuple[Server, ...] = ()
    security_schemes: Mapping[str, SecurityScheme] = EMPTY
    security: tuple[SecurityRequirement, ...] = ()  # the default for operations
    operations: tuple[Operation, ...] = ()
    webhooks: tuple[Operation, ...] = ()
    schemas: Mapping[str, str] = EMPTY  # named component schemas: name -> node id
    nodes: SchemaTable = field(default_factory=SchemaTable)
    api_parameters: tuple[ApiParameter, ...] = ()
    extensions: Mapping[str, JsonValue] = EMPTY

    def schema(self, name: str) -> Schema:
        """A named component schema by name (KeyError when absent)."""
        return self.nodes[self.schemas[name]]

    def node(self, node_id: str | None) -> Schema | None:
        """The schema with this node id (None for None or an unknown id)."""
        return None if node_id is None else self.nodes.get(node_id)

    def resolve(self, schema: Schema | str | None) -> Schema | None:
        """Follow reference edges (not their siblings) to the schema they lead to."""
        if isinstance(schema, str):
            schema = self.nodes.get(schema)
        return resolve_in(self.nodes, schema)


def resolve_in(nodes: Mapping[str, Schema], schema: Schema | None) -> Schema | None:
    """Follow reference edges through `nodes` (a cycle of pure references stops)."""
    seen: set[str] = set()
    while isinstance(schema, ReferenceSchema) and schema.target not in seen:
        seen.add(schema.target)
        schema = nodes.get(schema.target)
    return schema
