"""`x-` extensions: documentation ones are documentation-only; any other is shown, at info."""

from __future__ import annotations

from pathlib import Path

from generator.changelog import judge_pair
from generator.changelog.model import Changelog, Level
from generator.changelog.part_rules import DOC_EXTENSIONS
from generator.changelog.settings import ChangelogSettings
from generator.render.changelog import Format, render_changelog
from tests.conftest import REPO
from tests.unit.changelog.helpers import api_from_text
from tests.unit.changelog.kind_cases import operation, spec


def test_doc_extensions_are_documentation_only_and_others_are_shown(tmp_path: Path) -> None:
    old = api_from_text(tmp_path, "old", spec({"/pets": {"get": operation(**{
        "x-oaiMeta": {"name": "List pets"}, "x-ms-pageable": {"nextLinkName": None}})}}))
    new = api_from_text(tmp_path, "new", spec({"/pets": {"get": operation(**{
        "x-oaiMeta": {"name": "List all pets"},
        "x-ms-pageable": {"nextLinkName": "next"}})}}))
    section = judge_pair(old, new, old_label="a", new_label="b", settings=ChangelogSettings())
    found = sorted((e.kind, e.params["name"], e.level, e.docs_only) for e in section.entries)
    assert found == [("api-extension-changed", "x-ms-pageable", Level.INFO, False),
                     ("docs-extension-changed", "x-oaiMeta", Level.INFO, True)]
    log = Changelog(title="T", versions=("a", "b"), sections=(section,))
    markdown = render_changelog(log, Format.MARKDOWN)
    assert "`x-ms-pageable`" in markdown and "x-oaiMeta" not in markdown
    assert "1 documentation-only not shown" in markdown
    assert "`x-oaiMeta`" in render_changelog(log, Format.MARKDOWN, include_docs=True)


def test_the_documented_list_is_the_one_used() -> None:
    doc = (REPO / "docs" / "changelog-kinds.md").read_text(encoding="utf-8")
    listed = doc.partition("**Extensions.**")[2].partition("**Known limits.**")[0]
    assert {name for name in DOC_EXTENSIONS if f"`{name}`" in listed} == DOC_EXTENSIONS
    assert "`x-ms-enum`" in listed and "x-ms-enum" not in DOC_EXTENSIONS
