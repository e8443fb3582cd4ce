"""The client's constructor options (`naming.options`): names, collisions and defaults."""

from __future__ import annotations

import json
from pathlib import Path

from generator.ir.model import Api
from generator.naming.options import SERVER, ClientOption, client_options
from tests.unit.changelog.helpers import api_from_text


def _api(tmp: Path, params: list[dict[str, object]], server: dict[str, object]) -> Api:
    ops = {path: {"get": {"parameters": params, "responses": {"200": {"description": "ok"}}}}
           for path in ("/a", "/b")}
    spec = {"openapi": "3.0.3", "info": {"title": "T", "version": "2024-10-21"},
            "servers": [server], "paths": ops}
    return api_from_text(tmp, "spec", json.dumps(spec))


def test_options_names_defaults_and_hosts(tmp_path: Path) -> None:
    params = [
        {"name": "api-version", "in": "query", "required": True, "schema": {"type": "string"}},
        {"name": "api_key", "in": "header", "schema": {"type": "string", "enum": ["k"]}},
        {"name": "tenant", "in": "query", "schema": {"type": "string", "default": "t"}},
    ]
    server = {"url": "https://{endpoint}/{base_url}", "variables": {
        "endpoint": {"default": "x.test"}, "base_url": {"default": "v1"}}}
    api = _api(tmp_path, params, server)
    assert client_options(api) == (
        # required without a value: the version label; a single enum value; optional: unsent
        ClientOption("api_version", "api-version", "query", "2024-10-21"),
        ClientOption("api_key_", "api_key", "header", "k"),  # the constructor's own name
        ClientOption("tenant", "tenant", "query", None),
        ClientOption("base_url_", "base_url", SERVER, "v1"),
        ClientOption("endpoint", "endpoint", SERVER, "x.test", host=True),
    )
