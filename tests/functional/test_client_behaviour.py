"""The generated v1 client's behaviour against loopback servers: credentials, preview header,
retries, errors, timeouts, streaming, pagination, uploads, binary bodies, raw responses."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.functional.client_support import SPECS, Seen, generate_client, json_reply, serve

FILE = {"id": "file-1", "object": "file", "bytes": 3, "created_at": 1, "filename": "a.jsonl",
        "purpose": "a-purpose-from-the-future", "status": "processed"}
ERROR = {"error": {"code": "x"}}
CHUNK = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
         "choices": []}


@pytest.fixture(scope="module")
def v1(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_client(SPECS / "v1.yaml", tmp_path_factory.mktemp("v1b"), "aoai_v1b")


def _client(v1: ModuleType, url: str, **options: Any) -> Any:
    return v1.Client(api_key="k", base_url=url, **options)


def test_unknown_enum_values_and_fields_are_kept(v1: ModuleType) -> None:
    with serve(lambda seen: json_reply(200, {**FILE, "extra": [1]})) as server:
        found = _client(v1, server.url).files.retrieve("file 1/x")
    assert server.seen[0].path == "/files/file%201%2Fx"  # percent-encoded path parameter
    assert found.purpose == "a-purpose-from-the-future"
    assert found.model_extra == {"extra": [1]}


def test_token_provider_is_called_per_request_and_sent_as_bearer(v1: ModuleType) -> None:
    tokens = iter(["t1", "t2"])
    with serve(lambda seen: json_reply(200, FILE)) as server:
        client = v1.Client(base_url=server.url, token_provider=lambda: next(tokens))
        client.files.retrieve("f")
        client.files.retrieve("f")
    assert [s.headers["authorization"] for s in server.seen] == ["Bearer t1", "Bearer t2"]
    assert all("api-key" not in s.headers for s in server.seen)


class Credential:
    """The Azure identity protocol: get_token(*scopes) -> (token, expires_on)."""

    def __init__(self, lifetime: float) -> None:
        self.calls: list[tuple[str, ...]] = []
        self.lifetime = lifetime

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        self.calls.append(scopes)
        number = len(self.calls)

        class Token:
            token = f"cred-{number}"
            expires_on = int(time.time() + self.lifetime)

        return Token()


def test_credential_token_is_cached_until_shortly_before_it_expires(v1: ModuleType) -> None:
    long_lived, short_lived = Credential(3600), Credential(60)
    with serve(lambda seen: json_reply(200, FILE)) as server:
        for credential in (long_lived, short_lived):
            client = v1.Client(base_url=server.url, credential=credential)
            client.files.retrieve("f")
            client.files.retrieve("f")
    assert long_lived.calls == [("https://cognitiveservices.azure.com/.default",)]
    assert len(short_lived.calls) == 2  # within the refresh margin: fetched again
    assert [s.headers["authorization"] for s in server.seen] == [
        "Bearer cred-1", "Bearer cred-1", "Bearer cred-1", "Bearer cred-2"]


def test_preview_header_only_where_the_spec_requires_it(v1: ModuleType) -> None:
    listing = {"object": "list", "data": [], "first_id": None, "last_id": None,
               "has_more": False}
    with serve(lambda seen: json_reply(200, listing if "evals" in seen.path else FILE)) as server:
        client = _client(v1, server.url, api_version="v1")
        client.evals.list()
        client.files.retrieve("f")
    evals, files = server.seen
    assert evals.headers.get("aoai-evals") == "preview"
    assert "aoai-evals" not in files.headers
    assert evals.path == "/evals?api-version=v1"  # an optional api-version, given


def test_429_with_retry_after_is_retried_once_and_the_wait_honoured(v1: ModuleType) -> None:
    def reply(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        if len(server.seen) == 1:
            return json_reply(429, {"error": {"message": "slow down"}}, {"retry-after": "0.3"})
        return json_reply(200, FILE)

    with serve(reply) as server:
        start = time.monotonic()
        _client(v1, server.url).files.retrieve("f")
        waited = time.monotonic() - start
    assert len(server.seen) == 2
    assert waited >= 0.3


def test_500_three_times_raises_after_max_retries(v1: ModuleType) -> None:
    boom = {"error": {"message": "boom"}}
    with serve(lambda seen: json_reply(500, boom, {"retry-after-ms": "10"})) as server, \
            pytest.raises(v1.InternalServerError) as caught:
        _client(v1, server.url).files.retrieve("f")
    assert len(server.seen) == 3  # the first try and two retries (the default)
    assert caught.value.status_code == 500
    assert caught.value.body == {"error": {"message": "boom"}}
    assert "boom" in str(caught.value)


def test_error_statuses_map_to_their_classes_and_are_not_retried(v1: ModuleType) -> None:
    for status, name in ((400, "BadRequestError"), (401, "AuthenticationError"),
                         (403, "PermissionDeniedError"), (404, "NotFoundError"),
                         (422, "UnprocessableEntityError")):
        with serve(lambda seen, s=status: json_reply(s, ERROR, {"x-id": "1"})) as server, \
                pytest.raises(getattr(v1, name)) as caught:
            _client(v1, server.url).files.retrieve("f")
        assert len(server.seen) == 1
        assert caught.value.headers["x-id"] == "1"
        assert isinstance(caught.value, v1.APIStatusError)


def test_read_timeout_raises_api_timeout_error(v1: ModuleType) -> None:
    def slow(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        time.sleep(0.5)
        return json_reply(200, FILE)

    with serve(slow) as server:
        client = _client(v1, server.url, max_retries=0)
        with pytest.raises(v1.APITimeoutError):
            client.files.retrieve("f", timeout=0.1)
        with pytest.raises(v1.APITimeoutError):
            client.with_options(timeout=0.1).files.retrieve("f")


def test_connection_refused_raises_api_connection_error(v1: ModuleType) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = _client(v1, f"http://127.0.0.1:{port}", max_retries=1)
    with pytest.raises(v1.APIConnectionError) as caught:
        client.files.retrieve("f")
    assert not isinstance(caught.value, v1.APITimeoutError)


def _sse(*events: object, tail: bytes = b"data: [DONE]\n\n") -> bytes:
    return b"".join(f"data: {json.dumps(e)}\n\n".encode() for e in events) + tail


def test_stream_true_gives_typed_events_and_closes(v1: ModuleType) -> None:
    body = _sse(CHUNK, {**CHUNK, "id": "c2"})
    with serve(lambda seen: (200, {"content-type": "text/event-stream"}, body)) as server:
        stream = _client(v1, server.url).chat.completions.create(
            messages=[{"role": "user", "content": "hi"}], model="m", stream=True)
        ids = [chunk.id for chunk in stream]
    assert ids == ["c1", "c2"]
    assert stream.response.is_closed
    assert json.loads(server.seen[0].body)["stream"] is True


def test_a_stream_cut_mid_event_is_an_error_and_closed(v1: ModuleType) -> None:
    body = _sse(CHUNK, tail=b'data: {"id": "c2", "obj')
    with serve(lambda seen: (200, {"content-type": "text/event-stream"}, body)) as server:
        stream = _client(v1, server.url).chat.completions.create(
            messages=[], model="m", stream=True)
        got = []
        with pytest.raises(v1.StreamError, match="middle of an event"):
            for chunk in stream:
                got.append(chunk.id)
    assert got == ["c1"]
    assert stream.response.is_closed


def test_cursor_pagination_walks_every_page(v1: ModuleType) -> None:
    pages = {None: (["a", "b"], True), "b": (["c"], False)}

    def reply(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        after = seen.path.split("after=")[1].split("&")[0] if "after=" in seen.path else None
        ids, more = pages[after]
        return json_reply(200, {"object": "list", "data": [{**FILE, "id": i} for i in ids],
                                "first_id": ids[0], "last_id": ids[-1], "has_more": more})

    with serve(reply) as server:
        first = _client(v1, server.url).files.list(limit=2)
        assert [f.id for f in first.data] == ["a", "b"]
        assert first.page.has_more is True
        assert [f.id for f in first] == ["a", "b", "c"]
    assert [s.path for s in server.seen] == ["/files?limit=2", "/files?limit=2&after=b"]


def test_async_pagination_and_calls(v1: ModuleType) -> None:
    listing = {"object": "list", "data": [FILE], "has_more": False}

    async def run(url: str) -> tuple[list[str], str]:
        async with v1.AsyncClient(api_key="k", base_url=url) as client:
            ids = [f.id async for f in client.files.list()]
            page = await client.files.list()
            return ids, page.data[0].id

    with serve(lambda seen: json_reply(200, listing)) as server:
        ids, first = asyncio.run(run(server.url))
    assert ids == ["file-1"] and first == "file-1"


def test_multipart_upload_sends_the_file_and_fields(v1: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_bytes(b'{"a": 1}\n')
    with serve(lambda seen: json_reply(200, FILE)) as server:
        _client(v1, server.url).files.create(file=path, purpose="fine-tune")
    (seen,) = server.seen
    assert seen.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"; filename="train.jsonl"' in seen.body
    assert b'{"a": 1}\n' in seen.body
    assert b'name="purpose"\r\n\r\nfine-tune' in seen.body


def test_binary_response_as_bytes_or_to_a_file(v1: ModuleType, tmp_path: Path) -> None:
    data = bytes(range(256)) * 10
    with serve(lambda seen: (200, {"content-type": "application/octet-stream"}, data)) as server:
        client = _client(v1, server.url)
        assert client.files.content("f").content == data
        client.files.content("f").write_to_file(tmp_path / "out.bin")
    assert (tmp_path / "out.bin").read_bytes() == data


def test_raw_response_gives_status_headers_and_parse(v1: ModuleType) -> None:
    with serve(lambda seen: json_reply(201, FILE, {"x-request-id": "r1"})) as server:
        raw = _client(v1, server.url).with_raw_response.files.retrieve("f")
    assert raw.status_code == 201
    assert raw.headers["x-request-id"] == "r1"
    assert raw.parse().id == "file-1"


def test_per_call_extras_and_not_given(v1: ModuleType) -> None:
    with serve(lambda seen: json_reply(200, {"object": "list", "data": [], "model": "m",
                                             "usage": {"prompt_tokens": 1,
                                                       "total_tokens": 1}})) as server:
        _client(v1, server.url).embeddings.create(
            model="m", input="x", dimensions=None, extra_body={"more": 1},
            extra_headers={"x-a": "1"})
    (seen,) = server.seen
    assert json.loads(seen.body) == {"model": "m", "input": "x", "dimensions": None, "more": 1}
    assert seen.headers["x-a"] == "1"


KITCHEN = SPECS.parent.parent / "tests" / "fixtures" / "client" / "kitchen.yaml"


@pytest.fixture(scope="module")
def kitchen(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_client(KITCHEN, tmp_path_factory.mktemp("kitchen"), "kitchen_client")


def test_parameter_styles_cookies_and_a_query_api_key(kitchen: ModuleType) -> None:
    page = {"value": [], "nextLink": None}
    with serve(lambda seen: json_reply(200, page)) as server:
        client = kitchen.Client(api_key="s3", base_url=server.url)
        client.items.list(tags=["a", "b"], filter={"color": "red", "size": "L"}, ids=[1, 2],
                          x_trace=["t1", "t2"], session="abc")
    (seen,) = server.seen
    assert seen.path == ("/items?key=s3&tags=a%2Cb&filter%5Bcolor%5D=red&filter%5Bsize%5D=L"
                         "&ids=1%7C2")
    assert seen.headers["x-trace"] == "t1,t2"
    assert seen.headers["cookie"] == "session=abc"


def test_server_variables_fill_the_url(kitchen: ModuleType) -> None:
    client = kitchen.Client(api_key="k", host="h.example.org", stage="v1")
    assert str(client.base_url) == "https://h.example.org/api/v1/"
    assert str(kitchen.Client(api_key="k").base_url) == "https://kitchen.example.com/api/v2/"
    full = kitchen.Client(api_key="k", host="http://127.0.0.1:5")
    assert str(full.base_url) == "http://127.0.0.1:5/api/v2/"


def test_form_urlencoded_body_in_bracket_form(kitchen: ModuleType) -> None:
    with serve(lambda seen: json_reply(200, {"id": "1"})) as server:
        kitchen.Client(api_key="k", base_url=server.url).items.create(
            id="1", meta={"a": "b"}, expand=["x", "y"])
    (seen,) = server.seen
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"
    assert seen.body == b"id=1&meta%5Ba%5D=b&expand%5B0%5D=x&expand%5B1%5D=y"


def test_deprecated_operations_and_arguments_warn(kitchen: ModuleType) -> None:
    page = {"value": [], "nextLink": None}
    with serve(lambda seen: (204, {}, b"") if "legacy" in seen.path
               else json_reply(200, page)) as server:
        client = kitchen.Client(api_key="k", base_url=server.url)
        with pytest.warns(DeprecationWarning, match="legacy.list is deprecated"):
            assert client.legacy.list() is None
        with pytest.warns(DeprecationWarning, match="'old' is deprecated"):
            client.items.list(old=True)
    legacy, items = server.seen
    assert "key=" not in legacy.path  # `security: []`: no credentials
    assert items.path == "/items?key=k&old=true"


def test_next_link_and_page_number_pagination(kitchen: ModuleType) -> None:
    def reply(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        if seen.path.startswith("/items"):
            nxt = f"{server.url}/items/2?key=k" if seen.path.startswith("/items?") else None
            ident = "1" if nxt else "2"
            return json_reply(200, {"value": [{"id": ident}], "nextLink": nxt})
        number = int(seen.path.split("page=")[1]) if "page=" in seen.path else 1
        return json_reply(200, {"results": [{"id": str(number)}] if number < 3 else []})

    with serve(reply) as server:
        client = kitchen.Client(api_key="k", base_url=server.url)
        assert [i.id for i in client.items.list()] == ["1", "2"]
        assert [i.id for i in client.numbered.list()] == ["1", "2"]
    paths = [s.path for s in server.seen]
    assert paths == ["/items?key=k", "/items/2?key=k", "/numbered?key=k",
                     "/numbered?key=k&page=2", "/numbered?key=k&page=3"]


def test_async_stream_and_async_token_provider(kitchen: ModuleType) -> None:
    body = _sse({"id": "a", "kind": "zzz"}, {"id": "b"}, tail=b"")

    async def token() -> str:
        return "tok"

    async def run(url: str) -> list[tuple[str, object]]:
        async with kitchen.AsyncClient(base_url=url, token_provider=token) as client:
            stream = await client.events.list()
            return [(e.id, e.kind) async for e in stream]

    with serve(lambda seen: (200, {"content-type": "text/event-stream"}, body)) as server:
        got = asyncio.run(run(server.url))
    assert got == [("a", "zzz"), ("b", None)]  # an unknown enum value kept
    assert server.seen[0].headers["authorization"] == "Bearer tok"


def test_multipart_without_files_and_files_over_json(kitchen: ModuleType) -> None:
    with serve(lambda seen: json_reply(200, {"id": "1"})) as server:
        client = kitchen.Client(api_key="k", base_url=server.url)
        client.notes.create(text="hi", tags=["a"])
        client.skills.create(files=[("a.txt", b"AAA", "text/plain"), b"BBB"])
    note, skill = server.seen
    assert note.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="text"\r\n\r\nhi\r\n' in note.body and b'["a"]' in note.body
    assert skill.headers["content-type"].startswith("multipart/form-data")
    assert b'filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nAAA' in skill.body
    assert b"BBB" in skill.body


def test_a_download_declared_as_a_json_string_is_bytes(kitchen: ModuleType) -> None:
    data = b"\x00\x01binary"
    with serve(lambda seen: (200, {"content-type": "application/octet-stream"}, data)) as server:
        got = kitchen.Client(api_key="k", base_url=server.url).skills.content("..")
        assert got.content == data
    assert server.seen[0].path.startswith("/skills/%2E%2E/content")  # not the parent path


def test_raw_responses_of_pages_sync_and_async(kitchen: ModuleType) -> None:
    def reply(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        number = int(seen.path.split("page=")[1]) if "page=" in seen.path else 1
        return json_reply(200, {"results": [{"id": str(number)}] if number < 3 else []},
                          {"x-page": str(number)})

    async def run(url: str) -> tuple[str, list[str]]:
        async with kitchen.AsyncClient(api_key="k", base_url=url) as client:
            raw = await client.with_raw_response.numbered.list()
            page = raw.parse()
            return raw.headers["x-page"], [i.id async for i in page]

    with serve(reply) as server:
        raw = kitchen.Client(api_key="k", base_url=server.url).with_raw_response.numbered.list()
        assert raw.status_code == 200 and raw.headers["x-page"] == "1"
        assert [i.id for i in raw.parse()] == ["1", "2"]  # later pages are plain calls
        assert asyncio.run(run(server.url)) == ("1", ["1", "2"])
