"""Generated clients against loopback servers: requests as the spec says, results parsed."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType

import pytest

from tests.functional.client_support import SPECS, generate_client, json_reply, serve

RESPONSE = {
    "id": "resp_1", "object": "response", "created_at": 1, "status": "completed",
    "model": "gpt-4.1-nano", "output": [], "brand_new_field": {"x": 1},
}


@pytest.fixture(scope="module")
def v1(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_client(SPECS / "v1.yaml", tmp_path_factory.mktemp("v1"), "aoai_v1")


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_client(SPECS / "2025-04-01-preview.yaml", tmp_path_factory.mktemp("p"),
                           "aoai_preview")


def test_v1_program_word_for_word(v1: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's v1 program: base_url, api-key header, no api-version, parsed response."""
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "secret")
    with serve(lambda seen: json_reply(200, RESPONSE)) as server:
        Client = v1.Client

        client = Client(api_key=os.getenv("AZURE_OPENAI_API_KEY"),
                        base_url=f"{server.url}/openai/v1/")
        response = client.responses.create(model="gpt-4.1-nano", input="This is a test.")
        printed = json.loads(response.model_dump_json(indent=2))
    (seen,) = server.seen
    assert (seen.method, seen.path) == ("POST", "/openai/v1/responses")
    assert seen.headers["api-key"] == "secret"
    assert json.loads(seen.body) == {"model": "gpt-4.1-nano", "input": "This is a test."}
    assert printed["id"] == "resp_1"
    assert printed["brand_new_field"] == {"x": 1}  # unknown fields kept


def test_preview_program_word_for_word(preview: ModuleType) -> None:
    """The dated program: endpoint as a full URL, api-version sent from the constructor."""
    with serve(lambda seen: json_reply(200, RESPONSE)) as server:
        client = preview.Client(api_key="secret", api_version="2025-04-01-preview",
                                endpoint=server.url)
        response = client.responses.create(model="gpt-4.1-nano", input="This is a test.")
        assert response.model_dump()["id"] == "resp_1"
    (seen,) = server.seen
    assert seen.path == "/openai/responses?api-version=2025-04-01-preview"
    assert seen.headers["api-key"] == "secret"


def test_dated_default_api_version_and_deployment(preview: ModuleType) -> None:
    """A required api-version defaults to the spec's label; deployment_id from the client."""
    reply = {"object": "list", "data": [], "model": "m",
             "usage": {"prompt_tokens": 1, "total_tokens": 1}}
    with serve(lambda seen: json_reply(200, reply)) as server:
        client = preview.Client(api_key="k", base_url=server.url, deployment_id="my dep")
        client.embeddings.create(input="hi")
        client.embeddings.create(input="hi", deployment_id="other")
    first, second = server.seen
    assert first.path == "/deployments/my%20dep/embeddings?api-version=2025-04-01-preview"
    assert second.path.startswith("/deployments/other/embeddings")
    assert json.loads(first.body) == {"input": "hi"}


def test_not_given_is_not_sent_and_none_is(v1: ModuleType, tmp_path: Path) -> None:
    """Optional arguments are absent unless given; extra_* are merged."""
    listing = {"object": "list", "data": [], "has_more": False}
    with serve(lambda seen: json_reply(200, listing)) as server:
        client = v1.Client(api_key="k", base_url=server.url)
        page = client.files.list(limit=2, extra_query={"x": "1"}, extra_headers={"h": "v"})
        assert page.data == []
    (seen,) = server.seen
    assert seen.path == "/files?limit=2&x=1"
    assert seen.headers["h"] == "v"
