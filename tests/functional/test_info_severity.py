"""Info findings (notes): counted in every summary, listed in text and GitHub output only with
--verbose, always in JSON and SARIF (`note`), never made fatal by --strict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.pipeline import check_spec, inspect_command
from tests.functional.test_cli import specloom

# One deprecated schema `example` (info) and one `nullable` (an oas30-idiom warning).
SPEC = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: string, example: hi}
  /b:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: string, nullable: true}
"""
NOTE_LINE = "info[schema-example-deprecated]: schema `example` is deprecated in 3.1"
WARNING_LINE = "warning[oas30-idiom]: 3.0 `nullable: true`"


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "api.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return path


def _only_notes(spec: Path) -> Path:
    spec.write_text(SPEC.replace("nullable: true", "minLength: 1"), encoding="utf-8")
    return spec


def test_text_counts_notes_and_lists_them_only_when_verbose(spec: Path) -> None:
    quiet = specloom("validate", str(spec))
    assert quiet.returncode == 0
    assert NOTE_LINE not in quiet.stdout and WARNING_LINE in quiet.stdout
    assert quiet.stdout.splitlines()[-1] == (
        "0 errors, 1 warning, 1 note in 1 file (--verbose shows the notes)"
    )
    for flag in ("--verbose", "-v"):
        loud = specloom("validate", flag, str(spec))
        assert loud.returncode == 0
        assert f"api.yaml:11:47: {NOTE_LINE}" in loud.stdout and WARNING_LINE in loud.stdout
        assert loud.stdout.splitlines()[-1] == "0 errors, 1 warning, 1 note in 1 file"


def test_strict_leaves_notes_as_notes(spec: Path) -> None:
    strict = specloom("validate", "--strict", "--verbose", str(_only_notes(spec)))
    assert strict.returncode == 0, strict.stdout
    assert NOTE_LINE in strict.stdout
    assert strict.stdout.splitlines()[-1] == "0 errors, 0 warnings, 1 note in 1 file"
    records = json.loads(specloom("validate", "--strict", "--format", "json", str(spec)).stdout)
    assert [r["severity"] for r in records] == ["info"]


def test_strict_still_fails_on_warnings_beside_notes(spec: Path) -> None:
    strict = specloom("validate", "--strict", str(spec))
    assert strict.returncode == 1
    assert strict.stdout.splitlines()[-1] == (
        "1 error, 0 warnings, 1 note in 1 file (--verbose shows the notes)"
    )


def test_json_keeps_every_note(spec: Path) -> None:
    result = specloom("validate", "--format", "json", str(spec))
    records = json.loads(result.stdout)
    assert {(r["code"], r["severity"], r["pointer"]) for r in records} == {
        ("schema-example-deprecated", "info",
         "/paths/~1a/get/responses/200/content/application~1json/schema/example"),
        ("oas30-idiom", "warning",
         "/paths/~1b/get/responses/200/content/application~1json/schema/nullable"),
    }


def test_sarif_gives_notes_the_level_note(spec: Path) -> None:
    log = json.loads(specloom("validate", "--format", "sarif", str(spec)).stdout)
    (run,) = log["runs"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"schema-example-deprecated": "note", "oas30-idiom": "warning"}
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["schema-example-deprecated"]["defaultConfiguration"]["level"] == "note"


def test_github_notices_only_when_verbose(spec: Path) -> None:
    quiet = specloom("validate", "--format", "github", str(spec)).stdout
    assert "::notice" not in quiet and "::warning" in quiet
    assert quiet.splitlines()[-1].endswith("1 note in 1 file (--verbose shows the notes)")
    loud = specloom("validate", "--format", "github", "--verbose", str(spec)).stdout
    (notice,) = [line for line in loud.splitlines() if line.startswith("::notice ")]
    assert "title=schema-example-deprecated" in notice and "line=11" in notice


def test_overrides_move_rules_into_and_out_of_info(spec: Path, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.specloom.rules]\nschema-example-deprecated = "warning"\noas30-idiom = "info"\n',
        encoding="utf-8",
    )
    result = specloom("validate", spec.name, cwd=tmp_path)
    assert result.returncode == 0
    assert "warning[schema-example-deprecated]" in result.stdout
    assert "oas30-idiom" not in result.stdout
    assert result.stdout.splitlines()[-1].startswith("0 errors, 1 warning, 1 note in 1 file")


def test_build_lists_notes_only_when_verbose(spec: Path, tmp_path: Path) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    _only_notes(spec).rename(folder / "v1.yaml")
    (tmp_path / "pyproject.toml").write_text(
        '[[tool.specloom.api]]\nname = "demo"\nspecs = "specs"\n', encoding="utf-8"
    )
    quiet = specloom("build", "--strict", cwd=tmp_path)
    assert quiet.returncode == 0, quiet.stdout
    assert "0 errors, 0 warnings, 1 note in 1 file (--verbose shows the notes)" in quiet.stdout
    assert "info[" not in quiet.stdout
    loud = specloom("build", "--strict", "--verbose", cwd=tmp_path)
    assert loud.returncode == 0 and NOTE_LINE in loud.stdout


def test_inspect_counts_findings_without_the_notes(spec: Path) -> None:
    text, code = inspect_command(str(spec), fmt="text", use_cache=False)
    assert code == 0
    assert "findings: 1 (run `specloom validate` to see them)" in text
    text, _ = inspect_command(str(_only_notes(spec)), fmt="text", use_cache=False)
    assert "findings:" not in text


@pytest.mark.corpus
def test_openai_schema_examples_are_notes(corpus: Path) -> None:
    path = corpus / "openai" / "2026-08-21.yaml"
    if not path.is_file():
        pytest.skip(f"{path} not in the corpus")
    found = check_spec(path).diagnostics
    notes = [d for d in found if d.code == "schema-example-deprecated"]
    idioms = [d for d in found if d.code == "oas30-idiom"]
    # 425 oas30-idiom warnings before the split: 306 schema `example`s, 112 `nullable`s and
    # 7 boolean exclusive bounds.
    assert len(notes) == 306 and {d.severity.value for d in notes} == {"info"}
    assert len(idioms) == 119 and {d.severity.value for d in idioms} == {"warning"}
    assert all(d.location and d.location.pointer.endswith("/example") for d in notes)
    assert not any(d.location and d.location.pointer.endswith("/example") for d in idioms)
    result = specloom("validate", str(path))
    assert "info[" not in result.stdout
    assert result.stdout.splitlines()[-1].endswith(
        " warnings, 306 notes in 1 file (--verbose shows the notes)"
    )
