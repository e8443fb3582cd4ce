"""Client names: namespaces and methods from paths, arguments and their collisions, the lock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.ir.model import Api
from generator.naming import NameLock, loads
from generator.naming.client import (
    RESERVED_ARGUMENTS,
    ArgLocation,
    ClientNames,
    client_names,
    derive,
    split_path,
)
from generator.pipeline import build_ir
from tests.conftest import REPO


def _api(tmp_path: Path, paths: dict[str, object], schemas: dict[str, object] | None = None,
         name: str = "spec") -> Api:
    doc = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths,
           "components": {"schemas": schemas or {}}}
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    api, _ = build_ir(path, use_cache=False)
    return api


def _op(op_id: str, *params: dict[str, object], body: object = None) -> dict[str, object]:
    out: dict[str, object] = {"operationId": op_id, "parameters": list(params),
                              "responses": {"200": {"description": "ok"}}}
    if body is not None:
        out["requestBody"] = {"content": {"application/json": {"schema": body}}}
    return out


def _path(name: str) -> dict[str, object]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _dotted(names: ClientNames) -> dict[str, str]:
    return {key.split("/", 2)[2]: m.dotted for key, m in names.methods.items()}


def test_methods_from_path_shape(tmp_path: Path) -> None:
    api = _api(tmp_path, {
        "/chat/completions": {"post": _op("a")},
        "/models": {"get": _op("b")},
        "/models/{model}": {"get": _op("c", _path("model")), "delete": _op("d", _path("model")),
                            "post": _op("e", _path("model"))},
        "/files/{id}/content": {"get": _op("f", _path("id"))},
        "/jobs/{id}/cancel": {"post": _op("g", _path("id"))},
        "/jobs/{id}/events": {"get": _op("h", _path("id"))},
        "/customers/search": {"get": _op("i")},
    })
    assert _dotted(client_names(api)) == {
        "~1chat~1completions/post": "chat.completions.create",
        "~1models/get": "models.list",
        "~1models~1{model}/get": "models.retrieve",
        "~1models~1{model}/delete": "models.delete",
        "~1models~1{model}/post": "models.update",
        "~1files~1{id}~1content/get": "files.content",
        "~1jobs~1{id}~1cancel/post": "jobs.cancel",
        "~1jobs~1{id}~1events/get": "jobs.events.list",
        "~1customers~1search/get": "customers.search",
    }


def test_version_prefix_and_azure_deployment_segment_are_not_namespaces() -> None:
    assert split_path("/v1/customers/{customer}") == (("customers",), ("customer",), None)
    statics, params, deployment = split_path("/deployments/{deployment-id}/chat/completions")
    assert (statics, params, deployment) == (("chat", "completions"), (), "deployment-id")


def test_same_path_same_name_across_specs(tmp_path: Path) -> None:
    """Code moves between the OpenAI and the Azure dated client by the constructor alone."""
    dated = _api(tmp_path, {"/deployments/{deployment-id}/chat/completions": {
        "post": _op("ChatCompletions_Create", _path("deployment-id"))}}, name="dated")
    plain = _api(tmp_path, {"/chat/completions": {"post": _op("createChatCompletion")}},
                 name="plain")
    (dated_method,) = client_names(dated).methods.values()
    (plain_method,) = client_names(plain).methods.values()
    assert dated_method.dotted == plain_method.dotted == "chat.completions.create"
    assert dated_method.deployment == "deployment-id"
    assert [a.name for a in dated_method.arguments] == ["deployment_id"]


def test_clashing_methods_fall_back_to_the_operation_id(tmp_path: Path) -> None:
    api = _api(tmp_path, {
        "/things": {"get": _op("Things_List"), "post": _op("Things_Create")},
        "/things/": {"get": _op("Things_ListAgain")},
    })
    names = _dotted(client_names(api))
    assert names == {
        "~1things/get": "things.list",  # the operationId fallback is `list` again: kept
        "~1things/post": "things.create",
        "~1things~1/get": "things.list_again",
    }


def test_arguments_collide_deterministically_with_a_location_suffix(tmp_path: Path) -> None:
    body = {"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string"}, "timeout": {"type": "integer"},
        "id": {"type": "string", "readOnly": True}, "class": {"type": "string"}}}
    query = {"name": "name", "in": "query", "schema": {"type": "string"}}
    header = {"name": "Name", "in": "header", "schema": {"type": "string"}}
    api = _api(tmp_path, {"/things/{name}": {"post": _op("x", _path("name"), query, header,
                                                         body=body)},
                          "/other": {"get": _op("y")}})  # so no parameter is API-level
    method = next(m for m in client_names(api).methods.values() if m.name == "update")
    got = [(a.name, a.wire, a.location) for a in method.arguments]
    assert got == [
        ("name", "name", ArgLocation.PATH),
        ("name_query", "name", ArgLocation.QUERY),
        ("name_header", "Name", ArgLocation.HEADER),
        ("name_body", "name", ArgLocation.BODY),
        ("timeout_body", "timeout", ArgLocation.BODY),  # a reserved per-call name
        ("class_", "class", ArgLocation.BODY),  # a keyword
    ]  # `id` is readOnly: never sent, no argument
    assert not {a.name for a in method.arguments} & RESERVED_ARGUMENTS


def test_a_non_object_body_is_one_body_argument(tmp_path: Path) -> None:
    api = _api(tmp_path, {"/blobs": {"post": _op("x", body={"type": "string"})}})
    (method,) = client_names(api).methods.values()
    assert [(a.name, a.wire, a.location) for a in method.arguments] == [
        ("body", "", ArgLocation.BODY)]


def test_the_lock_keeps_method_names(tmp_path: Path) -> None:
    api = _api(tmp_path, {"/a": {"get": _op("x")}, "/b": {"get": _op("y")}})
    key = next(k for k, m in client_names(api).methods.items() if m.dotted == "a.list")
    lock = NameLock(methods={key: "a.list_all"})
    names = client_names(api, loads(lock.dumps()))
    assert names.methods[key].dotted == "a.list_all"
    assert names.lock_table()[key] == "a.list_all"


def test_a_models_only_lock_is_unchanged_by_the_methods_table() -> None:
    assert "methods" not in NameLock(classes={"#/x": "X"}).dumps()


def test_derive_is_pure_and_the_shipped_names_are_stable() -> None:
    api, _ = build_ir(REPO / "specs" / "azure-openai" / "v1.yaml", use_cache=True)
    first, second = client_names(api), client_names(api)
    assert first == second
    dotted = {m.dotted for m in first.methods.values()}
    assert {"chat.completions.create", "responses.create", "files.list", "files.content",
            "models.retrieve", "fine_tuning.jobs.cancel", "evals.runs.retrieve"} <= dotted
    assert len(dotted) == len(api.operations)
    for op in api.operations:
        namespace, method = derive(op)
        assert method.isidentifier() and all(part.isidentifier() for part in namespace)


@pytest.mark.parametrize("path", ["/", "/{id}"])
def test_root_paths_get_methods_on_the_client(tmp_path: Path, path: str) -> None:
    params = [_path("id")] if "{" in path else []
    api = _api(tmp_path, {path: {"get": _op("root", *params)}})
    (method,) = client_names(api).methods.values()
    assert method.resource == ()
    assert method.name in {"list", "retrieve"}
