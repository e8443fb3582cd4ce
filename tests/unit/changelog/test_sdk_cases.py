"""SDK impact per case: each base/revision pair gives an entry of the expected wire kind that
carries the expected SDK impact (kind, level and the client's names), by the same naming rules
and name lock the generator uses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.changelog import judge_pair, sdk_names
from generator.changelog.model import Entry, Section
from generator.changelog.sdk import SDK_KINDS
from generator.changelog.settings import ChangelogSettings
from generator.ir.model import Api
from generator.naming import NameLock
from generator.naming.client import client_names
from tests.unit.changelog.helpers import api_from_text
from tests.unit.changelog.sdk_cases import CASES, Case, spec


def _section(tmp: Path, base: Api, revision: Api,
             lock: NameLock | None = None) -> Section:
    return judge_pair(base, revision, old_label="base", new_label="revision",
                      settings=ChangelogSettings(),
                      names=(sdk_names(base), sdk_names(revision, lock)))


def _apis(tmp: Path, case: Case) -> tuple[Api, Api]:
    base, revision = case.pair()
    return (api_from_text(tmp, "base", json.dumps(base)),
            api_from_text(tmp, "revision", json.dumps(revision)))


def _entries(section: Section, kind: str) -> list[Entry]:
    found = [e for e in section.entries if e.kind == kind]
    assert found, f"no {kind} entry among {sorted({e.kind for e in section.entries})}"
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case_gives_its_sdk_impact(tmp_path: Path, case: Case) -> None:
    section = _section(tmp_path, *_apis(tmp_path, case))
    entries = _entries(section, case.wire)
    impacts = [i for e in entries for i in e.sdk if i.kind == case.sdk]
    assert impacts, f"{case.wire}: SDK impacts {[i.kind for e in entries for i in e.sdk]}"
    assert case.params in [i.params for i in impacts]
    assert {i.level for i in impacts} == {case.level}
    assert all(i.template == SDK_KINDS[i.kind].template for i in impacts)
    if case.wire_level is not None:  # the SDK verdict differs from the wire verdict
        assert {e.level for e in entries} == {case.wire_level} != {case.level}


def test_method_names_are_the_generators(tmp_path: Path) -> None:
    # the notes name each method exactly as the client generator does
    base, revision = _apis(tmp_path, CASES[0])
    generated = {m.dotted for m in client_names(revision).methods.values()}
    section = _section(tmp_path, base, revision)
    named = {i.params["method"] for e in section.entries for i in e.sdk if "method" in i.params}
    assert named and named <= generated


def test_the_lock_names_what_users_have(tmp_path: Path) -> None:
    base, revision = _apis(tmp_path, CASES[0])  # DELETE /items/{item_id} added
    lock = NameLock(methods={"#/paths/~1items~1{item_id}/delete": "items.remove"},
                    fields={})
    section = _section(tmp_path, base, revision, lock)
    (added,) = _entries(section, "endpoint-added")
    assert [(i.kind, i.params) for i in added.sdk] == [
        ("method-added", {"method": "items.remove"})]


def test_locked_field_name(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.id == "response-field-retyped")
    base, revision = _apis(tmp_path, case)
    lock = NameLock(fields={"#/components/schemas/Item/properties/count": "item_count"})
    (entry,) = _entries(_section(tmp_path, base, revision, lock),
                        "response-property-type-changed")
    assert [i.params for i in entry.sdk] == [{"model": "Item", "field": "item_count"}]


def test_nested_request_property_is_no_argument(tmp_path: Path) -> None:
    # `NewItem.meta.note` is inside an argument's TypedDict, not an argument itself
    base = spec()
    revision = json.loads(json.dumps(base))
    revision["components"]["schemas"]["NewItem"]["properties"]["meta"]["properties"]["tag"] = {
        "type": "string"}
    section = _section(tmp_path, api_from_text(tmp_path, "b", json.dumps(base)),
                       api_from_text(tmp_path, "r", json.dumps(revision)))
    (entry,) = _entries(section, "request-property-added-optional")
    assert entry.sdk == ()


def test_without_names_no_sdk_impact(tmp_path: Path) -> None:
    # callers that pass no names get the notes as before
    base, revision = _apis(tmp_path, CASES[0])
    section = judge_pair(base, revision, old_label="a", new_label="b",
                         settings=ChangelogSettings())
    assert section.entries and all(e.sdk == () for e in section.entries)


def test_registry_is_well_formed() -> None:
    used = {c.sdk for c in CASES}
    assert used <= set(SDK_KINDS)
    for kind in SDK_KINDS.values():
        assert kind.about in ("method", "argument", "model")
        assert kind.template.count("`") % 2 == 0, kind.id


def test_build_reads_each_generated_versions_lock(tmp_path: Path) -> None:
    # `build` names methods by the lock it wrote for a version; a broken lock is skipped
    from generator.config import ApiConfig
    from generator.pipeline.changelog import build_locks, judge

    out = tmp_path / "out"
    (out / "2").mkdir(parents=True)
    (out / "3").mkdir()
    good = NameLock(methods={"#/paths/~1items~1{item_id}/delete": "items.remove"})
    (out / "2" / "specloom.lock.json").write_text(good.dumps(), encoding="utf-8")
    (out / "3" / "specloom.lock.json").write_text("{not json", encoding="utf-8")
    entry = ApiConfig(name="shop", specs=tmp_path, package="shop", output=out)
    locks = build_locks(entry, ["1", "2", "3"])
    assert locks == {"2": good}
    base, revision = _apis(tmp_path, CASES[0])
    (section,) = judge([("1", base), ("2", revision)], ChangelogSettings(), locks).sections
    (added,) = _entries(section, "endpoint-added")
    assert [i.params for i in added.sdk] == [{"method": "items.remove"}]
