"""The shipped Azure history judged as a whole: every change specs/README.md lists is an
entry (of the right kind, at its origin), sections run newest first, and the lifecycle index
knows when things came, changed and went."""

from __future__ import annotations

import re
from functools import cache

from generator.changelog import history
from generator.changelog.model import Changelog, Entry, Level
from generator.changelog.settings import ChangelogSettings
from generator.pipeline import build_ir, ordered_specs
from tests.conftest import REPO

SHIPPED = REPO / "specs" / "azure-openai"
_SECTION = re.compile(r"^### (\S+) → (\S+)$")
_ROW = re.compile(r"^\| ([a-z ]+) \| `([^`]+)` \| (.*) \|$")


def _listed() -> dict[tuple[str, str], list[tuple[str, str, str]]]:
    table: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    pair: tuple[str, str] | None = None
    for line in (REPO / "specs" / "README.md").read_text(encoding="utf-8").splitlines():
        head = _SECTION.match(line)
        if head:
            pair = (head.group(1), head.group(2))
            table[pair] = []
        row = _ROW.match(line)
        if row and pair is not None and row.group(1) != "change":
            table[pair].append((row.group(1), row.group(2), row.group(3)))
    return table


@cache
def _history() -> Changelog:
    versions = [(p.stem, build_ir(p, use_cache=False)[0]) for p in ordered_specs(SHIPPED)]
    return history(versions, settings=ChangelogSettings(), title="Azure OpenAI")


def _op(entry: Entry, op_id: str) -> bool:
    return any(r.operation_id == op_id for r in entry.reach)


def _at(entry: Entry, where: str) -> bool:
    """The entry is about `Schema.prop` (or `Schema`): its where plus name."""
    here = entry.params.get("where")
    name = entry.params.get("name")
    return here == where or f"{here}.{name}" == where


def _matches(kind: str, where: str, note: str, e: Entry) -> bool:
    rules = {
        "operation added": lambda: e.kind.startswith("endpoint-added") and _op(e, where),
        "operation removed": lambda: e.kind.startswith("endpoint-removed") and _op(e, where),
        "operation moved": lambda: e.kind == "endpoint-moved" and _op(e, where),
        "operation deprecated": lambda: e.kind == "endpoint-deprecated" and _op(e, where),
        "property added": lambda: "-property-added-" in e.kind and _at(e, where),
        "required property added": lambda: e.kind.endswith("-property-added-required")
        and _at(e, where) and e.level is Level.BREAKING,
        "property deprecated": lambda: e.kind.endswith("-deprecated") and _at(e, where),
        "enum widened": lambda: e.kind.endswith("-enum-value-added") and _at(e, where)
        and f"+ `{e.params['new']}`" in note,
        "union member added": lambda: e.kind.endswith("-one-of-added") and _at(e, where)
        and f"+ `{e.params['value']}`" in note,
        "parameter now required": lambda: e.kind.endswith("became-required")
        and e.params["name"] == where.split("/", 1)[1] and _param_op(e, where),
        "parameter now optional": lambda: e.kind.endswith("became-optional")
        and e.params["name"] == where.split("/", 1)[1] and _param_op(e, where),
        "parameter added": lambda: e.kind.startswith("new-") and _param(e, where),
        "parameter removed": lambda: "parameter-removed" in e.kind and _param(e, where),
        "security scheme added": lambda: e.kind == "api-security-component-added"
        and e.params["name"] == where,
        "security scheme removed": lambda: e.kind == "api-security-component-removed"
        and e.params["name"] == where,
        "server changed": lambda: e.kind == "api-server-url-changed" and e.params["new"] == where,
        "response content added": lambda: e.kind == "response-media-type-added"
        and e.params["name"] == where.split("/", 1)[1].replace("/", " ", 1)
        and _op(e, where.split("/")[0]),
    }
    assert kind in rules, f"no check for {kind!r}"
    return bool(rules[kind]())


def _param_op(entry: Entry, where: str) -> bool:
    op_id = where.split("/")[0]
    return op_id == "*" or _op(entry, op_id)


def _param(entry: Entry, where: str) -> bool:
    return entry.params["name"] == where.split("/", 1)[1] and _param_op(entry, where)


def test_every_listed_change_is_an_entry() -> None:
    changelog = _history()
    sections = {(s.old_label, s.new_label): s for s in changelog.sections}
    listed = _listed()
    assert set(sections) == set(listed)
    missing = [
        (pair, kind, where)
        for pair, rows in listed.items() for kind, where, note in rows
        if not any(_matches(kind, where, note, e) for e in sections[pair].entries)
    ]
    assert missing == []


def test_sections_newest_first_and_versions_oldest_first() -> None:
    changelog = _history()
    labels = [p.stem for p in ordered_specs(SHIPPED)]
    assert changelog.versions == tuple(labels)
    assert [s.new_label for s in changelog.sections] == labels[:0:-1]


def test_api_version_component_change_is_one_entry_per_kind() -> None:
    section = _history().sections[0]  # 2025-04-01-preview -> v1
    at_component = [e for e in section.entries
                    if e.area == "parameter ApiVersion" and not e.docs_only]
    assert {e.kind for e in at_component} == {
        "request-parameter-became-optional", "request-parameter-became-enum",
        "request-parameter-default-value-added"}
    assert len(at_component) == 3
    for entry in at_component:
        # every operation that took the parameter before and takes it now (the 11 new v1
        # operations are entries of their own)
        assert len(entry.reach) == 24


def test_the_preview_history_of_the_example_change_is_docs_only() -> None:
    # every step changes the api-version example: documentation, one entry, never breaking
    for section in _history().sections:
        examples = [e for e in section.entries if e.params.get("aspect") in ("example",
                                                                            "examples")]
        assert all(e.docs_only and e.level is Level.INFO for e in examples)


def test_lifecycle_index() -> None:
    records = {(r.subject, r.name): r for r in _history().lifecycle}
    modify = records[("operation", "POST /vector_stores/{vector_store_id}")]
    assert modify.introduced == "2024-09-01-preview" and modify.removed is None  # came back
    events = {event.version: event.kinds for event in modify.changed}
    assert "endpoint-removed-preview" in events["2024-10-21"]
    assert "endpoint-added" in events["2025-04-01-preview"]
    completions = records[("operation", "POST /deployments/{deployment-id}/completions")]
    assert completions.introduced is None and completions.deprecated == "2024-10-21"
    assert completions.removed == "2025-04-01-preview"
    prop = records[("property", "CreateChatCompletionRequest.max_completion_tokens")]
    assert prop.introduced == "2024-10-21"
    usage = records[("schema", "CompletionUsage")]
    changed = {event.version: event.kinds for event in usage.changed}
    assert "response-property-added-optional" in changed["2024-09-01-preview"]
