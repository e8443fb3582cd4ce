"""Hostile spec text through `specloom changelog`, in every format: shown as text, never acted on.

The fixture pair (`tests/fixtures/changelog/hostile/`) puts `<script>`, `<img onerror>`,
Markdown links and images, ANSI sequences, OSC title sequences, GitHub workflow commands,
backticks, pipes and newlines into the title, a path, parameter and property names, enum values
and a description, and changes each of them.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import REPO

PAIR = REPO / "tests" / "fixtures" / "changelog" / "hostile"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _notes(capsys: pytest.CaptureFixture[str], fmt: str) -> str:
    code = main(["changelog", str(PAIR / "base.yaml"), str(PAIR / "revision.yaml"),
                 "--format", fmt, "--include-docs", "--no-cache"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _no_workflow_command(text: str) -> None:
    assert [ln for ln in text.splitlines() if ln.lstrip().startswith("::")] == []


def test_json_keeps_the_values_whole(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_notes(capsys, "json"))
    assert "\x1b[31mred\x1b[0m" in data["title"]
    strings = set(_strings(data))
    assert {"<b>bold</b>`x`|pipe|", "\x1b[31m::error::new\x1b[0m"} <= strings
    assert sum(len(s["entries"]) for s in data["sections"]) >= 4


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_markdown_shows_it_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    text = _notes(capsys, "markdown")
    assert not _CONTROL.search(text)
    _no_workflow_command(text)
    assert "<b>bold</b>`x`|pipe|" in text  # the new property's name, inside a code span
    for line in text.splitlines():
        outside = re.sub(r"(`+)(?:(?!\1).)+?\1", "", line)  # what Markdown parses as markup
        assert not re.search(r"(?<!\\)(<script|<img|<b>|\]\(|!\[)", outside), line
    headings = [ln for ln in text.splitlines() if ln.startswith("#")]
    assert all(re.match(r"#{1,4} ", ln) for ln in headings)
    assert sum(ln.startswith("# ") for ln in headings) == 1  # the title, nothing from a value


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_shows_it_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    page = _notes(capsys, "html")
    parsed = _Tags()
    parsed.feed(page)
    assert parsed.tags.isdisjoint({"script", "img", "b", "iframe", "object"})
    assert not any(a.startswith("on") for a in parsed.attrs)
    shown = "".join(parsed.text)
    assert "filter<img src=x onerror=alert(1)>" in shown and "<b>bold</b>" in shown
    assert not _CONTROL.search(page)


def test_terminal_text_has_no_control_characters(capsys: pytest.CaptureFixture[str]) -> None:
    text = _notes(capsys, "text")
    assert not _CONTROL.search(text)
    _no_workflow_command(text)
    assert "\\u001b[31m::error::new\\u001b[0m" in text  # shown, not interpreted


def test_nothing_of_it_runs_in_a_browser(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from tests.functional.test_changelog_browser import browser_or_skip

    page = tmp_path / "hostile.html"
    page.write_text(_notes(capsys, "html"), encoding="utf-8")
    with browser_or_skip() as browser:
        found = browser.evaluate(page, """(() => ({
            active: document.querySelectorAll('script, img, b, iframe').length,
            text: document.body.innerText}))()""")
    assert found["active"] == 0
    assert "<script>alert('path')</script>" in found["text"]
