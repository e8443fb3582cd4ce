"""Multipart uploads stream from disk: a 20 MB file arrives whole at the fault server (a
separate process) while the client never holds it in memory, and a retried upload sends
the whole file again (tests/fixtures/client/surface.yaml, `POST /uploads`)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import REPO
from tests.e2e.clients import client_module
from tests.servers.rig import FaultHandle, Recorded

SURFACE = REPO / "tests" / "fixtures" / "client" / "surface.yaml"
REPLY = {"id": "up_1"}
LARGE = 20 * 1024 * 1024
PEAK = 4 * 1024 * 1024  # what the client may allocate at once while it sends LARGE bytes


@pytest.fixture(scope="module")
def surface() -> ModuleType:
    return client_module(SURFACE, "surface_uploads")


def _file(folder: Path, size: int) -> tuple[Path, str]:
    """A file of `size` random bytes and its sha256 (written in pieces: never whole here)."""
    path, digest = folder / "big.bin", hashlib.sha256()
    with path.open("wb") as handle:
        for _ in range(size // (1 << 20)):
            piece = os.urandom(1 << 20)
            digest.update(piece)
            handle.write(piece)
    return path, digest.hexdigest()


def _parts(seen: Recorded) -> dict[str, tuple[str, bytes]]:
    """The multipart body's parts by name: (the part's headers, its content)."""
    kind = seen.header("content-type") or ""
    boundary = kind.partition("boundary=")[2].encode()
    chunks = seen.body.split(b"--" + boundary)
    assert chunks[0] == b"" and chunks[-1] == b"--\r\n"
    out = {}
    for chunk in chunks[1:-1]:
        head, _, content = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        found = re.search(rb'name="([^"]*)"', head)
        assert found is not None and content.endswith(b"\r\n")
        out[found.group(1).decode()] = (head.decode(), content[:-2])
    return out


def _peak_while(call: Callable[[], Any]) -> int:
    """The most memory Python allocated at once while `call` ran (tracemalloc)."""
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _open_fds_to(path: Path) -> list[str]:
    fds = Path("/proc/self/fd")
    return [fd.name for fd in fds.iterdir() if os.path.realpath(fd) == str(path)]


def _client(surface: ModuleType, fault: FaultHandle, **options: Any) -> Any:
    return surface.Client(api_key="k", base_url=fault.url("/api"), **options)


def test_a_large_file_is_sent_from_disk_in_chunks_and_arrives_whole(
        surface: ModuleType, fault: FaultHandle, tmp_path: Path) -> None:
    path, digest = _file(tmp_path, LARGE)
    fault.script({"json": REPLY})
    client = _client(surface, fault)
    client.uploads.create(file=b"warm", purpose="warm-up")  # imports and validators first
    results: list[Any] = []
    peak = _peak_while(lambda: results.append(
        client.uploads.create(file=path, purpose="fine-tune", note="n")))
    assert results[0].id == "up_1"
    assert peak < PEAK, f"the client held {peak} bytes at once for a {LARGE}-byte file"
    assert _open_fds_to(path) == []  # the path was opened for the request and closed after
    seen = fault.requests()[-1]
    assert seen.header("content-length") == str(len(seen.body))
    assert seen.header("transfer-encoding") is None
    parts = _parts(seen)
    assert list(parts) == ["file", "purpose", "note"]
    head, content = parts["file"]
    assert 'filename="big.bin"' in head and "Content-Type: application/octet-stream" in head
    assert len(content) == LARGE and hashlib.sha256(content).hexdigest() == digest
    assert parts["purpose"][1] == b"fine-tune" and parts["note"][1] == b"n"


def test_an_async_upload_streams_the_file_too(surface: ModuleType, fault: FaultHandle,
                                              tmp_path: Path) -> None:
    path, digest = _file(tmp_path, LARGE)
    fault.script({"json": REPLY})

    async def upload(with_file: Any) -> Any:
        async with surface.AsyncClient(api_key="k", base_url=fault.url("/api")) as client:
            return await client.uploads.create(file=with_file, purpose="p")

    asyncio.run(upload(b"warm"))
    peak = _peak_while(lambda: asyncio.run(upload(path)))
    assert peak < PEAK, f"the async client held {peak} bytes at once"
    content = _parts(fault.requests()[-1])["file"][1]
    assert len(content) == LARGE and hashlib.sha256(content).hexdigest() == digest


def test_a_retried_upload_sends_the_whole_file_again(surface: ModuleType,
                                                     fault: FaultHandle,
                                                     tmp_path: Path) -> None:
    path, _ = _file(tmp_path, 1 << 20)
    data = path.read_bytes()
    error = {"status": 503, "headers": {"retry-after-ms": "10"}, "json": {"error": {}}}
    client = _client(surface, fault, max_retries=2)
    fault.script(error, error, {"json": REPLY})
    with path.open("rb") as handle:
        handle.seek(7)  # an open file is sent from where it stood when the call was made
        assert client.uploads.create(file=handle, purpose="p").id == "up_1"
    tries = fault.requests()  # a new script forgets what was recorded
    assert len(tries) == 3
    for seen in tries:
        assert _parts(seen)["file"][1] == data[7:]
    fault.script(error, {"json": REPLY})
    assert client.uploads.create(file=("named.bin", path, "x/y"), purpose="q").id == "up_1"
    tries = fault.requests()
    assert len(tries) == 2
    for seen in tries:
        head, content = _parts(seen)["file"]
        assert content == data and 'filename="named.bin"' in head and "x/y" in head
    assert _open_fds_to(path) == []


def test_a_text_file_is_sent_as_the_text_it_reads(surface: ModuleType, fault: FaultHandle,
                                                   tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"one\r\ntwo\r\n")  # read as text, the line ends become "\n"
    fault.script({"json": REPLY})
    with path.open(encoding="utf-8") as handle:
        assert _client(surface, fault).uploads.create(file=handle, purpose="p").id == "up_1"
    seen = fault.requests()[-1]
    assert seen.header("content-length") == str(len(seen.body))
    assert _parts(seen)["file"][1] == b"one\ntwo\n"
