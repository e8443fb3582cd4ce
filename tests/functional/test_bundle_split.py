"""`specloom bundle` at corpus scale: the `redocly split` tree of the OpenAI spec, bundled.

The split trees come from the `split_tree` fixture (a callable: `split_tree(spec) -> folder
holding openapi.yaml`, cached by input hash), and `redocly lint` from the Redocly CLI that
`make test` installs under tests/node/. Without either, these tests skip and say why.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.pipeline import build_ir, bundle_text
from tests.conftest import CORPUS, CORPUS_MISSING, REPO
from tests.ir_canon import canonical, differences

OPENAI = CORPUS / "openai" / "2026-08-21.yaml"
REDOCLY = REPO / "tests" / "node" / "node_modules" / ".bin" / "redocly"

Split = Callable[[Path], Path]


@pytest.fixture
def bundled_split(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """(root of the split OpenAI tree, its bundle written by specloom)."""
    if not OPENAI.is_file():
        pytest.skip(CORPUS_MISSING)
    try:
        split: Split = request.getfixturevalue("split_tree")
    except pytest.FixtureLookupError:
        pytest.skip("no `split_tree` fixture (the redocly split test infrastructure) here")
    root = split(OPENAI) / "openapi.yaml"
    out = tmp_path_factory.mktemp("bundle") / "openapi.yaml"
    out.write_text(bundle_text(root), encoding="utf-8")
    return root, out


def test_bundle_of_the_split_has_the_model_of_the_tree(bundled_split: tuple[Path, Path]) -> None:
    root, out = bundled_split
    tree = canonical(build_ir(root, use_cache=False)[0])
    bundled = canonical(build_ir(out, use_cache=False)[0])
    assert len(tree["schemas"]) == 1221  # the schemas the operations and webhooks reach
    assert sorted(bundled["schemas"]) == sorted(tree["schemas"])
    assert differences(tree, bundled) == []
    assert tree == bundled


def test_redocly_lint_finds_no_unresolved_ref_in_the_bundle(
    bundled_split: tuple[Path, Path], tmp_path: Path
) -> None:
    redocly = str(REDOCLY) if REDOCLY.exists() else shutil.which("redocly")
    if redocly is None:
        pytest.skip(f"Redocly CLI not installed ({REDOCLY}; `make test` installs it)")
    _, out = bundled_split
    result = subprocess.run(
        [redocly, "lint", str(out), "--format=json", "--max-problems=100000"],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )
    problems = json.loads(result.stdout)["problems"]
    assert problems, result.stderr  # the OpenAI spec has findings: lint did run
    assert [p for p in problems if p["ruleId"] == "no-unresolved-refs"] == []
