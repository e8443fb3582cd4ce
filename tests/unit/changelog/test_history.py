"""`history` on a small three-version API: sections newest first, each pair diffed once, and a
lifecycle record for operations, parameters, schemas and properties."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from generator.changelog import assemble, assemble_presence, history, judge_history
from generator.changelog.lifecycle import lifecycle, presence
from generator.changelog.model import Changelog, LifecycleEvent, LifecycleRecord
from generator.changelog.settings import ChangelogSettings
from tests.unit.changelog.helpers import api_from_text
from tests.unit.changelog.kind_cases import S, ok, operation, spec

PET = {"type": "object", "properties": {"name": S}}
PET_2 = {"type": "object", "properties": {"name": {**S, "deprecated": True},
                                          "age": {"type": "integer"}}}
REF = {"$ref": "#/components/schemas/Pet"}


def _v1() -> str:
    return spec({"/pets": {"get": operation(responses={"200": ok(REF)})},
                 "/old": {"get": operation(deprecated=True)}},
                {"schemas": {"Pet": PET}})


def _v2() -> str:
    q = {"name": "q", "in": "query", "schema": S}
    return spec({"/pets": {"get": operation(parameters=[q], responses={"200": ok(REF)})}},
                {"schemas": {"Pet": PET_2}})


def _v3() -> str:
    q = {"name": "q", "in": "query", "schema": S, "deprecated": True}
    return spec({"/pets": {"get": operation(parameters=[q], responses={"200": ok(REF)}),
                           "post": operation()}},
                {"schemas": {"Pet": PET_2}})


@pytest.fixture
def changelog(tmp_path: Path) -> Changelog:
    versions = [(label, api_from_text(tmp_path, label, text))
                for label, text in (("v1", _v1()), ("v2", _v2()), ("v3", _v3()))]
    return history(versions, settings=ChangelogSettings(), title="Pets")


def test_sections_newest_first(changelog: Changelog) -> None:
    assert changelog.versions == ("v1", "v2", "v3") and changelog.title == "Pets"
    assert [(s.old_label, s.new_label) for s in changelog.sections] == [("v2", "v3"),
                                                                        ("v1", "v2")]


def test_lifecycle_of_each_subject(changelog: Changelog) -> None:
    records = {(r.subject, r.name): r for r in changelog.lifecycle}
    old = records[("operation", "GET /old")]
    assert (old.introduced, old.deprecated, old.removed) == (None, "v1", "v2")
    assert [e.kinds for e in old.changed] == [("endpoint-removed-after-deprecation",)]
    post = records[("operation", "POST /pets")]
    assert post.introduced == "v3" and post.removed is None
    q = records[("parameter", "GET /pets query/q")]
    assert (q.introduced, q.deprecated) == ("v2", "v3")
    assert {e.version for e in q.changed} == {"v2", "v3"}
    age = records[("property", "Pet.age")]
    assert age.introduced == "v2"
    name = records[("property", "Pet.name")]
    assert (name.introduced, name.deprecated) == (None, "v2")
    pet = records[("schema", "Pet")]
    assert [e.version for e in pet.changed] == ["v2"]
    listing = records[("operation", "GET /pets")]
    assert "response-property-added-optional" in dict(
        (e.version, e.kinds) for e in listing.changed)["v2"]


def test_everything_is_plain_data(changelog: Changelog) -> None:
    # renderers serialise params as JSON: nothing in them needs a custom encoder
    for section in changelog.sections:
        for entry in section.entries:
            json.dumps(entry.params)
            for detail in entry.details:
                json.dumps(detail.params)


def test_identical_versions_have_no_entries(tmp_path: Path) -> None:
    api = api_from_text(tmp_path, "same", _v3())
    again = api_from_text(tmp_path, "again", _v3())
    changelog = history([("a", api), ("b", again)], settings=ChangelogSettings(), title="T")
    [section] = changelog.sections
    assert section.entries == ()
    assert all(not r.changed and r.removed is None for r in changelog.lifecycle)


def test_a_plain_pair_indexes_only_what_something_happened_to(tmp_path: Path) -> None:
    pair = [(label, api_from_text(tmp_path, label, text))
            for label, text in (("v2", _v2()), ("v3", _v3()))]
    records = {(r.subject, r.name): r for r in
               history(pair, settings=ChangelogSettings(), title="Pets").lifecycle}
    assert records[("operation", "POST /pets")].introduced == "v3"  # added
    assert records[("parameter", "GET /pets query/q")].deprecated == "v3"
    assert records[("property", "Pet.name")].deprecated == "v2"  # deprecated before the pair
    # in both, untouched, never deprecated: nothing to say
    assert ("property", "Pet.age") not in records
    assert ("schema", "Pet") not in records
    full = {(r.subject, r.name) for r in history(
        [*pair, ("v4", api_from_text(tmp_path, "v4", _v3()))], settings=ChangelogSettings(),
        title="Pets").lifecycle}
    assert {("property", "Pet.age"), ("schema", "Pet")} <= full  # a history lists them all


def _eventful(record: LifecycleRecord) -> bool:
    return bool(record.introduced or record.changed or record.deprecated or record.removed)


@pytest.mark.parametrize("first", [0, 1])
def test_a_pairs_index_is_the_full_index_of_its_eventful_subjects(tmp_path: Path,
                                                                  first: int) -> None:
    texts = [("v1", _v1()), ("v2", _v2()), ("v3", _v3())][first:first + 2]
    versions = [(label, api_from_text(tmp_path, label, text)) for label, text in texts]
    labels = [label for label, _ in versions]
    sections, subjects = judge_history(versions, settings=ChangelogSettings())
    full = lifecycle(labels, subjects, sections)
    pair = lifecycle(labels, subjects, sections, eventful_only=True)
    assert pair == tuple(r for r in full if _eventful(r)) and len(pair) < len(full)
    # the subjects-only step worked out before gives the same index
    early = presence(labels, subjects, eventful_only=True)
    assert lifecycle(labels, subjects, sections, eventful_only=True, known=early) == pair
    whole = assemble("T", labels, sections, subjects)
    assert whole.lifecycle == pair
    assert assemble("T", labels, sections, subjects,
                    presence=assemble_presence(labels, subjects)) == whole


def test_a_pairs_index_from_subjects_alone() -> None:
    old = [("schema", "Gone", False), ("schema", "Kept", True), ("schema", "Flip", False),
           ("property", "Kept.a", False), ("operation", "GET /a", False)]
    new = [("schema", "Kept", True), ("schema", "Flip", True), ("property", "Kept.a", False),
           ("operation", "GET /a", False), ("parameter", "GET /a query/q", False)]
    records = lifecycle(["o", "n"], [old, new], [], eventful_only=True)
    assert [(r.subject, r.name, r.introduced, r.deprecated, r.removed) for r in records] == [
        ("parameter", "GET /a query/q", "n", None, None),
        ("schema", "Flip", None, "n", None),
        ("schema", "Gone", None, None, "n"),
        ("schema", "Kept", None, "o", None)]


def test_a_record_made_from_its_fields_in_order_is_the_same_frozen_record() -> None:
    event = LifecycleEvent(version="v2", kinds=("k",))
    made = LifecycleRecord.of("property", "Pet.age", "v2", (event,), None, "v3")
    assert made == LifecycleRecord(subject="property", name="Pet.age", introduced="v2",
                                   changed=(event,), removed="v3")
    assert hash(made) == hash(LifecycleRecord(subject="property", name="Pet.age",
                                              introduced="v2", changed=(event,), removed="v3"))
    with pytest.raises(FrozenInstanceError):
        made.name = "other"  # type: ignore[misc]
