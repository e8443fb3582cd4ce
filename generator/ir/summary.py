"""What a spec holds, as JSON-ready data (`specloom inspect`): deterministic, from the IR only."""

from __future__ import annotations

from typing import Any

from generator.ir.model import Api, ApiParameter, SecurityScheme, Server
from generator.ir.schema import NO_VALUE


def summary(api: Api) -> dict[str, Any]:
    """Title, label, versions, counts (top-level keys), servers, security and API parameters."""
    return {
        "title": api.title,
        "label": api.label,
        "info_version": api.info_version,
        "openapi": api.openapi,
        "dialect": api.dialect,
        "is_preview": api.is_preview,
        "operations": len(api.operations),
        "webhooks": len(api.webhooks),
        "schemas": len(api.schemas),
        "preview_operations": sum(1 for op in api.operations if op.preview),
        "streaming_operations": sum(1 for op in api.operations if op.streaming),
        "servers": [_server(s) for s in api.servers],
        "security_schemes": [_scheme(s) for _, s in sorted(api.security_schemes.items())],
        "security": [
            {name: list(scopes) for name, scopes in sorted(r.schemes.items())} for r in api.security
        ],
        "api_parameters": [_parameter(p) for p in api.api_parameters],
    }


def _server(server: Server) -> dict[str, Any]:
    return {
        "url": server.url,
        "description": server.description,
        "variables": {
            name: {
                "default": var.default,
                "enum": list(var.enum) if var.enum is not None else None,
                "description": var.description,
            }
            for name, var in sorted(server.variables.items())
        },
    }


def _scheme(scheme: SecurityScheme) -> dict[str, Any]:
    kind = scheme.type.value if scheme.type else None
    found: dict[str, Any] = {"name": scheme.name, "type": kind}
    if scheme.scheme is not None:
        found["scheme"] = scheme.scheme
    if scheme.bearer_format is not None:
        found["bearer_format"] = scheme.bearer_format
    if scheme.parameter_name is not None:
        found["parameter_name"] = scheme.parameter_name
    if scheme.location is not None:
        found["in"] = scheme.location.value
    if scheme.flows:
        found["flows"] = sorted(scheme.flows)
    if scheme.open_id_connect_url is not None:
        found["open_id_connect_url"] = scheme.open_id_connect_url
    return found


def _parameter(param: ApiParameter) -> dict[str, Any]:
    return {
        "name": param.name,
        "in": param.location.value,
        "required": param.required,
        "default": None if param.default is NO_VALUE else param.default,
        "has_default": param.default is not NO_VALUE,
    }
