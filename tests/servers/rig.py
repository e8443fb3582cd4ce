"""Servers shared by every xdist worker of one pytest run, and the per-test handle on them.

The first worker that needs a server starts it under a file lock in build/rig/ and writes its
port to a state file named after the run (the pid of the pytest process that owns the
workers); the others read that file. The server watches that pid and stops when the run ends,
so nothing outlives it and the next run starts afresh.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent.parent
RIG_DIR = REPO / "build" / "rig"
# The SANs a tunnelled client may name: the Azure programs use YOUR-RESOURCE-NAME.openai.azure.com.
CERT_NAMES = ("*.openai.azure.com", "localhost")


def run_owner() -> int:
    """The pid that owns this test run: the xdist controller for a worker, else this process."""
    return os.getppid() if os.environ.get("PYTEST_XDIST_WORKER") else os.getpid()


@dataclass(frozen=True, slots=True)
class Launched:
    """A running shared server: its port, its pid and the folder of its files."""

    port: int
    pid: int
    folder: Path


def shared(name: str, start: Callable[[Path, Path], None], *, timeout: float) -> Launched:
    """The run's server `name`, started by `start(state_file, folder)` if nobody has yet."""
    folder = RIG_DIR / f"{name}-{run_owner()}"
    _forget_finished_runs(name)
    folder.mkdir(parents=True, exist_ok=True)
    state = folder / "state.json"
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not state.exists() and not (folder / "started").exists():
            (folder / "started").write_text(str(os.getpid()), encoding="utf-8")
            start(state, folder)
    return _wait(state, folder, timeout)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _forget_finished_runs(name: str) -> None:
    """Remove the folders of earlier runs whose owner is gone (their servers stopped with it)."""
    import shutil

    for old in RIG_DIR.glob(f"{name}-*"):
        owner = old.name.rpartition("-")[2]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(old, ignore_errors=True)


def _wait(state: Path, folder: Path, timeout: float) -> Launched:
    deadline = time.monotonic() + timeout
    while not state.exists():
        failed = folder / "failed.txt"
        if failed.exists():
            raise RuntimeError(failed.read_text(encoding="utf-8"))
        if time.monotonic() > deadline:
            log = folder / "server.log"
            said = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.exists() else ""
            raise TimeoutError(f"{folder.name} did not start within {timeout:.0f} s: {said}")
        time.sleep(0.1)
    data = json.loads(state.read_text(encoding="utf-8"))
    return Launched(port=int(data["port"]), pid=int(data["pid"]), folder=folder)


def make_cert(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for CERT_NAMES (openssl CLI), made once per run."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    sans = ",".join(f"DNS:{n}" for n in CERT_NAMES)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=specloom test rig",
         "-addext", f"subjectAltName={sans}",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,digitalSignature,keyCertSign"],
        check=True, capture_output=True,
    )
    return cert, key


def _start_fault(state: Path, folder: Path) -> None:
    cert, key = make_cert(folder)
    argv = [sys.executable, "-m", "tests.servers.fault", str(state), str(run_owner()),
            str(cert), str(key)]
    log = (folder / "server.log").open("w")
    subprocess.Popen(argv, cwd=REPO, stdout=log, stderr=log, start_new_session=True)


def fault_server() -> Launched:
    """The run's fault server (started on first use)."""
    return shared("fault", _start_fault, timeout=30)


@dataclass(frozen=True, slots=True)
class Recorded:
    """One request as the server received it."""

    method: str
    path: str
    query: str
    host: str
    scheme: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of header `name` (case-insensitive), or None."""
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def header_names(self) -> set[str]:
        """Every header name sent, lower-cased."""
        return {k.lower() for k, _ in self.headers}

    def params(self) -> dict[str, list[str]]:
        """The query string, parsed (blank values kept)."""
        return urllib.parse.parse_qs(self.query, keep_blank_values=True)

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.body)


class FaultHandle:
    """One test's view of the shared fault server: its id, its URLs, its script, its records."""

    def __init__(self, launched: Launched, tid: str | None = None) -> None:
        self.port = launched.port
        self.folder = launched.folder
        self.tid = tid or uuid.uuid4().hex[:12]
        self.origin = f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "") -> str:
        """The URL of `path` for this test (the recorder sees `path`)."""
        return f"{self.origin}/t/{self.tid}{path}"

    @property
    def proxy(self) -> str:
        """An HTTPS_PROXY value that routes any https host here, as this test."""
        return f"http://{self.tid}:x@127.0.0.1:{self.port}"

    @property
    def cert(self) -> Path:
        """The certificate a tunnelled client must trust (SSL_CERT_FILE)."""
        return self.folder / "cert.pem"

    def script(self, *steps: dict[str, Any]) -> None:
        """Answer this test's requests with `steps`, in order, the last one repeating."""
        self._control("PUT", "script", json.dumps(list(steps)).encode())

    def requests(self) -> list[Recorded]:
        """Every request this test sent so far."""
        raw = json.loads(self._control("GET", "requests", b""))
        return [_recorded(r) for r in raw]

    def _control(self, method: str, action: str, body: bytes) -> bytes:
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, f"/_rig/{self.tid}/{action}", body=body)
            response = conn.getresponse()
            data = response.read()
            if response.status >= 300:
                raise RuntimeError(f"rig control {action}: {response.status} {data!r}")
            return data
        finally:
            conn.close()


def _recorded(raw: dict[str, Any]) -> Recorded:
    headers: Sequence[Sequence[str]] = raw["headers"]
    return Recorded(
        method=raw["method"], path=raw["path"], query=raw["query"], host=raw["host"],
        scheme=raw["scheme"], headers=tuple((k, v) for k, v in headers),
        body=base64.b64decode(raw["body_b64"]),
    )


def refused_port() -> int:
    """A loopback port nobody listens on (bound, then closed: connections are refused)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
