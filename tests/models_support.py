"""Shared helpers of the models tests: render a spec's project, the golden cases."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "models"
GOLDEN = FIXTURES / "golden"
# spec file -> package name of its golden project
GOLDEN_CASES = {"kitchen-30.yaml": "kitchen30", "kitchen-31.yaml": "kitchen31"}


def render(spec: Path, package: str, lock_dir: Path | None = None) -> dict[str, str]:
    """The files `specloom generate SPEC --models-only --package PACKAGE` writes (in memory)."""
    from generator.pipeline import render_project

    result = render_project(spec, out=lock_dir or Path("/nonexistent"), package=package,
                            root=REPO, strict=False, use_cache=False)
    assert result.files is not None, result.diagnostics
    return result.files


def golden_files(case: str) -> dict[str, str]:
    """The committed golden project of one case."""
    root = GOLDEN / case.removesuffix(".yaml")
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}
