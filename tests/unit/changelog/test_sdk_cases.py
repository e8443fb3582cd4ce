"""SDK impact per case: each base/revision pair gives an entry of the expected wire kind that
carries the expected SDK impact (kind, level and the client's names), by the same naming rules
and name lock the generator uses."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
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
from tests.unit.changelog.sdk_cases import CASES as METHOD_CASES
from tests.unit.changelog.sdk_cases import Case, Json, spec
from tests.unit.changelog.sdk_cases_client import CLIENT_CASES

CASES = (*METHOD_CASES, *CLIENT_CASES)


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


def _judged(tmp: Path, edit: Callable[[Json], None],
            before: Callable[[Json], None] | None = None) -> Section:
    base = spec()
    if before is not None:
        before(base)
    revision = copy.deepcopy(base)
    edit(revision)
    return _section(tmp, api_from_text(tmp, "b", json.dumps(base)),
                    api_from_text(tmp, "r", json.dumps(revision)))


def test_component_parameter_names_every_methods_argument(tmp_path: Path) -> None:
    # `Trace` is one entry at the component; it reaches two methods, whose arguments differ
    def edit(s: Json) -> None:
        s["components"]["parameters"]["Trace"]["required"] = True

    (entry,) = _entries(_judged(tmp_path, edit), "request-parameter-became-required")
    assert entry.area == "parameter Trace"
    assert [(i.kind, i.params) for i in entry.sdk] == [
        ("argument-became-required", {"method": "items.create", "argument": "trace"}),
        ("argument-became-required", {"method": "items.list", "argument": "trace_header"})]


def test_nested_key_is_no_argument(tmp_path: Path) -> None:
    # `NewItem.meta.tag` is a key of `meta`'s TypedDict, not a keyword argument of its own
    def edit(s: Json) -> None:
        s["components"]["schemas"]["NewItem"]["properties"]["meta"]["properties"]["tag"] = {
            "type": "string"}

    (entry,) = _entries(_judged(tmp_path, edit), "request-property-added-optional")
    assert [(i.kind, i.params) for i in entry.sdk] == [("argument-key-added-optional", {
        "method": "items.create", "argument": "meta", "path": 'meta={"tag": ...}',
        "key": "tag"})]


def test_component_below_two_arguments_names_both(tmp_path: Path) -> None:
    # `Function` sits below `tools` and below `default_function`: each argument is named
    def before(s: Json) -> None:
        s["components"]["schemas"]["NewItem"]["properties"]["default_function"] = {
            "$ref": "#/components/schemas/Function"}

    def edit(s: Json) -> None:
        s["components"]["schemas"]["Function"]["properties"]["strict"] = {"type": "boolean"}

    (entry,) = _entries(_judged(tmp_path, edit, before), "request-property-added-optional")
    assert [(i.params["argument"], i.params["path"]) for i in entry.sdk] == [
        ("default_function", 'default_function={"strict": ...}'),
        ("tools", 'tools=[{"function": {"strict": ...}}]')]


def test_schema_sent_and_received_changes_argument_and_model(tmp_path: Path) -> None:
    # `POST /items` also returns `NewItem`: a new property is an argument and a model field
    def before(s: Json) -> None:
        s["paths"]["/items"]["post"]["responses"]["200"] = {
            "description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/NewItem"}}}}

    def edit(s: Json) -> None:
        s["components"]["schemas"]["NewItem"]["properties"]["price"] = {"type": "number"}

    (entry,) = _entries(_judged(tmp_path, edit, before), "request-property-added-optional")
    assert [(i.kind, i.params) for i in entry.sdk] == [
        ("argument-added-optional", {"method": "items.create", "argument": "price"}),
        ("field-added", {"model": "NewItem", "field": "price"})]


def test_recursive_body_schema_finishes(tmp_path: Path) -> None:
    # a schema that holds itself: the walk from the body ends, and the shortest way is named
    def edit(s: Json) -> None:
        s["components"]["schemas"]["Node"]["properties"]["weight"] = {"type": "number"}

    def recursive(s: Json) -> None:
        s["components"]["schemas"]["Node"] = {"type": "object", "properties": {
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}
        s["components"]["schemas"]["NewItem"]["properties"]["tree"] = {
            "$ref": "#/components/schemas/Node"}

    base = spec()
    recursive(base)
    revision = copy.deepcopy(base)
    edit(revision)
    section = _section(tmp_path, api_from_text(tmp_path, "b", json.dumps(base)),
                       api_from_text(tmp_path, "r", json.dumps(revision)))
    (entry,) = _entries(section, "request-property-added-optional")
    assert [i.params["path"] for i in entry.sdk] == ['tree={"weight": ...}']


def test_an_option_change_is_said_once_per_section(tmp_path: Path) -> None:
    # v1's `api-version` became optional, got a default and an enum: three entries, one
    # change to the client option, said on the first of them (the breaking one)
    def edit(s: Json) -> None:
        version = s["components"]["parameters"]["ApiVersion"]
        version["required"] = False
        version["schema"] = {"type": "string", "enum": ["v1", "preview"], "default": "v1"}

    section = _judged(tmp_path, edit)
    said = [(e.kind, i.kind) for e in section.entries for i in e.sdk
            if i.kind.startswith("client-option-")]
    assert said == [("request-parameter-became-enum", "client-option-default-removed")]
    assert len([e for e in section.entries if "ApiVersion" in e.area and not e.docs_only]) == 3


def test_option_rules_are_the_client_generators(tmp_path: Path) -> None:
    # the option names and defaults the notes use are the ones the client renderer writes
    from generator.changelog.sdk_options import client_options
    from generator.render.client.options import client_view

    api = api_from_text(tmp_path, "b", json.dumps(spec()))
    view = client_view(api, "shop", sdk_names(api).client, [])
    found = client_options(api)
    assert {o.name: o.default for o in found.by_wire.values()} == {
        **{o.name: o.default for o in view.api_options},
        **{v.name: v.default for v in view.server_options}} == {
        "api_version": '"1"', "endpoint": '"shop.example.com"'}
    assert found.url == "https://{endpoint}/shop"


def test_one_header_line_names_every_method(tmp_path: Path) -> None:
    # a header added to the response four operations share: one impact listing the methods
    def edit(s: Json) -> None:
        s["paths"]["/items"]["post"]["responses"]["200"]["headers"] = {
            "x-trace": {"schema": {"type": "string"}}}

    (entry,) = _entries(_judged(tmp_path, edit), "response-header-added")
    assert [(i.kind, i.params) for i in entry.sdk] == [("raw-header-added", {
        "header": "x-trace",
        "methods": ["items.create", "items.patch_2", "items.replace", "items.retrieve"]})]


def test_without_names_no_sdk_impact(tmp_path: Path) -> None:
    # callers that pass no names get the notes as before
    base, revision = _apis(tmp_path, CASES[0])
    section = judge_pair(base, revision, old_label="a", new_label="b",
                         settings=ChangelogSettings())
    assert section.entries and all(e.sdk == () for e in section.entries)


def test_registry_is_well_formed() -> None:
    used = {c.sdk for c in CASES}
    assert used <= set(SDK_KINDS)
    assert used == set(SDK_KINDS)  # every SDK kind has a named case
    for kind in SDK_KINDS.values():
        assert kind.about in ("method", "argument", "model", "option", "response")
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
