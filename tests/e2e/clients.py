"""Clients generated once per test run (per spec and generator content) under build/e2e-clients/.

The key is the spec's bytes and every file of generator/ and templates/, so a changed
generator regenerates and an unchanged one reuses the folder across runs and xdist workers
(a file lock makes one worker generate while the others wait).
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO

CLIENTS = REPO / "build" / "e2e-clients"
SPECS = REPO / "specs" / "azure-openai"


@functools.cache
def _generator_digest() -> str:
    digest = hashlib.sha256()
    for root in (REPO / "generator", REPO / "templates"):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(REPO).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def client_project(spec: Path, package: str) -> Path:
    """The project folder of the client generated from `spec` as `package` (made once)."""
    key = hashlib.sha256(spec.read_bytes() + _generator_digest().encode()).hexdigest()[:16]
    folder = CLIENTS / f"{package}-{key}"
    CLIENTS.mkdir(parents=True, exist_ok=True)
    with (CLIENTS / f"{package}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "done").exists():
            argv = [sys.executable, "-m", "generator", "generate", str(spec), "-o",
                    str(folder / "project"), "--package", package]
            done = subprocess.run(argv, capture_output=True, text=True, cwd=REPO, timeout=600)
            if done.returncode != 0:
                pytest.fail(f"specloom generate {spec.name} failed:\n{done.stderr[-3000:]}")
            (folder / "done").write_text("ok", encoding="utf-8")
    return folder / "project"


def client_module(spec: Path, package: str) -> ModuleType:
    """The generated package, imported in this process."""
    project = str(client_project(spec, package))
    if project not in sys.path:
        sys.path.insert(0, project)
    return importlib.import_module(package)
