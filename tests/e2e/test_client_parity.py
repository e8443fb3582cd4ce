"""Wire parity with openai-python on the corpus OpenAI spec.

openai-python and the client generated from the same API, pointed at the same recorder and
given the same call, send the same method, path, query and body (JSON compared as data,
multipart compared field by field). Headers differ by design (each SDK names itself) and
are not compared. openai-python asks for base64 embeddings unless told otherwise, so the
embeddings call names its encoding_format (docs/testing.md).
"""

from __future__ import annotations

import email.parser
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openai
import pytest

from tests.e2e.clients import client_module
from tests.e2e.conftest import openai_spec
from tests.servers.rig import FaultHandle, Recorded, fault_server

CHAT = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
        "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                     "message": {"role": "assistant", "content": "hi", "refusal": None}}]}
CHUNK = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
         "choices": [{"index": 0, "delta": {"content": "hi"}, "finish_reason": None}]}
RESPONSE = {"id": "resp_1", "object": "response", "created_at": 1, "model": "gpt-4o",
            "status": "completed", "output": [], "parallel_tool_calls": True, "tools": [],
            "tool_choice": "auto", "temperature": 1.0, "top_p": 1.0, "metadata": {},
            "error": None, "incomplete_details": None, "instructions": None}
EMBEDDINGS = {"object": "list", "model": "text-embedding-3-small",
              "data": [{"object": "embedding", "index": 0, "embedding": [0.5, -0.25]}],
              "usage": {"prompt_tokens": 1, "total_tokens": 1}}
FILE = {"id": "file-1", "object": "file", "bytes": 5, "created_at": 1, "filename": "a.jsonl",
        "purpose": "fine-tune", "status": "processed"}
MESSAGES = [{"role": "user", "content": "Say hi."}]


def _page(ids: list[str], more: bool) -> dict[str, Any]:
    data = [{**FILE, "id": i} for i in ids]
    return {"object": "list", "data": data, "first_id": ids[0], "last_id": ids[-1],
            "has_more": more}


@dataclass(frozen=True)
class Call:
    """One call made the same way through both SDKs, and how the server answers it."""

    steps: tuple[dict[str, Any], ...]
    call: Callable[[Any], Any]


def _sse(*events: dict[str, Any]) -> dict[str, Any]:
    return {"sse": [f"data: {json.dumps(e)}\n\n" for e in events] + ["data: [DONE]\n\n"]}


def _stream(client: Any) -> list[Any]:
    return list(client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True))


CALLS: dict[str, Call] = {
    "chat": Call(({"json": CHAT},),
                 lambda c: c.chat.completions.create(model="gpt-4o", messages=MESSAGES,
                                                     temperature=0.5,
                                                     max_completion_tokens=16)),
    "chat-stream": Call((_sse(CHUNK, CHUNK),), _stream),
    "responses": Call(({"json": RESPONSE},),
                      lambda c: c.responses.create(model="gpt-4o", input="Say hi.")),
    "embeddings": Call(({"json": EMBEDDINGS},),
                       lambda c: c.embeddings.create(model="text-embedding-3-small",
                                                     input=["a", "b"], encoding_format="float")),
    "file-upload": Call(({"json": FILE},),
                        lambda c: c.files.create(file=("a.jsonl", b'{"a": 1}\n'),
                                                 purpose="fine-tune")),
    "file-download": Call(({"text": '{"a": 1}\n', "headers": {"Content-Type":
                                                              "application/octet-stream"}},),
                          lambda c: c.files.content("file-1")),
    "paginated-list": Call(({"json": _page(["file-1", "file-2"], True)},
                            {"json": _page(["file-3"], False)}),
                           lambda c: [f.id for f in c.files.list(limit=2)]),
    "retried-429": Call(({"status": 429, "headers": {"Retry-After": "0"},
                          "json": {"error": {"message": "slow down", "type": "rate_limit"}}},
                         {"json": CHAT}),
                        lambda c: c.chat.completions.create(model="gpt-4o", messages=MESSAGES)),
}


# Calls whose request matches but whose answer the generated client mishandles, and why.
KNOWN_RESPONSE_BUGS: dict[str, str] = {}


def _multipart(record: Recorded) -> dict[str, Any]:
    content_type = record.header("content-type") or ""
    parsed = email.parser.BytesParser().parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + record.body
    )
    return {part.get_param("name", header="content-disposition"):
            (part.get_filename(), part.get_payload(decode=True)) for part in parsed.get_payload()}


def _wire(record: Recorded) -> tuple[str, str, list[tuple[str, str]], Any]:
    """What parity compares: method, path, sorted query pairs, the body as data."""
    content_type = (record.header("content-type") or "").split(";")[0]
    body: Any = record.body
    if content_type == "application/json":
        body = record.json()
    elif content_type == "multipart/form-data":
        body = _multipart(record)
    query = sorted((k, v) for k, vs in record.params().items() for v in vs)
    return record.method, record.path, query, body


def _sent(fault: FaultHandle, client: Any, case: Call) -> tuple[list[Any], Any]:
    """What the call put on the wire, and what it returned or raised."""
    fault.script(*case.steps)
    try:
        outcome = case.call(client)
    except Exception as exc:  # any failure is reported after the wire is compared
        outcome = exc
    return [_wire(r) for r in fault.requests()], outcome


def _both(name: str, fault: FaultHandle) -> tuple[Any, Any]:
    """(openai-python's, ours) (wire, error) for call `name`, on two ids of one server."""
    package = client_module(openai_spec(), "openai_corpus")
    theirs_fault = FaultHandle(fault_server())
    theirs = openai.OpenAI(api_key="sk-test", base_url=theirs_fault.url("/v1"))
    ours = package.Client(api_key="sk-test", base_url=fault.url("/v1"))
    return _sent(theirs_fault, theirs, CALLS[name]), _sent(fault, ours, CALLS[name])


@pytest.mark.parametrize("name", sorted(CALLS))
def test_generated_client_sends_what_openai_python_sends(name: str, fault: FaultHandle) -> None:
    (expected, theirs), (sent, _) = _both(name, fault)
    assert not isinstance(theirs, Exception), theirs
    assert expected, "openai-python sent nothing"
    assert sent == expected


def _reads(name: str) -> Any:
    reason = KNOWN_RESPONSE_BUGS.get(name)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", [_reads(n) for n in sorted(CALLS)])
def test_generated_client_reads_what_openai_python_reads(name: str, fault: FaultHandle) -> None:
    (_, theirs), (_, ours) = _both(name, fault)
    assert not isinstance(ours, Exception), f"{type(ours).__name__}: {ours}"
    if isinstance(theirs, list):  # stream chunks, or the ids a paginated list walked
        assert len(ours) == len(theirs)
        if all(isinstance(t, str) for t in theirs):
            assert ours == theirs
