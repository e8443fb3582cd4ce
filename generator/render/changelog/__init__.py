"""The changelog renderer: Changelog -> notes as text, in one of four formats.

    text = render_changelog(changelog, Format.MARKDOWN)
    text = render_changelog(changelog, Format.TEXT, color=True, include_docs=True)

`views` decides what is shown and in which order; the templates in `templates/changelog/` lay
it out (Markdown, HTML, terminal text); JSON is built in `data`. Spec text reaches each format
escaped for it (`escape`). Nothing here touches the disk.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING

from generator.changelog.model import Changelog, Level

if TYPE_CHECKING:
    from jinja2 import Environment


class Format(str, Enum):
    """The formats `specloom changelog --format` writes."""

    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"
    TEXT = "text"


# The file names `specloom build` writes the notes under, beside each other.
FILE_NAMES = {Format.MARKDOWN: "CHANGELOG.md", Format.HTML: "changelog.html",
              Format.JSON: "changelog.json"}

_ANSI = {"reset": "\x1b[0m", "bold": "\x1b[1m", "dim": "\x1b[2m",
         Level.BREAKING.value: "\x1b[1;31m", Level.WARNING.value: "\x1b[33m",
         Level.INFO.value: "\x1b[36m"}


def render_changelog(
    changelog: Changelog, fmt: Format, *, include_docs: bool = False, color: bool = False
) -> str:
    """The notes of `changelog` in `fmt`; `color` (terminal text only) adds ANSI styles."""
    if fmt is Format.JSON:  # JSON needs neither the views nor the templates
        from generator.render.changelog.data import changelog_json

        return changelog_json(changelog)
    from generator.render.changelog.views import changelog_view

    view = changelog_view(changelog, include_docs=include_docs)
    template = environment(fmt is Format.HTML).get_template(f"changelog.{_SUFFIX[fmt]}.jinja")
    style = _ANSI if color and fmt is Format.TEXT else dict.fromkeys(_ANSI, "")
    return template.render(log=view, style=style, Level=Level)


_SUFFIX = {Format.MARKDOWN: "md", Format.HTML: "html", Format.TEXT: "txt"}


@lru_cache(maxsize=2)
def environment(html: bool) -> Environment:
    """The Jinja environment of the changelog templates (strict; autoescape for HTML)."""
    from generator.render.changelog.escape import md_code, md_text, slug, terminal
    from generator.render.jinja import template_environment

    env = template_environment("changelog", autoescape=html)
    env.filters.update(md_code=md_code, md_text=md_text, term=terminal, slug=slug)
    return env


__all__ = ["FILE_NAMES", "Format", "render_changelog"]
