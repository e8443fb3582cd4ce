"""The client rows' bench pieces: the local server and the registered request rows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from bench import client_rows, local_server
from bench.peers import Peers, Tool
from bench.registry import Context, comparisons
from tests.conftest import REPO

ROWS = ("client-generate", "client-first-request", "client-overhead-sync",
        "client-overhead-async")


def _context(tmp_path: Path) -> Context:
    tool = Tool(name="redocly", path=None, version=None, unavailable="not needed")
    peers = Peers(redocly=tool, redocly_config=tmp_path / "r.yaml", node_version=None)
    return Context(repo=REPO, bench_dir=tmp_path, python=Path(sys.executable),
                   spec=tmp_path / "spec.yaml", peers=peers, cache_dir=tmp_path / "c",
                   warm_cache_dir=tmp_path / "w")


def test_local_server_starts_once_and_answers_every_request_kept_alive() -> None:
    port = local_server.free_port()
    ensure = [sys.executable, "-m", "bench.local_server", str(port), str(os.getpid())]
    for _ in range(2):  # the second call finds it listening and returns at once
        assert subprocess.run(ensure, cwd=REPO, timeout=30).returncode == 0
    with httpx.Client(base_url=f"http://127.0.0.1:{port}/v1") as client:
        answers = [client.post("/chat/completions", json={"n": i}) for i in range(50)]
    assert {a.status_code for a in answers} == {200}
    assert {a.json()["choices"][0]["message"]["content"] for a in answers} == {"Hello there"}
    assert answers[-1].http_version == "HTTP/1.1"


def test_request_rows_share_one_server_and_compare_the_same_call(tmp_path: Path) -> None:
    built = {c.name: c for c in comparisons(_context(tmp_path), ROWS)}
    assert set(built) == set(ROWS)
    port = client_rows._port()
    for name in ROWS[1:]:
        baseline, ours = built[name].contenders
        assert baseline.name.startswith("openai-") and ours.name.startswith("specloom-")
        assert baseline.argv[-2:] == ("openai", f"http://127.0.0.1:{port}/v1")
        assert ours.argv[-2:] == ("ours", f"http://127.0.0.1:{port}/v1")
        assert baseline.setup[0] == ours.setup[0]  # the same local server
        assert ours.requires[:2] == (str(Path(sys.executable).parent / "specloom"), "generate")


def test_openai_python_side_of_the_request_rows_runs(tmp_path: Path) -> None:
    port = local_server.free_port()
    ensure = [sys.executable, "-m", "bench.local_server", str(port), str(os.getpid())]
    assert subprocess.run(ensure, cwd=REPO, timeout=30).returncode == 0
    url = f"http://127.0.0.1:{port}/v1"
    first = subprocess.run([sys.executable, "-m", "bench.client_child", "first", "openai", url],
                           cwd=REPO, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
