"""`specloom bundle` at corpus scale: the `redocly split` tree of the OpenAI spec, bundled.

The split tree comes from `tests.splits.split_tree` (cached under build/ by input hash), and
`redocly lint` from the Redocly CLI that `make test` installs under tests/node/. Without them,
these tests skip and say why.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from bench.peers import Tool
from generator.pipeline import build_ir, bundle_text
from tests.canonical import canonical, differences
from tests.conftest import CORPUS, CORPUS_MISSING
from tests.splits import split_tree

OPENAI = CORPUS / "openai" / "2026-08-21.yaml"


@pytest.fixture
def bundled_split(redocly: Tool, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(root of the split OpenAI tree, its bundle written by specloom)."""
    if not OPENAI.is_file():
        pytest.skip(CORPUS_MISSING)
    root = split_tree(OPENAI, redocly) / "openapi.yaml"
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
    bundled_split: tuple[Path, Path], redocly: Tool, tmp_path: Path
) -> None:
    _, out = bundled_split
    result = subprocess.run(
        [str(redocly.path), "lint", str(out), "--format=json", "--max-problems=100000"],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )
    problems = json.loads(result.stdout)["problems"]
    assert problems, result.stderr  # the OpenAI spec has findings: lint did run
    assert [p for p in problems if p["ruleId"] == "no-unresolved-refs"] == []
