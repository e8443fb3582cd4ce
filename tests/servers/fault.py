"""A scripted fault server and request recorder on a loopback port (stdlib only).

One process serves every test of a run (the xdist workers share it, see rig.py); tests keep
apart by an id. A test scripts its responses with `PUT /_rig/<id>/script` (a JSON list of
steps, served in order, the last one repeating) and reads what the server received with
`GET /_rig/<id>/requests`. Its requests go to `/t/<id>/<path>`: the recorder keeps `<path>`.

The server also speaks HTTP CONNECT, so a client whose URL names a real host (the Azure
programs of issue 13, word for word) can be routed here through `HTTPS_PROXY`: it answers
TLS with a certificate made for the run (trusted by the client through `SSL_CERT_FILE`), and
takes the test id from the proxy credentials (`http://<id>@127.0.0.1:PORT`).

A step (every key optional): `status`, `headers`, `json` | `text` | `body_b64`, `delay`
(seconds to sleep before answering: a read timeout), `sse` (a list of event texts, each sent
and flushed), `cut` (after the SSE events, half an event and then the socket is closed),
`drop` (close the socket without answering), `expect` (`{"path": ..., "query": {...},
"headers": {...}}`: anything different is answered 400 with what differed, so a server that
"checks" really refuses).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import socket
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CONTROL = "/_rig/"
TEST = "/t/"
_DEFAULT_STEP: dict[str, Any] = {"status": 404, "json": {"error": {"message": "no script"}}}


class State:
    """Scripts and recordings per test id, shared by the handler threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.scripts: dict[str, list[dict[str, Any]]] = {}
        self.served: dict[str, int] = {}
        self.records: dict[str, list[dict[str, Any]]] = {}

    def script(self, tid: str, steps: list[dict[str, Any]]) -> None:
        """Replace the script of `tid` and forget what it recorded."""
        with self.lock:
            self.scripts[tid] = steps
            self.served[tid] = 0
            self.records[tid] = []

    def next_step(self, tid: str, record: dict[str, Any]) -> dict[str, Any]:
        """Record a request of `tid` and return the step that answers it."""
        with self.lock:
            self.records.setdefault(tid, []).append(record)
            steps = self.scripts.get(tid) or [_DEFAULT_STEP]
            index = self.served.get(tid, 0)
            self.served[tid] = index + 1
            return steps[min(index, len(steps) - 1)]

    def recorded(self, tid: str) -> list[dict[str, Any]]:
        """What `tid` received so far, oldest first."""
        with self.lock:
            return list(self.records.get(tid, []))


def _mismatches(expect: dict[str, Any], record: dict[str, Any]) -> list[str]:
    """How a request differs from what a step expects (empty when it matches)."""
    wrong: list[str] = []
    if "path" in expect and record["path"] != expect["path"]:
        wrong.append(f"path {record['path']!r} != {expect['path']!r}")
    if "host" in expect and record["host"].lower() != expect["host"].lower():
        wrong.append(f"host {record['host']!r} != {expect['host']!r}")
    query = dict(urllib.parse.parse_qsl(record["query"], keep_blank_values=True))
    for name, value in expect.get("query", {}).items():
        if query.get(name) != value:
            wrong.append(f"query {name}={query.get(name)!r}, expected {value!r}")
    headers = {k.lower(): v for k, v in record["headers"]}
    for name, value in expect.get("headers", {}).items():
        if headers.get(name.lower()) != value:
            wrong.append(f"header {name}: {headers.get(name.lower())!r}, expected {value!r}")
    return wrong


class Handler(BaseHTTPRequestHandler):
    """Routes control calls, test calls and CONNECT tunnels."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm the second waits for the
    # client's delayed ACK (40 ms a request on Linux).
    disable_nagle_algorithm = True
    server: Server
    tunnel_id: str | None = None

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the recorder is the log."""

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                chunk = self.rfile.read(size + 2)[:size]
                if size == 0:
                    return b"".join(chunks)
                chunks.append(chunk)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        merged = {"Content-Type": "application/json", **(headers or {})}
        for name, value in merged.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _route(self) -> None:
        if self.command == "CONNECT":
            self._tunnel()
            return
        path, _, query = self.path.partition("?")
        if self.tunnel_id is not None:
            self._serve(self.tunnel_id, path, query)
        elif path.startswith(CONTROL):
            self._control(path[len(CONTROL):])
        elif path.startswith(TEST):
            tid, _, rest = path[len(TEST):].partition("/")
            self._serve(tid, "/" + rest, query)
        else:
            self._send(404, b'{"error": {"message": "not a rig path"}}')

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _route
    do_CONNECT = _route

    def _control(self, rest: str) -> None:
        tid, _, action = rest.partition("/")
        body = self._body()
        if action == "script" and self.command == "PUT":
            self.server.state.script(tid, json.loads(body or b"[]"))
            self._send(204, b"")
        elif action == "requests":
            self._send(200, json.dumps(self.server.state.recorded(tid)).encode())
        else:
            self._send(404, b'{"error": {"message": "unknown control call"}}')

    def _serve(self, tid: str, path: str, query: str) -> None:
        record = {
            "method": self.command,
            "path": path,
            "query": query,
            "host": self.headers.get("Host", ""),
            "scheme": "https" if self.tunnel_id is not None else "http",
            "headers": [[k, v] for k, v in self.headers.items()],
            "body_b64": base64.b64encode(self._body()).decode(),
        }
        step = self.server.state.next_step(tid, record)
        time.sleep(float(step.get("delay", 0)))
        wrong = _mismatches(step.get("expect", {}), record)
        if wrong:
            message = {"error": {"message": "; ".join(wrong), "code": "rig_mismatch"}}
            self._send(400, json.dumps(message).encode())
        elif step.get("drop"):
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif "sse" in step:
            self._stream(step)
        else:
            self._send(int(step.get("status", 200)), _payload(step), step.get("headers"))

    def _stream(self, step: dict[str, Any]) -> None:
        """Send SSE events one by one; with `cut`, end mid-event by closing the socket."""
        self.send_response(int(step.get("status", 200)))
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for event in step["sse"]:
            self._chunk(event.encode())
        if step.get("cut"):
            self._chunk(b'data: {"id": "cut-he')
            self.close_connection = True
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(b"0\r\n\r\n")

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _tunnel(self) -> None:
        """Answer CONNECT, then serve the tunnelled requests over TLS as the named host."""
        tid = _proxy_user(self.headers.get("Proxy-Authorization", ""))
        if tid is None or self.server.tls is None:
            self._send(407, b'{"error": {"message": "proxy id missing"}}')
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        wrapped = self.server.tls.wrap_socket(self.connection, server_side=True)
        Tunnel(wrapped, self.client_address, self.server, tid)
        self.close_connection = True


class Tunnel(Handler):
    """A handler over the TLS side of a CONNECT tunnel, bound to one test id."""

    def __init__(self, sock: socket.socket, address: Any, server: Server, tid: str) -> None:
        self.tunnel_id = tid
        super().__init__(sock, address, server)


def _proxy_user(header: str) -> str | None:
    """The user name of a `Basic` Proxy-Authorization header (the test id), or None."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user = base64.b64decode(token).decode().partition(":")[0]
    except (binascii.Error, UnicodeDecodeError):
        return None
    return urllib.parse.unquote(user) or None


def _payload(step: dict[str, Any]) -> bytes:
    if "json" in step:
        return json.dumps(step["json"]).encode()
    if "text" in step:
        return str(step["text"]).encode()
    return base64.b64decode(step.get("body_b64", ""))


class Server(ThreadingHTTPServer):
    """The threaded server, its per-test state and its TLS context for tunnels."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, tls: ssl.SSLContext | None) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = State()
        self.tls = tls


def tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    """A server-side TLS context for the run's certificate."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def _watch(pid: int, server: Server) -> None:
    """Stop serving once the pytest process that owns the run is gone."""
    while True:
        time.sleep(0.5)
        try:
            os.kill(pid, 0)
        except OSError:
            server.shutdown()
            return


def main(argv: list[str]) -> int:
    """`python -m tests.servers.fault STATE WATCH_PID [CERT KEY]`: serve until WATCH_PID ends."""
    state_file, watch = Path(argv[0]), int(argv[1])
    tls = tls_context(Path(argv[2]), Path(argv[3])) if len(argv) == 4 else None
    server = Server(tls)
    threading.Thread(target=_watch, args=(watch, server), daemon=True).start()
    port = server.server_address[1]
    tmp = state_file.with_suffix(".tmp")
    tmp.write_text(json.dumps({"port": port, "pid": os.getpid()}), encoding="utf-8")
    tmp.replace(state_file)  # atomic: a reader sees no file or the whole one
    server.serve_forever(poll_interval=0.2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
