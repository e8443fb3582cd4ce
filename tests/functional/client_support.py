"""Shared helpers of the client tests: generate a client once per spec, a loopback server."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

from tests.conftest import REPO


def generate_client(spec: Path, out: Path, package: str) -> ModuleType:
    """Render the client of `spec` into `out` and import it (a fresh import each time)."""
    from generator.naming import LOCK_FILE
    from generator.pipeline import build_ir
    from generator.render.client import render_client
    from generator.write import write_tree

    api, _ = build_ir(spec, use_cache=True)
    rendered = render_client(api, package=package, spec=spec.name)
    write_tree(out, rendered.files)
    assert (out / LOCK_FILE).is_file()
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]
    sys.path.insert(0, str(out))
    try:
        import importlib

        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out))


@dataclass
class Seen:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Reply = Callable[[Seen], tuple[int, dict[str, str], bytes]]


@dataclass
class Server:
    """A loopback HTTP server answering with `reply`, recording what it got."""

    reply: Reply
    seen: list[Seen] = field(default_factory=list)
    url: str = ""


@contextmanager
def serve(reply: Reply) -> Iterator[Server]:
    """Run a loopback server on a free port for the duration of the block."""
    state = Server(reply)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _any(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            seen = Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()},
                        self.rfile.read(length))
            state.seen.append(seen)
            status, headers, body = state.reply(seen)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _any

        def log_message(self, format: str, *args: object) -> None:
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def json_reply(status: int, data: object,
               headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """A JSON response."""
    return status, {"content-type": "application/json", **(headers or {})}, \
        json.dumps(data).encode()


SPECS = REPO / "specs" / "azure-openai"
