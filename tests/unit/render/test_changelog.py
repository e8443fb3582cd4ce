"""The changelog renderers on hand-built changelogs: order, grouping, counts, escaping."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from generator.changelog.model import Changelog, Entry, Level, Section
from generator.render.changelog import Format, render_changelog
from generator.render.changelog.escape import md_code, one_line
from generator.render.changelog.views import changelog_view, message_parts
from tests.unit.render.changelog_samples import HOSTILE, hostile, sample


def test_markdown_puts_breaking_first_and_groups_by_area() -> None:
    text = render_changelog(sample(), Format.MARKDOWN)
    newer = text.index("## Changes between `2024-10-21` and `v1`")
    older = text.index("## Changes between `2024-09-01-preview` and `2024-10-21`")
    assert newer < older  # newest first
    order = [text.index(h) for h in ("### Breaking changes", "### Warnings", "### Other changes")]
    assert order == sorted(order)
    assert "**Summary:** 2 breaking, 1 warning, 2 info (1 documentation-only not shown, " \
        "1 accepted)." in text
    assert "- affects `POST /chat/completions` (request), `POST /embeddings` (request)" in text
    assert "*(accepted)* operation `POST /completions` removed" in text
    assert "enum values `queued`, `cancelled` added" in text
    assert "- `GET /evals` added *(preview)*\n" in text


def test_markdown_blocks_are_separated() -> None:
    for include_docs in (False, True):
        text = render_changelog(sample(), Format.MARKDOWN, include_docs=include_docs)
        lines = text.splitlines()
        assert text.endswith("\n") and not text.endswith("\n\n\n")
        for number, line in enumerate(lines):
            if line.startswith("#") and number:
                assert lines[number - 1] == "" and lines[number + 1] == "", line
            if line.startswith("- "):
                assert line.count(" - ") == 0 and not re.search(r"\w- ", line), line


def test_documentation_only_entries_only_when_asked() -> None:
    assert "Upload a file." not in render_changelog(sample(), Format.MARKDOWN)
    shown = render_changelog(sample(), Format.MARKDOWN, include_docs=True)
    assert "description changed to `Upload a file.`" in shown
    assert "documentation-only not shown" not in shown


def test_empty_section_says_no_changes() -> None:
    for fmt in (Format.MARKDOWN, Format.TEXT, Format.HTML):
        text = render_changelog(sample(), fmt)
        assert re.search(r"[Nn]o changes", text), fmt


def test_template_backticks_and_values_become_code() -> None:
    parts = message_parts("property `{p}.x` added: {v}", {"p": "a", "v": [1, "b"]})
    assert [(p.text, p.code) for p in parts] == [
        ("property ", False), ("a.x", True), (" added: ", False), ("1", True), (", ", False),
        ("b", True)]


def test_missing_placeholder_shows_its_name() -> None:
    assert [p.text for p in message_parts("{gone} removed", {})] == ["gone", " removed"]


def test_json_has_the_documented_schema() -> None:
    data = json.loads(render_changelog(sample(), Format.JSON))
    assert data["schema_version"] == 1
    assert data["versions"] == ["2024-09-01-preview", "2024-10-21", "v1"]
    section = data["sections"][0]
    assert section["counts"] == {"breaking": 2, "warning": 1, "info": 3, "docs_only": 1,
                                 "ignored": 1}
    entry = section["entries"][0]
    assert set(entry) == {"kind", "level", "area", "message", "template", "params", "origin",
                          "old_at", "new_at", "reach", "docs_only", "ignored", "fingerprint",
                          "details", "sdk", "group"}
    assert entry["message"] == "required property model added"
    assert data["lifecycle"][0] == {
        "subject": "operation", "name": "POST /completions", "introduced": None,
        "changed": [{"version": "2024-10-21", "kinds": ["operation-deprecated"]}],
        "deprecated": "2024-10-21", "removed": "v1"}


def test_json_text_is_the_data_one_entry_a_line() -> None:
    from generator.render.changelog.data import changelog_data

    for log in (sample(), hostile()):
        text = render_changelog(log, Format.JSON)
        assert json.loads(text) == json.loads(json.dumps(changelog_data(log)))
        entries = [e for s in changelog_data(log)["sections"] for e in s["entries"]]
        assert sum(line.lstrip().startswith('{"kind"') for line in text.splitlines()) == len(
            entries)


def _layout(data: dict[str, Any]) -> str:
    """The documented layout made the slow, obvious way: each entry and record encoded whole."""
    one = json.JSONEncoder(ensure_ascii=False).encode
    lines = ["{", *(f"  {one(k)}: {one(data[k])}," for k in ("schema_version", "title",
                                                              "versions")), '  "sections": [']
    for number, section in enumerate(data["sections"]):
        head = one({k: v for k, v in section.items() if k != "entries"})[:-1]
        items = [one(e) for e in section["entries"]]
        lines += [f'    {head}, "entries": [', *(f"      {t}," for t in items[:-1]),
                  *(f"      {t}" for t in items[-1:]),
                  "    ]}" + ("," if number < len(data["sections"]) - 1 else "")]
    records = [one(r) for r in data["lifecycle"]]
    lines += ["  ],", '  "lifecycle": [', *(f"    {t}," for t in records[:-1]),
              *(f"    {t}" for t in records[-1:]), "  ]", "}"]
    return "\n".join(lines) + "\n"


def test_json_text_is_the_data_byte_for_byte() -> None:
    from generator.render.changelog.data import changelog_data

    weird = Entry(kind="k", level=Level.INFO, area="API", template="{v} {missing} `x`",
                  params={"v": [1.5, None, {"b": [True]}, "\u2028\x00\"\\"], "n": 10**20},
                  origin="#/\u00e9", old_at=None, new_at="#/n", docs_only=True)
    extra = Changelog(title=HOSTILE, versions=("a\n", "b"), sections=(
        Section(old_label="a\n", new_label="b", entries=(weird,)),
        Section(old_label="x", new_label="y", entries=())))
    for log in (sample(), hostile(), extra):
        assert render_changelog(log, Format.JSON) == _layout(changelog_data(log))


@pytest.mark.parametrize("fmt", list(Format))
def test_rendering_is_deterministic(fmt: Format) -> None:
    assert render_changelog(sample(), fmt) == render_changelog(sample(), fmt)


def test_text_colour_only_when_asked() -> None:
    plain = render_changelog(sample(), Format.TEXT)
    assert "\x1b" not in plain
    coloured = render_changelog(sample(), Format.TEXT, color=True)
    assert "\x1b[1;31m-- Breaking changes\x1b[0m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_view_counts_levels() -> None:
    view = changelog_view(sample())
    assert [lv.level for lv in view.sections[0].levels] == [Level.BREAKING, Level.WARNING,
                                                            Level.INFO]
    assert view.sections[1].empty


# --- hostile spec text, per format -------------------------------------------------------------


def test_md_code_survives_any_backticks() -> None:
    for text in ("`", "``a``", "a`b", " lead", "x" * 3):
        span = md_code(text)
        fence = re.match(r"`+", span)
        assert fence is not None
        inner = span[len(fence.group()) : -len(fence.group())]
        assert fence.group() not in inner  # no run inside as long as the fence
        assert inner.strip() == one_line(text).strip()


def _markdown_lines_outside_code(text: str) -> list[str]:
    """Each line with its code spans removed (what Markdown parses as markup)."""
    out = []
    for line in text.splitlines():
        out.append(re.sub(r"(`+)(?:(?!\1).)+?\1", "", line))
    return out


def test_markdown_shows_hostile_text_as_text() -> None:
    text = render_changelog(hostile(), Format.MARKDOWN)
    assert "\x1b" not in text
    for line in _markdown_lines_outside_code(text):
        # outside code spans only backslash-escaped markup characters are left
        assert not re.search(r"(?<!\\)(<script|<b>|\]\(|!\[)", line), line
    # no line of spec text starts a heading, a list or a workflow command
    assert not [ln for ln in text.splitlines() if ln.lstrip().startswith("::")]
    assert [ln for ln in text.splitlines() if ln.startswith("#")] == [
        ln for ln in text.splitlines() if re.match(r"#{1,4} ", ln)]
    assert text.count("\n# ") == 0  # the title is the only level-1 heading (first line)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_shows_hostile_text_as_text() -> None:
    page = render_changelog(hostile(), Format.HTML)
    parser = _Collect()
    parser.feed(page)
    assert "script" not in parser.tags and "b" not in parser.tags and "img" not in parser.tags
    assert set(parser.tags) <= {"html", "head", "meta", "title", "style", "body", "h1", "p",
                                "code", "nav", "ul", "li", "a", "section", "h2", "div", "h3",
                                "h4", "span"}
    shown = "".join(parser.text)
    assert "<script>alert(1)</script>" in shown  # escaped in the page, text when read
    assert "\x1b" not in page and "\\u001b[31mRED" in shown
    assert "http" not in " ".join(a for a in re.findall(r'(?:href|src)="([^"]*)"', page))


def test_text_shows_hostile_text_without_controls() -> None:
    text = render_changelog(hostile(), Format.TEXT, color=False)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
    assert "\\u001b[31mRED" in text
    assert not [ln for ln in text.splitlines() if ln.lstrip().startswith("::")]
    assert HOSTILE.splitlines()[0][:20] in text


def test_json_keeps_hostile_values_whole() -> None:
    data = json.loads(render_changelog(hostile(), Format.JSON))
    assert data["title"] == HOSTILE
    assert data["sections"][0]["entries"][0]["params"]["name"] == HOSTILE


def test_documentation_only_entries_that_change_the_client_are_shown() -> None:
    from dataclasses import replace

    from generator.changelog.model import SdkImpact

    base = sample()
    newer = base.sections[0]
    docs = next(e for e in newer.entries if e.docs_only)
    for level, shown in ((Level.INFO, False), (Level.WARNING, True)):
        impact = SdkImpact(kind="option-default-changed", level=level,
                           template="client option {name}: default changes",
                           params={"name": "api_version"})
        entries = tuple(replace(e, sdk=(impact,)) if e is docs else e for e in newer.entries)
        log = replace(base, sections=(replace(newer, entries=entries), *base.sections[1:]))
        for fmt in (Format.MARKDOWN, Format.TEXT, Format.HTML):
            text = render_changelog(log, fmt)
            assert ("Upload a file." in text) is shown, (fmt, level)
            assert ("documentation-only not shown" in text) is not shown, (fmt, level)


def test_json_value_that_cannot_be_written_fails_alike_every_time() -> None:
    # the JSON writer is made once: a failed value must not leave it thinking the next
    # value (here the same one) is a circular reference
    bad = Entry(kind="k", level=Level.INFO, area="API", template="t",
                params={"v": {"x": [object()]}}, origin="#/")
    log = Changelog(title="T", versions=("a", "b"), sections=(
        Section(old_label="a", new_label="b", entries=(bad,)),))
    for _ in range(2):
        with pytest.raises(TypeError, match="not JSON serializable"):
            render_changelog(log, Format.JSON)
    from generator.render.changelog.data import changelog_data

    assert render_changelog(sample(), Format.JSON) == _layout(changelog_data(sample()))
