"""Prism (`@stoplight/prism-cli`, pinned in tests/node) as a mock server shared by a test run.

`prism mock SPEC --errors` validates every request against the spec (an invalid one is
answered 4xx with what was wrong, instead of a warning in its log) and answers from the
spec's examples or schemas. The OpenAI spec takes Prism ~40 s to load, so each spec's server
starts once per run, in the background (start_soon), and the workers share it (rig.shared).
A supervisor process (`python -m tests.servers.prism`) owns the node process: it picks the
port, waits until Prism listens, writes the state file, and stops Prism with the run.
Prism refuses the Azure corpus files as they are (their x-ms-examples refs name files the
corpus lacks): the spec it loads is a copy under build/rig/ without them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from tests.servers.rig import REPO, RIG_DIR, Launched, run_owner, shared

NODE_DIR = REPO / "tests" / "node"
PRISM = NODE_DIR / "node_modules" / ".bin" / "prism"
PRISM_PACKAGE = "@stoplight/prism-cli"
LOAD_TIMEOUT = 240.0  # the OpenAI spec loads in ~40 s alone; 2 shared cores can triple that


def unavailable() -> str | None:
    """Why Prism cannot run here (node or the npm install missing), or None when it can."""
    if shutil.which("node") is None:
        return "node missing (Prism runs on node)"
    manifest = NODE_DIR / "node_modules" / PRISM_PACKAGE / "package.json"
    if not PRISM.exists() or not manifest.exists():
        return f"{PRISM_PACKAGE} not installed in {NODE_DIR} (make test installs it: npm ci)"
    return None


def _strip(node: Any) -> Any:
    """The document without any `x-ms-examples` (Azure's refs to example files)."""
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k != "x-ms-examples"}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def loadable_copy(spec: Path) -> Path:
    """The spec as Prism should load it: a JSON copy without x-ms-examples, cached by hash."""
    text = spec.read_bytes()
    digest = hashlib.sha256(text).hexdigest()[:16]
    target = RIG_DIR / "prism-specs" / f"{spec.stem}-{digest}.json"
    if not target.exists():
        import yaml_rs

        document = yaml_rs.loads(text.decode("utf-8"), parse_datetime=False)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(_strip(document)), encoding="utf-8")
        tmp.replace(target)
    return target


def _name(spec: Path) -> str:
    return "prism-" + spec.stem + "-" + hashlib.sha256(str(spec).encode()).hexdigest()[:8]


def _start(spec: Path) -> Any:
    def start(state: Path, folder: Path) -> None:
        """Launch the supervisor of Prism on the spec's loadable copy."""
        copy = loadable_copy(spec)
        argv = [sys.executable, "-m", "tests.servers.prism", str(state), str(run_owner()),
                str(copy)]
        log = (folder / "supervisor.log").open("w")
        subprocess.Popen(argv, cwd=REPO, stdout=log, stderr=log, start_new_session=True)

    return start


def start_soon(spec: Path) -> None:
    """Start the run's Prism for `spec` in the background, if nobody has (returns at once)."""
    if unavailable() is None:
        threading.Thread(target=lambda: _try_shared(spec, 0.0), daemon=True).start()


def _try_shared(spec: Path, timeout: float) -> None:
    # Only started here: whoever waits for it reports a failure.
    with contextlib.suppress(TimeoutError, RuntimeError):
        shared(_name(spec), _start(spec), timeout=timeout)


def prism_server(spec: Path) -> Launched:
    """The run's Prism for `spec`, started if needed, once it listens."""
    return shared(_name(spec), _start(spec), timeout=LOAD_TIMEOUT)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _supervise(state: Path, owner: int, spec: Path) -> int:
    """Run Prism on a free port, publish it once it listens, stop it when `owner` ends."""
    port = _free_port()
    log_path = state.parent / "prism.log"
    argv = [str(PRISM), "mock", str(spec), "-h", "127.0.0.1", "-p", str(port), "--errors"]
    env = {**os.environ, "NODE_OPTIONS": "--max-old-space-size=4096"}
    with log_path.open("w") as log:
        prism = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env,
                                 start_new_session=True)
    deadline = time.monotonic() + LOAD_TIMEOUT
    while "listening on" not in log_path.read_text(encoding="utf-8", errors="replace"):
        if prism.poll() is not None or time.monotonic() > deadline:
            said = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
            (state.parent / "failed.txt").write_text(f"Prism did not start: {said}")
            prism.kill()
            return 1
        time.sleep(0.2)
    tmp = state.with_suffix(".tmp")
    tmp.write_text(json.dumps({"port": port, "pid": prism.pid}), encoding="utf-8")
    tmp.replace(state)
    return _watch(owner, prism)


def _watch(owner: int, prism: subprocess.Popen[bytes]) -> int:
    while prism.poll() is None:
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            os.killpg(prism.pid, signal.SIGTERM)
            prism.wait(timeout=10)
            return 0
        time.sleep(0.5)
    return 1


if __name__ == "__main__":
    raise SystemExit(_supervise(Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])))
