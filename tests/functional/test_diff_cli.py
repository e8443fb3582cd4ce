"""`specloom diff`: formats, exit codes, diagnostics for unloadable input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import REPO

SPECS = REPO / "specs" / "azure-openai"


def test_json_output_is_stable_and_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["diff", str(SPECS / "2025-04-01-preview.yaml"), str(SPECS / "v1.yaml")]
    assert main([*args, "--format", "json"]) == 0
    first = capsys.readouterr().out
    assert main([*args, "--format", "json"]) == 0
    assert capsys.readouterr().out == first
    data = json.loads(first)
    assert data["schema_version"] == 1 and data["old"] == "2025-04-01-preview"
    assert data["count"] == len(data["changes"]) > 0
    moved = [c for c in data["changes"] if c["action"] == "moved"]
    assert {c["name"] for c in moved} == {"ChatCompletions_Create", "Embeddings_Create"}


def test_no_changes_is_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    spec = str(SPECS / "v1.yaml")
    assert main(["diff", spec, spec]) == 0
    assert capsys.readouterr().out.endswith("no changes\n")
    assert main(["diff", spec, spec, "--format", "yaml"]) == 0
    assert "changes: []" in capsys.readouterr().out


def test_unloadable_spec_is_exit_1_located(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.1.0\ninfo: [unclosed\n", encoding="utf-8")
    assert main(["diff", str(SPECS / "v1.yaml"), str(bad)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{bad}:3:1: error[parse-syntax]" in err and "Traceback" not in err


def test_wrong_command_line_is_exit_2() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["diff", "only-one.yaml"])
    assert exc.value.code == 2


def test_text_output_shows_hostile_spec_text_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    hostile = REPO / "tests" / "fixtures" / "changelog" / "hostile"
    assert main(["diff", str(hostile / "base.yaml"), str(hostile / "revision.yaml"),
                 "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    # Every line is one of ours: a header, an indented record or the count; a name holding
    # a line break never starts a line of its own (`::error::` would be a workflow command).
    lines = out.splitlines()
    assert all(line.startswith("  ") for line in lines[1:-1])
    assert not any(line.lstrip().startswith("::") for line in lines)
