"""The client class's options: credentials, API-level parameters, server variables, defaults.

Rules (docs/client.md; the options' names and defaults are `naming.options`', which the
changelog's SDK impact asks too):
- an API-level parameter (`api-version`) is a client option named in snake_case; its default
  is the schema's `default`, `const` or single enum value, else the version label when it is
  required; an optional one with no value given is not sent;
- each server URL variable is an option (`endpoint`); one that stands for a host (`://{x}`)
  also takes a full URL; `base_url` (or `<PACKAGE>_BASE_URL`) overrides them all;
- credentials: `api_key` (or `<PACKAGE>_API_KEY`) goes where the spec's apiKey scheme says,
  as a bearer token when the spec has only HTTP bearer / OAuth2 / OpenID Connect schemes;
  `token_provider` and `credential` give bearer tokens.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from generator.ir.model import Api, SecuritySchemeType
from generator.naming.client import ClientNames
from generator.naming.options import SERVER, ClientOption, client_options
from generator.naming.options import api_default as api_default  # re-exported
from generator.render.client.modules import (
    ResourceModule,
    import_line,
    property_head,
    return_line,
)
from generator.render.pytext import LINE, docstring, py_literal, py_str


@dataclass(frozen=True, slots=True)
class ApiOption:
    """An API-level parameter as a client option."""

    name: str
    wire: str
    location: str
    default: str  # Python source: a literal or None
    doc: str

    @property
    def wire_text(self) -> str:
        """The wire name as a Python string literal."""
        return py_str(self.wire)


@dataclass(frozen=True, slots=True)
class ServerOption:
    """A server URL variable as a client option."""

    name: str
    wire: str
    default: str  # Python source
    host: bool

    @property
    def wire_text(self) -> str:
        """The wire name as a Python string literal."""
        return py_str(self.wire)


@dataclass(slots=True)
class ClientView:
    """What `_client.py` and `__init__.py` are rendered from."""

    title: str
    env_prefix: str
    auth: str  # the AuthSpec(...) source
    server: str  # the server URL template (Python source)
    api_options: list[ApiOption] = field(default_factory=list)
    server_options: list[ServerOption] = field(default_factory=list)
    deployment: bool = False
    # attr, module, class, async class, then the sync and async property heads and imports
    resources: list[TopResource] = field(default_factory=list)
    checking: list[str] = field(default_factory=list)  # TYPE_CHECKING imports of resources
    root: bool = False
    doc: list[str] = field(default_factory=list)
    async_doc: list[str] = field(default_factory=list)
    module_doc: list[str] = field(default_factory=list)


def auth_source(api: Api) -> str:
    """The AuthSpec(...) of the spec's security schemes (those its requirements use first)."""
    used = [n for r in api.security for n in r.schemes]
    for op in api.operations:
        for r in op.security or ():
            used.extend(r.schemes)
    order = list(dict.fromkeys([*used, *sorted(api.security_schemes)]))
    schemes = [api.security_schemes[n] for n in order if n in api.security_schemes]
    key = next((x for x in schemes if x.type is SecuritySchemeType.API_KEY
                and x.parameter_name and x.location is not None), None)
    bearer = any(x.type in (SecuritySchemeType.OAUTH2, SecuritySchemeType.OPEN_ID_CONNECT)
                 or (x.type is SecuritySchemeType.HTTP and (x.scheme or "").lower() == "bearer")
                 for x in schemes)
    scopes: list[str] = []
    for r in api.security:
        for name, wanted in r.schemes.items():
            scheme = api.security_schemes.get(name)
            if scheme is not None and scheme.type is SecuritySchemeType.OAUTH2:
                scopes.extend(wanted)
    parts = []
    if key is not None:
        assert key.location is not None and key.parameter_name is not None
        parts += [f"key_name={py_str(key.parameter_name)}",
                  f"key_in={py_str(key.location.value)}"]
    if bearer:
        parts.append("bearer=True")
    if scopes:
        parts.append(f"scopes=({', '.join(py_str(x) for x in dict.fromkeys(scopes))},)")
    line = f"_AUTH = AuthSpec({', '.join(parts)})"
    if len(line) <= LINE:
        return line
    return "_AUTH = AuthSpec(\n" + "".join(f"    {p},\n" for p in parts) + ")"


def client_view(api: Api, package: str, names: ClientNames,
                modules: list[ResourceModule]) -> ClientView:
    """The client's options and resources."""
    server = api.servers[0] if api.servers else None
    view = ClientView(title=api.title, env_prefix=package.upper(), auth=auth_source(api),
                      server=py_str(server.url if server is not None else "http://localhost"))
    for option in client_options(api):  # the rules live in naming.options
        if option.location == SERVER:
            view.server_options.append(ServerOption(
                option.name, option.wire, py_literal(option.default), option.host))
        else:
            view.api_options.append(_api_option(option))
    view.deployment = any(m.deployment is not None for m in names.methods.values())
    view.root = any(m.name == "_root" for m in modules)
    view.resources = [TopResource(m.top.path[0], m.name, m.top.name, m.top.async_name)
                      for m in modules if m.name != "_root"]
    view.checking = [
        import_line(f".resources.{r.module}", (r.name(a, w) for a in (False, True)
                                               for w in SUFFIXES), 4)
        for r in view.resources]
    view.module_doc = docstring(
        f"The typed client of {api.title} {api.label}: `Client`, `AsyncClient`; models in "
        "`.types`.", 0)
    view.doc = docstring(_class_doc(view, api, ""), 4)
    view.async_doc = docstring(_class_doc(view, api, "async "), 4)
    return view


def _api_option(option: ClientOption) -> ApiOption:
    """An API-level query or header parameter as a client option."""
    doc = f"`{option.wire}` ({option.location})"
    doc += f", default {option.default!r}" if option.default is not None \
        else ", not sent unless given"
    return ApiOption(option.name, option.wire, option.location, py_literal(option.default), doc)


# The class name suffixes of a namespace: itself, `with_raw_response`, `with_streaming_response`.
SUFFIXES = ("", "WithRawResponse", "WithStreamingResponse")


@dataclass(frozen=True, slots=True)
class TopResource:
    """A top-level namespace of the client, and its `...WithRawResponse` twin, laid out."""

    attr: str
    module: str
    cls: str
    async_cls: str

    def head(self, is_async: bool, suffix: str) -> str:
        """`    def attr(self) -> Class:`."""
        return property_head(self.attr, self.name(is_async, suffix))

    def name(self, is_async: bool, suffix: str) -> str:
        """The class of the property: `suffix` is "", "WithRawResponse" or
        "WithStreamingResponse"."""
        return (self.async_cls if is_async else self.cls) + suffix

    def body(self, is_async: bool, suffix: str) -> str:
        """The lazy import and the return statement."""
        name = self.name(is_async, suffix)
        arg = f"self._client.{self.attr}" if suffix else "self"
        imported = import_line(f".resources.{self.module}", (name,), 8)
        return f"{textwrap.indent(imported, ' ' * 8)}\n\n{return_line(name, arg)}"


def _class_doc(view: ClientView, api: Api, kind: str) -> str:
    """The client class's docstring: what each option does (escaped by `docstring`)."""
    lines = [f"The {kind}client of {api.title} {api.label}.", "",
             f"`api_key` (else ${view.env_prefix}_API_KEY) is sent where the spec says; "
             "`token_provider` (a callable returning a bearer token) is called per request; "
             "`credential` (an object with `get_token(*scopes)`) gives tokens cached until "
             "shortly before they expire."]
    for o in view.api_options:
        lines += ["", f"`{o.name}`: {o.doc}."]
    for var in view.server_options:
        host = " (a host name, or a full URL)" if var.host else ""
        lines += ["", f"`{var.name}`: the server variable `{var.wire}`{host}."]
    if view.deployment:
        lines += ["", "`deployment_id`: the deployment of the methods that take one, "
                  "unless a call gives its own."]
    lines += ["", f"`base_url` (else ${view.env_prefix}_BASE_URL) overrides the server URL; "
              "`timeout`, `max_retries`, `default_headers`, `default_query` and `http_client` "
              "apply to every call."]
    return "\n".join(lines)
