"""Shared test set-up: the real-world corpus, an isolated IR cache, and the repo root."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.peers import Tool, ensure_redocly

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("SPECLOOM_CORPUS", REPO.parent / "shared" / "corpus"))
CORPUS_MISSING = f"corpus folder not found at {CORPUS} (set SPECLOOM_CORPUS)"


def corpus_files(*, include_unsupported: bool = False) -> list[Path]:
    """Every corpus spec, sorted; [] when the corpus is absent (tests then skip)."""
    if not CORPUS.is_dir():
        return []
    files = sorted(p for p in CORPUS.rglob("*.yaml") if p.is_file())
    files += sorted(p for p in CORPUS.rglob("*.json") if p.is_file())
    if not include_unsupported:
        files = [p for p in files if "3.2-" not in str(p.relative_to(CORPUS))]
    return files


def corpus_params(**kwargs: bool) -> list[object]:
    """Parametrize values for corpus files with readable ids, or one skipped placeholder."""
    files = corpus_files(**kwargs)
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=CORPUS_MISSING), id="no-corpus")]
    return [pytest.param(p, id=str(p.relative_to(CORPUS))) for p in files]


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Point the tool's own IR cache at a temporary folder in every test."""
    monkeypatch.setenv("SPECLOOM_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "specloom-cache"))
    yield


@pytest.fixture
def corpus() -> Path:
    """The corpus folder; skips the test with a clear reason when absent."""
    if not CORPUS.is_dir():
        pytest.skip(CORPUS_MISSING)
    return CORPUS


@pytest.fixture(scope="session")
def redocly() -> Tool:
    """Redocly CLI pinned in tests/node (installed by make test); else skips, saying why."""
    tool = ensure_redocly(install=False)
    if tool.unavailable is not None:
        pytest.skip(f"Redocly CLI unavailable: {tool.unavailable}")
    return tool
