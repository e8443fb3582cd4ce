"""The notes `specloom build` writes for the shipped history: golden (the committed files are
what it renders), complete against `specs/README.md`'s change tables, and beside the models."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from generator.cli import main
from generator.config import load_config
from generator.ir.model import Api
from generator.pipeline import build_ir, ordered_specs
from generator.pipeline.changelog import judge, notes_files
from tests.conftest import REPO

SPECS = REPO / "specs" / "azure-openai"
NOTES = REPO / "generated" / "azure_openai"
_SECTION = re.compile(r"^### (\S+) → (\S+)$")
_ROW = re.compile(r"^\| ([a-z ]+) \| `([^`]+)` \| (.*) \|$")


def _rendered() -> dict[Path, str]:
    config = load_config(REPO)
    (entry,) = config.apis
    assert entry.changelog == NOTES / "CHANGELOG.md"
    from generator.changelog import load_settings

    settings, problems = load_settings(config.changelog)
    assert problems == []
    versions = [(p.stem, build_ir(p)[0]) for p in ordered_specs(SPECS)]
    return notes_files(judge(versions, settings), entry.changelog)


def test_the_committed_notes_are_what_build_renders() -> None:
    rendered = _rendered()
    assert sorted(p.name for p in rendered) == ["CHANGELOG.md", "changelog.html",
                                                "changelog.json"]
    for path, text in rendered.items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run make build"


def test_build_check_reports_stale_notes(tmp_path: Path,
                                         capsys: Any, monkeypatch: Any) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "specs", project / "specs")
    shutil.copytree(REPO / "generated", project / "generated")
    shutil.copy(REPO / "pyproject.toml", project / "pyproject.toml")
    monkeypatch.chdir(project)
    assert main(["build", "--check"]) == 0
    notes = project / "generated" / "azure_openai" / "CHANGELOG.md"
    notes.write_text(notes.read_text(encoding="utf-8").replace("Breaking", "Braking", 1),
                     encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--check"]) == 1
    out = capsys.readouterr().out
    assert "stale: " in out and "CHANGELOG.md" in out and "+### Breaking changes" in out
    assert main(["build"]) == 0
    assert main(["build", "--check"]) == 0
    assert (project / "generated" / "azure_openai" / "v1").is_dir()  # the models stay


# --- specs/README.md's change tables, the hand-made truth -------------------------------------


def _rows() -> dict[tuple[str, str], list[tuple[str, str, str]]]:
    table: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    pair: tuple[str, str] | None = None
    for line in (REPO / "specs" / "README.md").read_text(encoding="utf-8").splitlines():
        if head := _SECTION.match(line):
            pair = (head.group(1), head.group(2))
            table[pair] = []
        elif (row := _ROW.match(line)) and pair is not None and row.group(1) != "change":
            table[pair].append((row.group(1), row.group(2), row.group(3)))
    return table


def _operation(api: Api, operation_id: str) -> str | None:
    for op in api.operations:
        if op.operation_id == operation_id:
            return f"{op.method.value.upper()} {op.path}"
    return None


def _blob(entry: dict[str, Any]) -> str:
    return json.dumps(entry, ensure_ascii=False)


def _names(kind: str, where: str, old: Api, new: Api) -> list[str]:
    """The words an entry for this row must hold (all of them)."""
    if kind.startswith("operation"):
        api = old if kind == "operation removed" else new
        return [_operation(api, where) or where]
    if kind.startswith("parameter"):
        op_id, _, name = where.split("/")
        operation = _operation(new, op_id) or _operation(old, op_id) or op_id
        return [name] if op_id == "*" else [name, operation]
    if kind in ("enum widened", "union member added"):
        return [where.split(".")[-1]]
    if kind == "response content added":
        op_id, _, media = where.split("/", 2)
        return [_operation(new, op_id) or op_id, media]
    if "." in where:
        schema, _, prop = where.rpartition(".")
        return [schema.split(".")[0], prop]
    return [where]


def _added_values(note: str) -> list[str]:
    return re.findall(r"\+ `([^`]+)`", note)


def test_the_notes_name_every_change_the_readme_lists() -> None:
    data = json.loads((NOTES / "changelog.json").read_text(encoding="utf-8"))
    sections = {(s["old"], s["new"]): s["entries"] for s in data["sections"]}
    apis = {p.stem: build_ir(p)[0] for p in ordered_specs(SPECS)}
    missing = []
    for (old, new), rows in _rows().items():
        entries = sections[(old, new)]
        for kind, where, note in rows:
            words = _names(kind, where, apis[old], apis[new])
            # each added value in an entry of its own or with the others: either reads well
            for wanted in [[*words, v] for v in _added_values(note)] or [words]:
                if not any(all(w in _blob(e) for w in wanted) for e in entries):
                    missing.append(f"{old} -> {new}: {kind} {where} (looked for {wanted})")
    assert missing == []
