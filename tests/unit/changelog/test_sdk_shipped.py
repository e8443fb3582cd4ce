"""SDK impact on the shipped Azure history (as `build` judges it, with the committed name
locks) and in every changelog format, spec text escaped."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from generator.changelog.model import Changelog, Entry, Level, Section
from generator.changelog.settings import ChangelogSettings
from generator.naming import LOCK_FILE, NameLock, loads
from generator.pipeline import build_ir, ordered_specs
from generator.pipeline.changelog import judge
from generator.render.changelog import Format, render_changelog
from tests.conftest import REPO
from tests.unit.changelog.helpers import api_from_text
from tests.unit.changelog.sdk_cases import spec

SHIPPED = REPO / "specs" / "azure-openai"
GENERATED = REPO / "generated" / "azure_openai"


def _lock(label: str) -> NameLock:
    return loads((GENERATED / label / LOCK_FILE).read_text(encoding="utf-8"))


@cache
def _history() -> Changelog:
    versions = [(p.stem, build_ir(p, use_cache=False)[0]) for p in ordered_specs(SHIPPED)]
    locks = {label: _lock(label) for label, _ in versions if (GENERATED / label).is_dir()}
    assert "v1" in locks  # build writes the v1 client: its lock names what users have
    return judge(versions, ChangelogSettings(), locks)


def _v1() -> Section:
    section = _history().sections[0]
    assert (section.old_label, section.new_label) == ("2025-04-01-preview", "v1")
    return section


def _about(section: Section, kind: str, operation: str) -> Entry:
    (entry,) = [e for e in section.entries
                if e.kind == kind and any(r.operation == operation for r in e.reach)]
    return entry


def test_v1_move_of_chat_completions_keeps_the_method() -> None:
    # v1 moves ChatCompletions_Create from /deployments/{deployment-id}/chat/completions to
    # /chat/completions: a breaking wire change, and the method keeps the name v1's lock gives
    entry = _about(_v1(), "endpoint-moved", "POST /chat/completions")
    method = _lock("v1").methods["#/paths/~1chat~1completions/post"]
    assert entry.level is Level.BREAKING
    assert [(i.kind, i.level, i.params) for i in entry.sdk] == [
        ("method-unchanged", Level.INFO, {"method": method})]


def test_v1_drops_the_deployment_argument() -> None:
    entry = _about(_v1(), "request-parameter-removed-required", "POST /chat/completions")
    method = _lock("v1").methods["#/paths/~1chat~1completions/post"]
    removed = [(i.level, i.params) for i in entry.sdk if i.kind == "argument-removed"]
    assert (Level.BREAKING, {"method": method, "argument": "deployment_id"}) in removed


def test_every_method_named_exists_in_its_client() -> None:
    # a name in the v1 section is one of v1's methods (added or kept) or one the old side had
    section = _v1()
    v1 = set(_lock("v1").methods.values())
    for entry in section.entries:
        for impact in entry.sdk:
            if impact.kind in ("method-added", "method-unchanged"):
                assert impact.params["method"] in v1, (entry.kind, impact.params)


def test_history_has_impacts_in_every_section() -> None:
    counts = [sum(len(e.sdk) for e in s.entries) for s in _history().sections]
    assert all(counts), counts


def _hostile(tmp: Path) -> Changelog:
    value = "<b>x</b>\u001b[2J`|*"
    base = spec()
    revision = json.loads(json.dumps(base))
    revision["components"]["schemas"]["Item"]["properties"]["status"]["enum"].append(value)
    old = api_from_text(tmp, "base", json.dumps(base))
    new = api_from_text(tmp, "revision", json.dumps(revision))
    return judge([("1", old), ("2", new)], ChangelogSettings())


@pytest.mark.parametrize("fmt", list(Format), ids=[f.value for f in Format])
def test_every_format_shows_the_impact_escaped(tmp_path: Path, fmt: Format) -> None:
    text = render_changelog(_hostile(tmp_path), fmt)
    assert "\u001b" not in text
    if fmt is Format.JSON:
        data = json.loads(text)
        sdk = [i for s in data["sections"] for e in s["entries"] for i in e["sdk"]]
        assert {"kind": "enum-value-added", "level": "warning"}.items() <= sdk[0].items()
        assert sdk[0]["params"]["value"].startswith("<b>x</b>")
        return
    line = next(x for x in text.splitlines() if "may hold the new value" in x)
    assert "warning" in line and "Item" in line and "status" in line
    if fmt is Format.HTML:
        assert "&lt;b&gt;x&lt;/b&gt;" in line and "<b>" not in line
    else:
        assert "<b>x</b>" in line  # shown as code, not interpreted
