"""The fault server itself, driven by plain httpx: each scenario the client tests rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import httpx
import pytest

from tests.servers.rig import FaultHandle, fault_server, refused_port


def test_steps_are_served_in_order_and_the_last_repeats(fault: FaultHandle) -> None:
    fault.script(
        {"status": 429, "headers": {"Retry-After": "1"}, "json": {"error": {"message": "slow"}}},
        {"status": 200, "json": {"ok": True}},
    )
    with httpx.Client() as client:
        statuses = [client.get(fault.url("/v1/models")).status_code for _ in range(3)]
        first = client.get(fault.url("/x"))
    assert statuses == [429, 200, 200]
    assert first.json() == {"ok": True}
    fault.script({"status": 429, "headers": {"Retry-After": "1"}})
    assert httpx.get(fault.url("/y")).headers["retry-after"] == "1"


def test_recorder_keeps_method_path_query_headers_and_body(fault: FaultHandle) -> None:
    fault.script({"status": 201, "json": {}})
    body = b'{"model": "gpt-4o", "input": "hi \\u00e9"}'
    httpx.post(
        fault.url("/openai/v1/responses"),
        params={"api-version": "v1", "x": ["1", "2"]},
        headers={"api-key": "k-1", "Content-Type": "application/json"},
        content=body,
    )
    (seen,) = fault.requests()
    assert (seen.method, seen.path, seen.scheme) == ("POST", "/openai/v1/responses", "http")
    assert seen.params() == {"api-version": ["v1"], "x": ["1", "2"]}
    assert seen.header("API-KEY") == "k-1"
    assert seen.body == body
    assert seen.json()["input"] == "hi é"


def test_tests_are_isolated_by_their_id(fault: FaultHandle) -> None:
    other = FaultHandle(fault_server())
    fault.script({"status": 200, "text": "mine"})
    other.script({"status": 500, "text": "theirs"})
    assert httpx.get(fault.url("/a")).text == "mine"
    assert httpx.get(other.url("/a")).status_code == 500
    assert [r.path for r in fault.requests()] == ["/a"]
    assert len(other.requests()) == 1


def test_chunked_request_bodies_are_recorded_whole(fault: FaultHandle) -> None:
    fault.script({"status": 200, "json": {}})
    httpx.post(fault.url("/upload"), content=iter([b"part one, ", b"part two"]))
    (seen,) = fault.requests()
    assert seen.header("transfer-encoding") == "chunked"
    assert seen.body == b"part one, part two"


def test_delay_makes_a_read_timeout(fault: FaultHandle) -> None:
    fault.script({"status": 200, "json": {}, "delay": 3.0})
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(fault.url("/slow"), timeout=httpx.Timeout(5.0, read=0.2))
    assert time.monotonic() - started < 2.5  # the timeout, not the answer, ended the wait


def test_a_closed_port_refuses_connections() -> None:
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{refused_port()}/v1/models", timeout=2)


def test_sse_stream_whole_and_cut_mid_event(fault: FaultHandle) -> None:
    events = ['data: {"n": 1}\n\n', 'data: {"n": 2}\n\n']
    fault.script({"sse": events}, {"sse": events, "cut": True})
    with httpx.stream("POST", fault.url("/chat/completions")) as whole:
        assert whole.headers["content-type"] == "text/event-stream"
        assert whole.read().decode() == "".join(events)
    received = b""
    with pytest.raises(httpx.RemoteProtocolError), \
            httpx.stream("POST", fault.url("/chat/completions")) as cut:
        for chunk in cut.iter_bytes():
            received += chunk
    assert received.startswith(b'data: {"n": 1}\n\ndata: {"n": 2}\n\ndata: {"id": "cut-he')


def test_drop_closes_without_an_answer(fault: FaultHandle) -> None:
    fault.script({"drop": True})
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.get(fault.url("/gone"))


def test_expect_refuses_what_differs(fault: FaultHandle) -> None:
    expect = {"path": "/openai/v1/responses", "query": {"api-version": "v1"},
              "headers": {"api-key": "secret"}}
    fault.script({"status": 200, "json": {"ok": 1}, "expect": expect})
    good = httpx.post(fault.url("/openai/v1/responses?api-version=v1"),
                      headers={"api-key": "secret"})
    bad = httpx.post(fault.url("/openai/responses"), headers={"api-key": "wrong"})
    assert good.json() == {"ok": 1}
    assert bad.status_code == 400
    message = bad.json()["error"]["message"]
    assert "path '/openai/responses'" in message
    assert "header api-key: 'wrong'" in message
    assert "query api-version=None" in message


def test_https_through_the_proxy_reaches_the_recorder(fault: FaultHandle) -> None:
    """A program naming the real Azure host, run with HTTPS_PROXY, lands in this test's records."""
    fault.script({"status": 200, "json": {"via": "tunnel"},
                  "expect": {"host": "YOUR-RESOURCE-NAME.openai.azure.com"}})
    program = (
        "import httpx, json\n"
        "r = httpx.get('https://YOUR-RESOURCE-NAME.openai.azure.com/openai/models?a=1',"
        " headers={'api-key': 'k'})\n"
        "print(json.dumps(r.json()))\n"
    )
    env = {**os.environ, "HTTPS_PROXY": fault.proxy, "SSL_CERT_FILE": str(fault.cert)}
    env.pop("NO_PROXY", None)
    env.pop("no_proxy", None)
    done = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"via": "tunnel"}
    (seen,) = fault.requests()
    assert (seen.scheme, seen.path, seen.query) == ("https", "/openai/models", "a=1")
    assert seen.header("api-key") == "k"
