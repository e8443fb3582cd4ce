"""The client's constructor options: API-level parameters and server URL variables.

    client_options(api)   # (ClientOption("api_version", "api-version", "query", "v1"), ...)

Rules (docs/client.md; the client renderer and the changelog's SDK impact both ask here):
- an API-level parameter (`api-version`, not a path one) is an option named in snake_case;
  its default is the schema's `default`, `const` or single enum value, else the version label
  when it is required; an optional one with no value given is not sent (default None);
- each URL variable of the first server is an option (`endpoint`), its default the
  variable's; one that stands for a host (`://{x}`) also takes a full URL;
- a name a built-in constructor argument or an earlier option has gets `_` appended.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir import schema as s
from generator.ir.model import Api, ParameterLocation
from generator.naming.client import identifier

# The constructor's own arguments: an option never takes one of these names.
RESERVED_OPTIONS = frozenset({
    "api_key", "base_url", "token_provider", "credential", "timeout", "max_retries",
    "default_headers", "default_query", "http_client", "deployment_id"})
SERVER = "server"  # the location of a server variable's option


@dataclass(frozen=True, slots=True)
class ClientOption:
    """One option of the client's constructor."""

    name: str
    wire: str
    location: str  # `query` or `header` (an API-level parameter), or `server` (a URL variable)
    default: object  # the value (None: an API-level parameter not sent unless set)
    host: bool = False  # a server variable that stands for a host


def api_default(api: Api, required: bool, schema_id: str | None, default: object) -> object:
    """The default value of an API-level parameter (None: not sent unless given)."""
    schema = api.resolve(schema_id)
    if schema is not None:
        if schema.const is not s.NO_VALUE:
            return schema.const
        if schema.enum is not None and len(schema.enum) == 1:
            return schema.enum[0]
    if not required:
        return None
    if default is not s.NO_VALUE:
        return default
    if schema is not None and schema.default is not s.NO_VALUE:
        return schema.default
    return api.label


def client_options(api: Api) -> tuple[ClientOption, ...]:
    """The options of `api`'s client: API-level parameters, then server variables by name."""
    taken = set(RESERVED_OPTIONS)
    out = []
    for param in api.api_parameters:
        if param.location is ParameterLocation.PATH:
            continue  # an argument of every method instead (naming.client.api_level)
        value = api_default(api, param.required, param.schema_id, param.default)
        out.append(ClientOption(_free(identifier(param.name), taken), param.name,
                                param.location.value, value))
    url = api.servers[0].url if api.servers else ""
    for wire, variable in sorted(api.servers[0].variables.items() if api.servers else ()):
        out.append(ClientOption(_free(identifier(wire), taken), wire, SERVER,
                                variable.default or "", f"://{{{wire}}}" in url))
    return tuple(out)


def _free(name: str, taken: set[str]) -> str:
    """`name`, with `_` appended until no other option has it."""
    while name in taken:
        name += "_"
    taken.add(name)
    return name
