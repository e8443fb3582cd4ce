"""Models of real specs: every named schema named, black-stable, ruff- and mypy-clean, importable.

The projects are generated once per test process into build/models-check/<worker>/; ruff and
mypy results are cached in build/models-check/ by a hash of the generated files and the tool
versions, so an unchanged output is not checked again in a later run.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.write import write_tree
from tests.conftest import CORPUS, REPO, corpus_params
from tests.functional.test_models_golden import assert_black_stable
from tests.models_support import FIXTURES, render

CHECK_DIR = REPO / "build" / "models-check"
BIN = Path(sys.executable).parent
OPENAI = CORPUS / "openai" / "2026-08-21.yaml"
STRIPE = CORPUS / "stripe" / "2023-09-12.yaml"
SPECS = {
    **{f"azure-{p.stem}": p for p in sorted((REPO / "specs" / "azure-openai").glob("*.yaml"))},
    "kitchen-30": FIXTURES / "kitchen-30.yaml",
    "kitchen-31": FIXTURES / "kitchen-31.yaml",
    "hostile": FIXTURES / "hostile.yaml",
    "openai": OPENAI,
    "stripe": STRIPE,
}


def _package(name: str) -> str:
    return "models_" + name.replace("-", "_")


@pytest.fixture(scope="module")
def projects() -> dict[str, tuple[Path, dict[str, str]]]:
    """name -> (project folder, files) for every spec here that exists."""
    out = {}
    for name, spec in SPECS.items():
        if not spec.is_file():
            continue
        files = render(spec, _package(name))
        folder = CHECK_DIR / os.environ.get("PYTEST_XDIST_WORKER", "main") / name
        write_tree(folder, files)
        out[name] = (folder, files)
    return out


def _digest(files: dict[str, str], tool: str) -> str:
    sha = hashlib.sha256(tool.encode())
    for rel, text in sorted(files.items()):
        sha.update(rel.encode() + b"\0" + text.encode() + b"\0")
    return sha.hexdigest()


def _run_cached(name: str, folder: Path, files: dict[str, str], tool: str, cmd: list[str]) -> None:
    stamp = CHECK_DIR / f"{name}.{tool}.ok"
    version = subprocess.run([*cmd[:1], "--version"], capture_output=True, text=True).stdout
    key = _digest(files, version)
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        return
    result = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{tool} on {name}:\n{result.stdout[-3000:]}{result.stderr}"
    stamp.write_text(key, encoding="utf-8")


@pytest.mark.parametrize("spec", [OPENAI, STRIPE], ids=["openai", "stripe"])
def test_corpus_specs_are_checked_when_the_corpus_is_there(spec: Path) -> None:
    if not spec.is_file():
        pytest.skip(f"corpus spec not found at {spec} (set SPECLOOM_CORPUS)")


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_named_schema_has_its_public_name(name: str, projects: dict) -> None:  # type: ignore[type-arg]
    from generator.pipeline import build_ir

    if name not in projects:
        pytest.skip(f"{SPECS[name]} not found")
    api, _ = build_ir(SPECS[name], use_cache=False)
    _, files = projects[name]
    lock = json.loads(files["specloom.lock.json"])["classes"]
    init = files[f"{_package(name)}/__init__.py"]
    missing = [n for n, ptr in api.schemas.items() if f'    "{lock.get(ptr)}",\n' not in init]
    assert missing == []


def test_ruff_and_mypy_report_nothing(projects: dict) -> None:  # type: ignore[type-arg]
    for name, (folder, files) in sorted(projects.items()):
        # As a vendoring project sees it: ruff's defaults, for the Pythons it supports.
        ruff = [str(BIN / "ruff"), "check", "--isolated", "--target-version", "py310", "."]
        _run_cached(name, folder, files, "ruff", ruff)
        cache = str(CHECK_DIR / ".mypy_cache")
        _run_cached(name, folder, files, "mypy",
                    [str(BIN / "mypy"), "--strict", "--cache-dir", cache, _package(name)])


def test_packages_import_and_every_model_builds(projects: dict) -> None:  # type: ignore[type-arg]
    script = (REPO / "tests" / "functional" / "models_build_all.py").read_text(encoding="utf-8")
    for name, (folder, _) in sorted(projects.items()):
        env = {**os.environ, "PYTHONPATH": str(folder)}
        result = subprocess.run([sys.executable, "-c", script, _package(name)], cwd=folder,
                                capture_output=True, text=True, env=env, timeout=600)
        assert result.returncode == 0, f"{name}:\n{result.stdout}{result.stderr}"
        assert not (folder / "PWNED").exists()


def test_output_is_black_stable(projects: dict) -> None:  # type: ignore[type-arg]
    for name, (_, files) in sorted(projects.items()):
        if name in ("openai", "stripe"):  # a sample: black takes ~10 s over all of OpenAI
            files = {k: v for i, (k, v) in enumerate(sorted(files.items())) if i % 4 == 0}
        assert_black_stable(files)


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params())
def test_every_corpus_spec_generates_with_every_name(path: Path) -> None:
    from generator.pipeline import build_ir

    files = render(path, "m")
    api, _ = build_ir(path, use_cache=True)
    lock = json.loads(files["specloom.lock.json"])["classes"]
    init = files["m/__init__.py"]
    assert [n for n, ptr in api.schemas.items() if f'    "{lock.get(ptr)}",\n' not in init] == []
