"""Models of real specs: every named schema named, black-stable, ruff- and mypy-clean, importable.

Each project is generated into build/models-check/<worker>/<spec>/; the results of black, ruff,
mypy and the build are cached in build/models-check/ by a hash of the generated files and the
tool versions, so an unchanged output is not checked again in a later run.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
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
    # the IR's own edge cases: $ref cycles with no schema, refs across files, recursion
    **{f"refs-{n}": REPO / "tests" / "fixtures" / "refs" / n / "openapi.yaml"
       for n in ("alias_cycle", "relative_files_deep", "recursive_tree", "local_escapes")},
    "openai": OPENAI,
    "stripe": STRIPE,
}


def _package(name: str) -> str:
    return "models_" + re.sub(r"\W", "_", name)


def _digest(files: dict[str, str], tool: str) -> str:
    sha = hashlib.sha256(tool.encode())
    for rel, text in sorted(files.items()):
        sha.update(rel.encode() + b"\0" + text.encode() + b"\0")
    return sha.hexdigest()


def _passed_before(name: str, tool: str, files: dict[str, str], version: str) -> Path | None:
    """None when this check passed on these very files before, else the stamp to write."""
    stamp = CHECK_DIR / f"{name}.{tool}.ok"
    key = _digest(files, version)
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        return None
    return stamp


def _stamp(stamp: Path, files: dict[str, str], version: str) -> None:
    stamp.write_text(_digest(files, version), encoding="utf-8")


def _run_cached(name: str, folder: Path, files: dict[str, str], tool: str, cmd: list[str],
                env: dict[str, str] | None = None) -> None:
    version = subprocess.run([*cmd[:1], "--version"], capture_output=True, text=True).stdout
    version += " ".join(cmd)
    stamp = _passed_before(name, tool, files, version)
    if stamp is None:
        return
    result = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, timeout=600,
                            env=env)
    assert result.returncode == 0, f"{tool} on {name}:\n{result.stdout[-3000:]}{result.stderr}"
    assert not (folder / "PWNED").exists()
    _stamp(stamp, files, version)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_generated_project_is_named_clean_and_builds(name: str) -> None:
    """Every named schema has its public name; black, ruff and mypy find nothing; the package
    imports without pydantic and every model builds; nothing from the spec runs."""
    _check_project(name, SPECS[name])


@pytest.mark.slow
@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params())
def test_every_corpus_spec_is_clean_and_builds(path: Path) -> None:
    """The same checks on every 3.0/3.1 corpus spec (black on all of its output)."""
    _check_project("corpus-" + "-".join(path.relative_to(CORPUS).with_suffix("").parts), path)


def _check_project(name: str, spec: Path) -> None:
    from generator.pipeline import build_ir

    if not spec.is_file():
        pytest.skip(f"spec not found at {spec} (set SPECLOOM_CORPUS)")
    package = _package(name)
    files = render(spec, package)
    folder = CHECK_DIR / os.environ.get("PYTEST_XDIST_WORKER", "main") / name
    write_tree(folder, files)

    api, _ = build_ir(spec, use_cache=True)
    lock = json.loads(files["specloom.lock.json"])["classes"]
    init = files[f"{package}/__init__.py"]
    assert [n for n, ptr in api.schemas.items() if f'    "{lock.get(ptr)}",\n' not in init] == []

    _black(name, files)
    # As a vendoring project sees it: ruff's defaults, for the Pythons it supports.
    ruff = [str(BIN / "ruff"), "check", "--isolated", "--target-version", "py310", "."]
    _run_cached(name, folder, files, "ruff", ruff)
    cache = str(CHECK_DIR / f".mypy_cache_{name}")
    _run_cached(name, folder, files, "mypy",
                [str(BIN / "mypy"), "--strict", "--cache-dir", cache, package])
    script = (REPO / "tests" / "functional" / "models_build_all.py").read_text(encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(folder)}
    _run_cached(name, folder, files, "build", [sys.executable, "-c", script, package], env=env)


def _black(name: str, files: dict[str, str]) -> None:
    import black

    stamp = _passed_before(name, "black", files, black.__version__)
    if stamp is None:
        return
    sample = files
    if name in ("openai", "stripe"):  # a sample: black takes ~10 s over all of OpenAI
        # (the slow suite's corpus-openai-..., corpus-stripe-... runs take all of it)
        sample = {k: v for i, (k, v) in enumerate(sorted(files.items())) if i % 4 == 0}
    assert_black_stable(sample)
    _stamp(stamp, files, black.__version__)


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params())
def test_every_corpus_spec_generates_with_every_name(path: Path) -> None:
    from generator.pipeline import build_ir

    if path in (OPENAI, STRIPE):
        return  # checked in full above

    files = render(path, "m")
    api, _ = build_ir(path, use_cache=True)
    lock = json.loads(files["specloom.lock.json"])["classes"]
    init = files["m/__init__.py"]
    assert [n for n, ptr in api.schemas.items() if f'    "{lock.get(ptr)}",\n' not in init] == []
