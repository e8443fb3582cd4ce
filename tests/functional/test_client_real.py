"""Clients of real specs: every operation a method, importable, black-stable, ruff- and
mypy-clean (checks cached by content hash in build/models-check/, as the models' are)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.write import write_tree
from tests.conftest import CORPUS, REPO, corpus_params
from tests.functional.test_models_golden import assert_black_stable
from tests.functional.test_models_real import BIN, CHECK_DIR, _passed_before, _run_cached, _stamp

OPENAI = CORPUS / "openai" / "2026-08-21.yaml"
STRIPE = CORPUS / "stripe" / "2023-09-12.yaml"
AZURE = CORPUS / "azure-openai-inference" / "2025-04-01-preview.yaml"
SPECS = {
    **{f"azure-{p.stem}": p for p in sorted((REPO / "specs" / "azure-openai").glob("*.yaml"))},
    "openai": OPENAI,
    "stripe": STRIPE,
    "azure-corpus": AZURE,
    # spec text that tries to escape into code, docstrings, terminals
    "hostile": REPO / "tests" / "fixtures" / "hostile" / "hostile.yaml",
    "models-hostile": REPO / "tests" / "fixtures" / "models" / "hostile.yaml",
    "kitchen": REPO / "tests" / "fixtures" / "client" / "kitchen.yaml",
    "surface": REPO / "tests" / "fixtures" / "client" / "surface.yaml",
}
WALK = REPO / "tests" / "functional" / "client_walk.py"


def render(spec: Path, package: str) -> tuple[dict[str, str], int]:
    """The client project of `spec`, and the number of operations of its IR."""
    from generator.pipeline import build_ir
    from generator.render.client import render_client

    api, _ = build_ir(spec, use_cache=True)
    return render_client(api, package=package, spec=spec.name).files, len(api.operations)


def _generate(name: str, spec: Path) -> tuple[Path, str, dict[str, str]]:
    if not spec.is_file():
        pytest.skip(f"spec not found at {spec} (set SPECLOOM_CORPUS)")
    package = "client_" + name.replace("-", "_").replace(".", "_")
    files, operations = render(spec, package)
    folder = CHECK_DIR / os.environ.get("PYTEST_XDIST_WORKER", "main") / f"client-{name}"
    write_tree(folder, files)
    env = {**os.environ, "PYTHONPATH": str(folder)}
    result = subprocess.run([sys.executable, str(WALK), package], capture_output=True,
                            text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == [str(operations), str(operations)], \
        "every operation is a method of Client and of AsyncClient"
    return folder, package, files


@pytest.mark.parametrize("name", sorted(SPECS))
def test_client_has_every_operation_and_is_clean(name: str) -> None:
    folder, package, files = _generate(name, SPECS[name])
    _black(f"client-{name}", files)
    ruff = [str(BIN / "ruff"), "check", "--isolated", "--target-version", "py310", "."]
    _run_cached(f"client-{name}", folder, files, "ruff", ruff)
    cache = str(CHECK_DIR / f".mypy_cache_client_{name}")
    _run_cached(f"client-{name}", folder, files, "mypy",
                [str(BIN / "mypy"), "--strict", "--cache-dir", cache, package])


def _black(name: str, files: dict[str, str]) -> None:
    import black

    stamp = _passed_before(name, "black", files, black.__version__)
    if stamp is None:
        return
    python = {k: v for k, v in files.items() if "/types/" not in k}  # the models' own test
    assert_black_stable(python)
    _stamp(stamp, files, black.__version__)


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params())
def test_every_corpus_spec_gives_an_importable_client_with_every_method(path: Path) -> None:
    if path in SPECS.values():
        return  # checked in full above
    _generate(str(path.relative_to(CORPUS).with_suffix("")).replace("/", "-"), path)


def test_two_runs_are_byte_identical() -> None:
    spec = SPECS["azure-v1"]
    assert render(spec, "twice") == render(spec, "twice")


PYRIGHT = REPO / "tests" / "node" / "node_modules" / ".bin" / "pyright"
SHIPPED = ("azure-v1", "azure-2024-10-21")  # the clients `specloom build` writes


@pytest.mark.parametrize("name", SHIPPED)
def test_pyright_finds_nothing_in_the_shipped_clients(name: str) -> None:
    """pyright (pinned in tests/node; bundled, so it runs offline) in its default mode."""
    if not PYRIGHT.is_file():
        reason = f"pyright not installed at {PYRIGHT} (make test runs npm ci in tests/node)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: the tools must be installed)")
        pytest.skip(reason)
    folder, package, files = _generate(name, SPECS[name])
    _run_cached(f"client-{name}", folder, files, "pyright",
                [str(PYRIGHT), "--pythonpath", sys.executable, package])


@pytest.mark.parametrize("name", SHIPPED)
def test_pyright_strict_finds_nothing_in_the_shipped_clients(name: str) -> None:
    """pyright's strict mode (a pyrightconfig.json in the project folder) finds nothing."""
    if not PYRIGHT.is_file():
        pytest.skip(f"pyright not installed at {PYRIGHT} (make test runs npm ci in tests/node)")
    folder, package, files = _generate(name, SPECS[name])
    strict = {**files, "pyrightconfig.json": '{"typeCheckingMode": "strict"}\n'}
    project = folder.with_name(folder.name + "-strict")
    write_tree(project, strict)
    _run_cached(f"client-{name}", project, strict, "pyright-strict",
                [str(PYRIGHT), "--pythonpath", sys.executable, package])
