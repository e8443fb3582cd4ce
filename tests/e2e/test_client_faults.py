"""Faults and what the spec decides, through clients generated from the shipped specs.

Every request goes over loopback to the fault server, which answers as each test scripts it
and records what arrived: retries and their waits, timeouts, refused connections, a stream
cut mid-event, answers the spec does not know, and where credentials, `api-version` and the
preview header go.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest

from tests.e2e.clients import SPECS, client_module, client_project
from tests.servers.rig import FaultHandle, refused_port

KEY = "k-faults"
RESPONSE = {"id": "resp_1", "object": "response", "created_at": 1, "model": "gpt-4.1-nano",
            "status": "completed", "output": []}
MODELS = {"object": "list", "data": []}
ERROR = {"error": {"code": "busy", "message": "try again"}}
SCOPE = "https://cognitiveservices.azure.com/.default"


@pytest.fixture(scope="module")
def v1() -> ModuleType:
    """The client generated from the shipped v1 spec."""
    return client_module(SPECS / "v1.yaml", "azure_v1")


@pytest.fixture(scope="module")
def dated() -> ModuleType:
    """The client generated from the shipped 2025-04-01-preview spec."""
    return client_module(SPECS / "2025-04-01-preview.yaml", "azure_2025_04_01_preview")


def _client(package: ModuleType, fault: FaultHandle, **options: Any) -> Any:
    return package.Client(api_key=KEY, base_url=fault.url("/openai/v1"), **options)


def _create(client: Any) -> Any:
    return client.responses.create(model="gpt-4.1-nano", input="hi")


def test_429_is_retried_once_after_the_retry_after_wait(v1: ModuleType, fault: FaultHandle) -> None:
    fault.script({"status": 429, "headers": {"Retry-After": "1"}, "json": ERROR},
                 {"json": RESPONSE})
    started = time.monotonic()
    response = _create(_client(v1, fault))
    waited = time.monotonic() - started
    assert response.id == "resp_1"
    assert len(fault.requests()) == 2
    assert 0.95 <= waited < 5


def test_retry_after_ms_is_honoured_by_the_async_client(v1: ModuleType, fault: FaultHandle) -> None:
    fault.script({"status": 503, "headers": {"retry-after-ms": "400"}, "json": ERROR},
                 {"json": RESPONSE})

    async def call() -> Any:
        client = v1.AsyncClient(api_key=KEY, base_url=fault.url("/openai/v1"))
        return await client.responses.create(model="gpt-4.1-nano", input="hi")

    started = time.monotonic()
    assert asyncio.run(call()).id == "resp_1"
    assert 0.38 <= time.monotonic() - started < 5
    assert len(fault.requests()) == 2


def test_500s_end_in_an_error_after_max_retries(v1: ModuleType, fault: FaultHandle) -> None:
    fault.script({"status": 500, "headers": {"retry-after-ms": "10"}, "json": ERROR})
    with pytest.raises(v1.InternalServerError) as caught:
        _create(_client(v1, fault, max_retries=2))
    assert len(fault.requests()) == 3  # the first try and two retries
    assert isinstance(caught.value, v1.APIStatusError)
    assert caught.value.status_code == 500
    assert caught.value.body == ERROR
    fault.script({"status": 500, "json": ERROR})
    with pytest.raises(v1.InternalServerError):
        _create(_client(v1, fault).with_options(max_retries=0))
    assert len(fault.requests()) == 1


@pytest.mark.parametrize(("status", "name"), [
    (400, "BadRequestError"), (401, "AuthenticationError"), (403, "PermissionDeniedError"),
    (404, "NotFoundError"), (409, "ConflictError"), (422, "UnprocessableEntityError"),
])
def test_each_status_has_its_error(v1: ModuleType, fault: FaultHandle, status: int,
                                   name: str) -> None:
    fault.script({"status": status, "json": ERROR})
    with pytest.raises(getattr(v1, name)) as caught:
        _create(_client(v1, fault, max_retries=0))
    assert caught.value.status_code == status


def test_a_read_timeout_is_an_api_timeout_error(v1: ModuleType, fault: FaultHandle) -> None:
    fault.script({"json": RESPONSE, "delay": 3.0})
    started = time.monotonic()
    with pytest.raises(v1.APITimeoutError):
        _create(_client(v1, fault, timeout=0.3, max_retries=0))
    assert time.monotonic() - started < 2.5  # the timeout, not the answer, ended the wait


def test_a_refused_connection_is_an_api_connection_error(v1: ModuleType) -> None:
    client = v1.Client(api_key=KEY, base_url=f"http://127.0.0.1:{refused_port()}/openai/v1",
                       max_retries=0)
    with pytest.raises(v1.APIConnectionError) as caught:
        _create(client)
    assert not isinstance(caught.value, v1.APITimeoutError)


def _events(*data: str) -> list[str]:
    return [f"data: {d}\n\n" for d in data]


DELTA = '{"type": "response.output_text.delta", "delta": "Hel", "item_id": "m", ' \
        '"output_index": 0, "content_index": 0, "sequence_number": 1}'


def test_a_stream_cut_mid_event_raises_and_closes(v1: ModuleType, fault: FaultHandle) -> None:
    fault.script({"sse": _events(DELTA), "cut": True})
    stream = _client(v1, fault).responses.create(model="gpt-4.1-nano", input="hi", stream=True)
    received = []
    with pytest.raises(v1.APIError) as caught:
        for event in stream:
            received.append(event)
    assert len(received) == 1
    assert "middle of an event" in str(caught.value) or "broke" in str(caught.value)
    assert stream.response.is_closed


def test_a_whole_stream_ends_and_closes(v1: ModuleType, fault: FaultHandle) -> None:
    fault.script({"sse": _events(DELTA, DELTA)})
    stream = _client(v1, fault).responses.create(model="gpt-4.1-nano", input="hi", stream=True)
    assert len(list(stream)) == 2
    assert stream.response.is_closed


def test_unknown_fields_values_and_union_members_are_kept(v1: ModuleType,
                                                         fault: FaultHandle) -> None:
    hologram = {"type": "hologram", "id": "h1", "shimmer": 3}
    fault.script({"json": {**RESPONSE, "status": "reticulating", "brand_new": {"x": 1},
                           "output": [hologram]}})
    response = _create(_client(v1, fault))
    dumped = response.model_dump(mode="json")
    assert dumped["brand_new"] == {"x": 1}
    assert dumped["status"] == "reticulating"
    assert dumped["output"] == [hologram]


def test_the_api_key_goes_in_its_header_only(v1: ModuleType, fault: FaultHandle) -> None:
    fault.script({"json": RESPONSE})
    _create(_client(v1, fault))
    (seen,) = fault.requests()
    assert seen.header("api-key") == KEY
    assert seen.header("authorization") is None
    assert KEY not in seen.query


def test_a_token_provider_is_asked_for_every_request(v1: ModuleType, fault: FaultHandle) -> None:
    tokens = iter(["tok-1", "tok-2", "tok-3"])
    client = v1.Client(token_provider=lambda: next(tokens), base_url=fault.url("/openai/v1"))
    fault.script({"json": RESPONSE})
    _create(client)
    _create(client)
    seen = fault.requests()
    assert [r.header("authorization") for r in seen] == ["Bearer tok-1", "Bearer tok-2"]
    assert all(r.header("api-key") is None for r in seen)


@dataclass
class _Token:
    token: str
    expires_on: int


class _Credential:
    """The Azure identity protocol: `get_token(*scopes)`, counting its calls."""

    def __init__(self, lifetime: float) -> None:
        self.lifetime = lifetime
        self.calls: list[tuple[str, ...]] = []

    def get_token(self, *scopes: str, **kwargs: Any) -> _Token:
        self.calls.append(scopes)
        return _Token(f"cred-{len(self.calls)}", int(time.time() + self.lifetime))


@pytest.mark.parametrize(("lifetime", "expected"), [
    (3600, ["Bearer cred-1"] * 3),  # cached while far from expiry
    (60, ["Bearer cred-1", "Bearer cred-2", "Bearer cred-3"]),  # refreshed near expiry
])
def test_a_credential_is_cached_until_shortly_before_expiry(
    v1: ModuleType, fault: FaultHandle, lifetime: float, expected: list[str]
) -> None:
    credential = _Credential(lifetime)
    client = v1.Client(credential=credential, base_url=fault.url("/openai/v1"))
    fault.script({"json": RESPONSE})
    for _ in range(3):
        _create(client)
    assert [r.header("authorization") for r in fault.requests()] == expected
    assert set(credential.calls) == {(SCOPE,)}


def test_api_version_is_sent_by_the_dated_client_only(dated: ModuleType, v1: ModuleType,
                                                      fault: FaultHandle) -> None:
    fault.script({"json": RESPONSE}, {"json": MODELS}, {"json": RESPONSE})
    dated.Client(api_key=KEY, base_url=fault.url("/openai")).responses.create(
        model="gpt-4.1-nano", input="hi")
    dated.Client(api_key=KEY, base_url=fault.url("/openai"),
                 api_version="2025-03-01-preview").models.list()
    _create(_client(v1, fault))
    _create(_client(v1, fault, api_version="preview"))
    versions = [r.params().get("api-version") for r in fault.requests()]
    assert versions == [["2025-04-01-preview"], ["2025-03-01-preview"], None, ["preview"]]


def test_the_preview_header_goes_with_preview_operations_only(v1: ModuleType,
                                                              fault: FaultHandle) -> None:
    evals = {"object": "list", "data": [], "first_id": "e", "last_id": "e", "has_more": False}
    fault.script({"json": evals}, {"json": MODELS})
    client = _client(v1, fault)
    client.evals.list()
    client.models.list()
    evals, models = fault.requests()
    assert evals.path == "/openai/v1/evals"
    assert evals.header("aoai-evals") == "preview"
    assert "aoai-evals" not in models.header_names()


def test_the_client_honours_https_proxy(v1: ModuleType, fault: FaultHandle) -> None:
    """A user behind a proxy sets HTTPS_PROXY; the request must go through it."""
    fault.script({"json": RESPONSE, "expect": {"host": "YOUR-RESOURCE-NAME.openai.azure.com"}})
    program = (
        "import os, azure_v1\n"
        "client = azure_v1.Client(api_key='k', max_retries=0,"
        " endpoint='YOUR-RESOURCE-NAME.openai.azure.com')\n"
        "print(client.responses.create(model='gpt-4.1-nano', input='hi').id)\n"
    )
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "all_proxy")}
    env.update(HTTPS_PROXY=fault.proxy, SSL_CERT_FILE=str(fault.cert),
               PYTHONPATH=str(client_project(SPECS / "v1.yaml", "azure_v1")))
    done = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "resp_1"
    (seen,) = fault.requests()
    assert (seen.scheme, seen.path) == ("https", "/openai/v1/responses")
