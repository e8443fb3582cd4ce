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


def test_v1_api_version_is_no_longer_sent_by_default() -> None:
    # v1's `api-version` became optional, got the default `v1` and an enum: the client option
    # loses its label default (the client generator's rule), said once in the section
    said = [(e.kind, i.kind, i.level, i.params) for e in _v1().entries for i in e.sdk
            if i.kind.startswith("client-option-")]
    assert said == [("request-parameter-became-enum", "client-option-default-removed",
                     Level.WARNING, {"option": "api_version", "old": '"2025-04-01-preview"'})]


def test_v1_server_url_changes_the_clients_default_url() -> None:
    (entry,) = [e for e in _v1().entries if e.kind == "api-server-url-changed"]
    assert [(i.kind, i.params) for i in entry.sdk] == [("client-url-changed", {
        "old": "https://{endpoint}/openai", "new": "https://{endpoint}/openai/v1"})]


def test_dated_versions_change_the_api_version_default() -> None:
    # between dated versions the option's default follows the label: said on the parameter's
    # documentation-only entry (its example), in JSON and with --include-docs
    section = _history().sections[2]
    assert (section.old_label, section.new_label) == ("2024-09-01-preview", "2024-10-21")
    found = [(e.docs_only, i.params) for e in section.entries for i in e.sdk
             if i.kind == "client-option-default-changed"]
    assert found == [(True, {"option": "api_version", "old": '"2024-09-01-preview"',
                             "new": '"2024-10-21"'})]


def test_v1_nested_key_and_enum_component_name_the_argument() -> None:
    section = _v1()
    (method,) = [e for e in section.entries if e.kind == "request-property-added-optional"
                 and e.params.get("where") == "FineTuningMethod"]
    # `FineTuningMethod` is sent and received: the argument's TypedDict and the model change
    assert [(i.kind, i.params) for i in method.sdk] == [
        ("argument-key-added-optional", {
            "method": "fine_tuning.jobs.create", "argument": "method",
            "path": 'method={"reinforcement": ...}', "key": "reinforcement"}),
        ("field-added", {"model": "FineTuningMethod", "field": "reinforcement"})]
    (purpose,) = [e for e in section.entries if e.area == "schema FilePurpose"]
    assert [(i.kind, i.params) for i in purpose.sdk] == [("argument-enum-value-added", {
        "method": "files.create", "argument": "purpose", "value": "evals"})]


def _hostile(tmp: Path) -> Changelog:
    value = "<b>x</b>\u001b[2J`|*"
    base = spec()
    revision = json.loads(json.dumps(base))
    revision["components"]["schemas"]["Item"]["properties"]["status"]["enum"].append(value)
    old = api_from_text(tmp, "base", json.dumps(base))
    new = api_from_text(tmp, "revision", json.dumps(revision))
    return judge([("1", old), ("2", new)], ChangelogSettings())


def _hostile_key(tmp: Path) -> Changelog:
    key = 'x"`<i>\u001b[31m'
    base = spec()
    revision = json.loads(json.dumps(base))
    revision["components"]["schemas"]["Function"]["properties"][key] = {"type": "string"}
    old = api_from_text(tmp, "base", json.dumps(base))
    new = api_from_text(tmp, "revision", json.dumps(revision))
    return judge([("1", old), ("2", new)], ChangelogSettings())


@pytest.mark.parametrize("fmt", list(Format), ids=[f.value for f in Format])
def test_every_format_shows_a_typeddict_key_escaped(tmp_path: Path, fmt: Format) -> None:
    text = render_changelog(_hostile_key(tmp_path), fmt)
    assert "\u001b" not in text
    if fmt is Format.JSON:
        data = json.loads(text)
        (sdk,) = [i for s in data["sections"] for e in s["entries"] for i in e["sdk"]]
        assert sdk["kind"] == "argument-key-added-optional"
        assert sdk["params"]["path"].startswith('tools=[{"function": {"x\\"`<i>')
        return
    line = next(x for x in text.splitlines() if "optional key" in x)
    assert "items.create" in line and "tools=" in line and "info" in line
    if fmt is Format.HTML:
        assert "&lt;i&gt;" in line and "<i>" not in line
    else:
        assert "<i>" in line  # shown as code, not interpreted


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
