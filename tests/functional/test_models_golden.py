"""Golden models projects for a 3.0 and a 3.1 kitchen-sink spec (tests/regen_models.py)."""

from __future__ import annotations

import black
import pytest

from tests.models_support import FIXTURES, GOLDEN_CASES, golden_files, render

REGEN = "regenerate with `.venv/bin/python -m tests.regen_models` and review the diff"


@pytest.mark.parametrize("case", sorted(GOLDEN_CASES))
def test_output_matches_the_golden_project(case: str) -> None:
    got = render(FIXTURES / case, GOLDEN_CASES[case])
    want = golden_files(case)
    assert sorted(got) == sorted(want), REGEN
    changed = [rel for rel in sorted(got) if got[rel] != want[rel]]
    assert changed == [], REGEN


@pytest.mark.parametrize("case", sorted(GOLDEN_CASES))
def test_golden_python_is_black_stable(case: str) -> None:
    assert_black_stable(golden_files(case))


def assert_black_stable(files: dict[str, str]) -> None:
    """Black (pinned) would change none of the Python files."""
    mode = black.Mode()
    changed = []
    for rel, text in sorted(files.items()):
        if not rel.endswith(".py"):
            continue
        try:
            black.format_file_contents(text, fast=False, mode=mode)
        except black.NothingChanged:
            continue
        changed.append(rel)
    assert changed == []
