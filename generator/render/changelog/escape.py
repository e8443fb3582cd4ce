"""Spec text made safe for each format: Markdown code spans, terminal lines, HTML ids.

Spec values arrive unescaped (`Entry.params`, `Entry.area`, labels). Every format shows them as
text: Markdown puts them in code spans (no link, image, HTML or emphasis is parsed there) on one
line (a newline could start a heading or a table); the terminal gets no control character at
all (an ESC shows as `\\u001b`); HTML escaping is Jinja's autoescape.
"""

from __future__ import annotations

import re

# C0/C1 controls, DEL, and the bidi overrides that reorder what a reader sees.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_BACKTICKS = re.compile(r"`+")
_SPACES = re.compile(r"[\t\n\r\x0b\x0c\u2028\u2029 ]+")
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")
# What notes show of one value: the rest is in the JSON output.
MAX_VALUE = 160


def one_line(text: str, *, limit: int = MAX_VALUE) -> str:
    """Whitespace runs to one space, controls shown as `\\uXXXX`, cut at `limit` characters."""
    text = _SPACES.sub(" ", text).strip()
    text = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def md_code(text: str) -> str:
    """A Markdown code span holding `text` literally, whatever backticks it contains."""
    text = one_line(text)
    if not text:
        return "` `"
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    # a span that starts or ends with a backtick (or a space) needs one padding space each side
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~&])")


def md_text(text: str) -> str:
    """Plain Markdown text: every character Markdown or GitHub could act on backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text, limit=10_000))


def terminal(text: str) -> str:
    """A value for a terminal line: one line, no control characters."""
    return one_line(text)


def slug(text: str) -> str:
    """An HTML id from a version label: letters, digits, `.`, `_`, `-` only."""
    return _SLUG.sub("-", text).strip("-") or "v"
