"""`client.with_streaming_response`: openai-python's shape. The request goes out when the
`with` block is entered, the body is read only when asked, and leaving the block releases
the connection."""

from __future__ import annotations

import asyncio
import json
from types import ModuleType
from typing import Any

import pytest

from tests.functional.client_support import SPECS, Seen, generate_client, json_reply, serve

FILE = {"id": "file-1", "object": "file", "bytes": 3, "created_at": 1, "filename": "a.jsonl",
        "purpose": "fine-tune", "status": "processed"}
CHUNK = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
         "choices": []}


@pytest.fixture(scope="module")
def v1(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_client(SPECS / "v1.yaml", tmp_path_factory.mktemp("v1s"), "aoai_v1s")


def _client(v1: ModuleType, url: str) -> Any:
    return v1.Client(api_key="k", base_url=url, max_retries=0)


def test_request_sent_on_entry_body_read_on_parse_closed_on_exit(v1: ModuleType) -> None:
    reply = json_reply(201, FILE, {"x-request-id": "r1"})
    with serve(lambda seen: reply) as server:
        manager = _client(v1, server.url).with_streaming_response.files.retrieve("f")
        assert server.seen == []  # nothing sent before the block is entered
        with manager as response:
            assert [s.path for s in server.seen] == ["/files/f"]
            assert (response.status_code, response.headers["x-request-id"]) == (201, "r1")
            assert not response.http_response.is_stream_consumed  # the body is not read yet
            parsed = response.parse()
        assert parsed.id == "file-1" and isinstance(parsed, v1.types.OpenAIFile)
        assert response.http_response.is_closed


def test_leaving_unread_releases_the_connection(v1: ModuleType) -> None:
    with serve(lambda seen: json_reply(200, FILE)) as server:
        client = _client(v1, server.url)
        with client.with_streaming_response.files.retrieve("f") as response:
            pass
        assert response.http_response.is_closed
        assert not response.http_response.is_stream_consumed
        assert client.files.retrieve("f").id == "file-1"  # the plain client is unaffected


def test_lines_of_an_event_stream_and_json_of_a_body(v1: ModuleType) -> None:
    body = b"".join(f"data: {json.dumps(c)}\n\n".encode() for c in (CHUNK, CHUNK))
    with serve(lambda seen: (200, {"content-type": "text/event-stream"}, body)) as server:
        streaming = _client(v1, server.url).with_streaming_response
        with streaming.chat.completions.create(messages=[], model="m", stream=True) as resp:
            lines = [line for line in resp.iter_lines() if line]
    assert lines == [f"data: {json.dumps(CHUNK)}"] * 2
    assert resp.http_response.is_closed
    with serve(lambda seen: json_reply(200, FILE)) as server:
        streaming = _client(v1, server.url).with_streaming_response
        with streaming.files.retrieve("f") as single:
            assert single.json() == FILE


def test_async_calls_and_pages(v1: ModuleType) -> None:
    listing = {"object": "list", "data": [FILE], "has_more": False}

    async def run(url: str) -> tuple[list[str], str, bool, bool]:
        async with v1.AsyncClient(api_key="k", base_url=url) as client:
            streaming = client.with_streaming_response
            async with streaming.files.list() as response:
                unread = not response.http_response.is_stream_consumed
                ids = [f.id async for f in await response.parse()]
            async with streaming.files.retrieve("f") as single:
                text = await single.text()
            return ids, json.loads(text)["id"], unread, single.http_response.is_closed

    def reply(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        return json_reply(200, listing if seen.path == "/files" else FILE)

    with serve(reply) as server:
        ids, first, unread, closed = asyncio.run(run(server.url))
    assert ids == ["file-1"] and first == "file-1"
    assert unread and closed
    assert [s.path for s in server.seen] == ["/files", "/files/f"]
