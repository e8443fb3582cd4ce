"""The client renderer's decisions: options and defaults, credentials, pagination, layout."""

from __future__ import annotations

import json
from pathlib import Path

import black
import pytest

from generator.ir.model import Api
from generator.naming.client import client_names, op_key
from generator.pipeline import build_ir
from generator.render.client.methods import call_text
from generator.render.client.modules import property_head
from generator.render.client.operations import build
from generator.render.client.options import api_default, auth_source, client_view
from generator.render.models import model_mapper
from tests.conftest import REPO

SPECS = REPO / "specs" / "azure-openai"


def _api(tmp_path: Path, doc: dict[str, object]) -> Api:
    base: dict[str, object] = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
                               "paths": {}}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps({**base, **doc}), encoding="utf-8")
    api, _ = build_ir(path, use_cache=False)
    return api


def test_api_version_defaults_follow_the_rules() -> None:
    dated, _ = build_ir(SPECS / "2025-04-01-preview.yaml", use_cache=True)
    v1, _ = build_ir(SPECS / "v1.yaml", use_cache=True)
    (dated_param,) = dated.api_parameters
    (v1_param,) = v1.api_parameters
    # required, no default: the spec's version label
    assert api_default(dated, True, dated_param.schema_id, dated_param.default) == \
        "2025-04-01-preview"
    # optional: not sent unless given
    assert api_default(v1, False, v1_param.schema_id, v1_param.default) is None


def test_a_single_enum_value_is_the_default(tmp_path: Path) -> None:
    api = _api(tmp_path, {"components": {"schemas": {"V": {"type": "string", "enum": ["7"]}}}})
    assert api_default(api, False, api.schemas["V"], ...) == "7"


def test_credentials_from_security_schemes(tmp_path: Path) -> None:
    v1, _ = build_ir(SPECS / "v1.yaml", use_cache=True)
    assert auth_source(v1) == (
        '_AUTH = AuthSpec(\n    key_name="api-key",\n    key_in="header",\n    bearer=True,\n'
        '    scopes=("https://cognitiveservices.azure.com/.default",),\n)')
    bearer = _api(tmp_path, {
        "components": {"securitySchemes": {"b": {"type": "http", "scheme": "bearer"}}},
        "security": [{"b": []}]})
    assert auth_source(bearer) == "_AUTH = AuthSpec(bearer=True)"


def test_v1_client_options() -> None:
    api, _ = build_ir(SPECS / "v1.yaml", use_cache=True)
    view = client_view(api, "azure_openai", client_names(api), [])
    assert [(o.name, o.wire, o.default) for o in view.api_options] == [
        ("api_version", "api-version", "None")]
    assert [(o.name, o.host) for o in view.server_options] == [("endpoint", True)]
    assert view.env_prefix == "AZURE_OPENAI" and not view.deployment


def _views(spec: Path) -> dict[str, object]:
    api, _ = build_ir(spec, use_cache=True)
    _, mapper = model_mapper(api, None)
    names = client_names(api)
    return {names.methods[op_key(op)].dotted: build(api, mapper, names.methods[op_key(op)], op)
            for op in api.operations}


def test_pagination_and_response_kinds_detected_from_the_spec() -> None:
    views = _views(SPECS / "v1.yaml")
    files_list = views["files.list"]
    assert files_list.paging is not None  # type: ignore[attr-defined]
    assert (files_list.paging.kind, files_list.paging.request,  # type: ignore[attr-defined]
            files_list.paging.flag, files_list.paging.cursor) == (  # type: ignore[attr-defined]
        "cursor", "after", "has_more", "last_id")
    assert views["models.list"].paging is None  # type: ignore[attr-defined]  # no cursor
    assert views["files.content"].response_kind == "BINARY"  # type: ignore[attr-defined]
    chat = views["chat.completions.create"]
    assert chat.response_kind == "JSON" and chat.event is not None  # type: ignore[attr-defined]
    evals = views["evals.list"]
    assert evals.fixed == {"aoai-evals": "preview"}  # type: ignore[attr-defined]
    upload = views["files.create"]
    assert upload.body_kind == "MULTIPART"  # type: ignore[attr-defined]
    assert [a.name for a in upload.args if a.is_file] == ["file"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("sizes", [[1], [30, 30], [40, 40, 40], [90]])
def test_call_text_is_black_stable(sizes: list[int]) -> None:
    args = ['"' + "a" * size + '"' for size in sizes]
    text = "x = [\n" + call_text("Param", args, 4) + "\n]\n"
    assert black.format_str(text, mode=black.Mode()) == text


@pytest.mark.parametrize("attr", ["a", "code_interpreter_sessions_and_more_words_here"])
def test_property_head_is_black_stable(attr: str) -> None:
    text = f"class A:\n    @property\n{property_head(attr, 'SomeQuiteLongClassNameHere')}\n" \
        "        return 1\n"
    assert black.format_str(text, mode=black.Mode()) == text
