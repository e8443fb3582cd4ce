"""The shipped history's HTML notes, rendered by a real headless Chromium: every version section
and every breaking change is laid out and visible, and the page needs no script or network."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.conftest import REPO
from tests.functional.changelog_browser import Browser, chromium

NOTES = REPO / "generated" / "azure_openai"


@contextmanager
def browser_or_skip() -> Iterator[Browser]:
    """A browser; skips where Chromium is not installed (`make test` installs it where apt
    is), but fails under CI=true, where a skip would hide the check."""
    binary = chromium()
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed, and CI=true allows no skip")
        pytest.skip("chromium not installed (make test installs Debian's where apt is available)")
    with Browser(binary) as browser:
        yield browser


_VISIBLE = """(() => {
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return el.checkVisibility({opacityProperty: true, visibilityProperty: true})
      && box.width > 0 && box.height > 0 && box.left >= 0
      && box.right <= document.documentElement.scrollWidth;
  };
  const text = (el) => el.innerText.replace(/\\s+/g, ' ').trim();
  return {
    sections: [...document.querySelectorAll('section.pair h2')]
      .map((h) => ({text: text(h), shown: shown(h)})),
    breaking: [...document.querySelectorAll('li.entry.breaking')]
      .map((li) => ({text: text(li), shown: shown(li),
                     heading: text(li.closest('.level-breaking').querySelector('h3'))})),
    scripts: document.scripts.length,
    external: [...document.querySelectorAll('[src], link[href]')].length,
  };
})()"""


def test_version_sections_and_breaking_changes_are_visible() -> None:
    page = NOTES / "changelog.html"
    data = json.loads((NOTES / "changelog.json").read_text(encoding="utf-8"))
    with browser_or_skip() as browser:
        found = browser.evaluate(page, _VISIBLE)
    assert found["scripts"] == 0 and found["external"] == 0
    wanted = [f"Changes between {s['old']} and {s['new']}" for s in data["sections"]]
    assert [s["text"] for s in found["sections"]] == wanted
    assert all(s["shown"] for s in found["sections"])
    breaking = [e for s in data["sections"] for e in s["entries"]
                if e["level"] == "breaking" and not e["docs_only"]]
    assert breaking, "the shipped history has breaking changes"
    assert len(found["breaking"]) == len(breaking)
    assert all(b["shown"] and b["heading"] == "Breaking changes" for b in found["breaking"])
    page_text = " ".join(b["text"] for b in found["breaking"])
    for entry in breaking:
        message = re.sub(r"\s+", " ", entry["message"]).strip()
        assert message[:60] in page_text, message


def test_a_narrow_window_still_shows_every_breaking_change() -> None:
    with browser_or_skip() as browser:
        found = browser.evaluate(NOTES / "changelog.html", _VISIBLE, width=420)
    assert found["breaking"] and all(b["shown"] for b in found["breaking"])
