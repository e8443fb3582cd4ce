"""Grouping: the entries of one version that belong together sit under one heading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.changelog import judge_pair
from generator.changelog.model import Changelog, Level, Section
from generator.changelog.settings import ChangelogSettings
from generator.pipeline import build_ir
from generator.render.changelog import Format, render_changelog
from generator.render.changelog.views import section_view
from tests.conftest import CORPUS, CORPUS_MISSING
from tests.unit.changelog.helpers import api_from_text
from tests.unit.changelog.kind_cases import S, ok, operation, spec

RETRY = {"type": "object", "properties": {"max_attempts": {"type": "integer"}}}


def _judge(tmp: Path, old: str, new: str) -> Section:
    return judge_pair(api_from_text(tmp, "old", old), api_from_text(tmp, "new", new),
                      old_label="a", new_label="b", settings=ChangelogSettings())


def _jobs(extra: dict[str, object], *, size: list[str],
          only: dict[str, dict[str, object]] | None = None) -> str:
    """`POST /jobs` takes CreateJob and returns Job, both gaining `extra` properties; the
    request's `size` enum is `size`; `GET /health` returns H; `only`: schema -> properties
    one schema alone gains."""
    def obj(name: str, props: dict[str, object]) -> dict[str, object]:
        return {"type": "object", "properties": {"id": S, **props, **(only or {}).get(name, {})}}

    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}}
    create = {"$ref": "#/components/schemas/CreateJob"}
    return spec({
        "/jobs": {"post": operation(
            requestBody={"content": {"application/json": {"schema": create}}},
            responses={"200": {"description": "ok", **body}})},
        "/health": {"get": operation(responses={"200": ok({"$ref": "#/components/schemas/H"})})},
    }, {"schemas": {
        "CreateJob": obj("CreateJob", {**extra, "size": {"type": "string", "enum": size}}),
        "Job": obj("Job", extra), "H": obj("H", {}),
    }})


def _groups(section: Section) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for e in section.entries:
        found.setdefault(e.group, []).append(e.kind)
    return {k: sorted(v) for k, v in found.items()}


def test_a_property_new_in_the_request_and_the_response_is_one_feature(tmp_path: Path) -> None:
    section = _judge(tmp_path, _jobs({}, size=["s"]),
                     _jobs({"retry_policy": RETRY, "owner": S}, size=["s"]))
    assert _groups(section) == {"properties owner, retry_policy": [
        "request-property-added-optional", "request-property-added-optional",
        "response-property-added-optional", "response-property-added-optional"]}
    [view] = [a for lv in section_view(section, include_docs=False).levels for a in lv.areas]
    assert [p.text for p in view.parts] == [
        "properties ", "owner", ", ", "retry_policy", " (request and response)"]
    markdown = render_changelog(_changelog(section), Format.MARKDOWN)
    heading = "#### properties `owner`, `retry_policy` (request and response)"
    assert markdown.count("####") == 1 and heading in markdown
    assert markdown.index(heading) < markdown.index("`CreateJob`: optional property")


def test_a_name_new_on_one_side_only_stays_with_its_schema(tmp_path: Path) -> None:
    old = _jobs({}, size=["s"])
    # new in a request schema and in the response of another operation: still the same name
    # on both sides of one version
    section = _judge(tmp_path, old, _jobs({}, size=["s"], only={"CreateJob": {"owner": S},
                                                                 "H": {"owner": S}}))
    assert set(_groups(section)) == {"property owner"}
    # new in two request-side places only (no response half): each stays with its schema
    section = _judge(tmp_path, old, _jobs({}, size=["s"], only={"CreateJob": {"owner": S}}))
    assert _groups(section) == {"schema CreateJob": ["request-property-added-optional"]}


def test_a_group_with_a_breaking_entry_sorts_with_the_breaking_ones(tmp_path: Path) -> None:
    section = _judge(tmp_path, _jobs({}, size=["s", "m"]), _jobs({}, size=["m", "l"]))
    assert _groups(section) == {"schema CreateJob": [
        "request-property-enum-value-added", "request-property-enum-value-removed"]}
    view = section_view(section, include_docs=False)
    assert [lv.level for lv in view.levels] == [Level.BREAKING]
    [group] = view.levels[0].areas
    assert [(e.kind, e.own_level) for e in group.entries] == [
        ("request-property-enum-value-removed", ""), ("request-property-enum-value-added", "info")]
    log = _changelog(section)
    markdown = render_changelog(log, Format.MARKDOWN)
    assert "### Other changes" not in markdown
    assert "- *(info)* `CreateJob.size`: enum value `\"l\"` added" in markdown
    html = render_changelog(log, Format.HTML)
    assert '<span class="own-level">(info)</span> <code>CreateJob.size</code>' in html
    text = render_changelog(log, Format.TEXT)
    assert "     - (info) CreateJob.size: enum value \"l\" added" in text
    entries = json.loads(render_changelog(log, Format.JSON))["sections"][0]["entries"]
    assert {e["group"] for e in entries} == {"schema CreateJob"}


def test_api_wide_entries_are_grouped_per_level(tmp_path: Path) -> None:
    def api(urls: list[str], **extensions: int) -> str:
        return spec({"/a": {"get": operation()}}, servers=[{"url": u} for u in urls],
                    **{f"x-{k}": v for k, v in extensions.items()})

    section = _judge(tmp_path, api(["https://a.example", "https://b.example"]),
                     api(["https://a.example"], limit=5))
    assert _groups(section) == {"API breaking": ["api-server-removed"],
                                "API info": ["api-extension-added"]}
    view = section_view(section, include_docs=False)
    assert [(lv.level, [a.area for a in lv.areas]) for lv in view.levels] == [
        (Level.BREAKING, ["API breaking"]), (Level.INFO, ["API info"])]


def _changelog(section: Section) -> Changelog:
    return Changelog(title="T", versions=("a", "b"), sections=(section,))


def _real(old: str, new: str) -> Section:
    if not CORPUS.is_dir():
        pytest.skip(CORPUS_MISSING)
    a, b = build_ir(CORPUS / old)[0], build_ir(CORPUS / new)[0]
    return judge_pair(a, b, old_label=a.label, new_label=b.label, settings=ChangelogSettings())


@pytest.mark.corpus
def test_real_groups_azure() -> None:
    # 2025-03-01-preview -> 2025-04-01-preview: gpt-image-1's sizes. `imageSize` lost 256x256
    # and 512x512 (breaking for callers), its default became `auto` (warning), and it gained
    # 1024x1536, 1536x1024 and auto: one story under one heading, with the breaking ones
    section = _real("azure-openai-inference/2025-03-01-preview.yaml",
                    "azure-openai-inference/2025-04-01-preview.yaml")
    size = [(e.kind, e.params.get("value") or e.params.get("new"), e.level)
            for e in section.entries if e.group == "schema imageSize" and not e.docs_only]
    assert sorted(size, key=str) == sorted([
        ("request-property-enum-value-removed", "\"256x256\"", Level.BREAKING),
        ("request-property-enum-value-removed", "\"512x512\"", Level.BREAKING),
        ("request-property-default-value-changed", "auto", Level.WARNING),
        ("request-property-enum-value-added", "\"1024x1536\"", Level.INFO),
        ("request-property-enum-value-added", "\"1536x1024\"", Level.INFO),
        ("request-property-enum-value-added", "\"auto\"", Level.INFO),
        ("api-extension-changed", "x-ms-enum", Level.INFO),
    ], key=str)
    view = section_view(section, include_docs=False)
    breaking = [a.area for a in view.levels[0].areas]
    assert view.levels[0].level is Level.BREAKING and "schema imageSize" in breaking
    # 2024-08-01-preview -> 2024-09-01-preview: `parallel_tool_calls` is new in three request
    # schemas (chat completions, runs, thread-and-run) and in the run object returned
    section = _real("azure-openai-inference/2024-08-01-preview.yaml",
                    "azure-openai-inference/2024-09-01-preview.yaml")
    feature = sorted((e.area, e.kind) for e in section.entries
                     if e.group == "property parallel_tool_calls")
    assert feature == [
        ("schema createChatCompletionRequest", "request-property-added-optional"),
        ("schema createRunRequest", "request-property-added-optional"),
        ("schema createThreadAndRunRequest", "request-property-added-optional"),
        ("schema runObject", "response-property-added-optional"),
    ]


@pytest.mark.corpus
def test_real_groups_openai() -> None:
    # 2026-05-13 -> 2026-08-21: data residency for projects. `residency` is new in the body of
    # POST /organization/projects (ProjectCreateRequest) and in the Project every project
    # operation returns: the two halves of one feature, under one heading
    section = _real("openai/2026-05-13.yaml", "openai/2026-08-21.yaml")
    feature = sorted((e.area, e.kind) for e in section.entries
                     if e.group == "property residency")
    assert feature == [("schema Project", "response-property-added-optional"),
                       ("schema ProjectCreateRequest", "request-property-added-optional")]
    markdown = render_changelog(Changelog(title="T", versions=("a", "b"), sections=(section,)),
                                Format.MARKDOWN)
    block = markdown.partition("#### property `residency` (request and response)\n")[2]
    block = block.partition("\n#### ")[0]
    assert "`Project`: optional property `residency` added" in block
    assert "`ProjectCreateRequest`: optional property `residency` added" in block


def test_a_feature_heading_shows_its_names_as_text(tmp_path: Path) -> None:
    name = "<script>x</script>[a](https://evil.example)`\x1b[31m"
    section = _judge(tmp_path, _jobs({}, size=["s"]), _jobs({name: S}, size=["s"]))
    assert {e.group for e in section.entries} == {f"property {name}"}
    log = _changelog(section)
    markdown = render_changelog(log, Format.MARKDOWN)
    heading = "#### property ``<script>x</script>[a](https://evil.example)`\\u001b[31m`` (request"
    assert heading in markdown
    html = render_changelog(log, Format.HTML)
    assert "<h4>property <code>&lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html
    assert "\x1b" not in render_changelog(log, Format.TEXT)
