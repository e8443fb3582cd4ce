"""Messages: an entry's template filled with its values, as parts that each format escapes
for itself (specloom's words, or spec values shown as code). Shared by every format; the
JSON renderer needs nothing else of the views."""

from __future__ import annotations

import functools
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.changelog.model import Level

LEVELS = (Level.BREAKING, Level.WARNING, Level.INFO)


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of a message: specloom's words (`code` False) or a spec value (`code` True)."""

    text: str
    code: bool


def message_parts(template: str, params: Mapping[str, Any]) -> tuple[Part, ...]:
    """A template filled with params: the template's own `backtick` spans and every value are
    code parts; the rest is specloom's words. Adjacent parts of one kind are merged."""
    parts: list[Part] = []
    for piece in _template_pieces(template):
        if isinstance(piece, Part):
            parts.append(piece)
        else:
            parts.extend(_value_parts(params[piece]) if piece in params else [Part(piece, True)])
    return _merged(parts)


@functools.lru_cache(maxsize=4096)
def _template_pieces(template: str) -> tuple[Part | str, ...]:
    """A template's words (as parts, code or not) and its field names, in order: worked out
    once per template (a big pair's notes fill the same few hundred templates thousands of
    times)."""
    try:
        pieces = list(string.Formatter().parse(template))
    except ValueError:  # an unbalanced brace in a template: show the words as they are
        pieces = [(template, None, None, None)]
    out: list[Part | str] = []
    code = False
    for literal, field, _spec, _conv in pieces:
        for number, chunk in enumerate(literal.split("`")):
            if number:
                code = not code
            if chunk:
                out.append(Part(chunk, code))
        if field is not None:
            out.append(field)
    return tuple(out)


def _value_parts(value: Any) -> list[Part]:
    if isinstance(value, (list, tuple)):
        out: list[Part] = []
        for number, item in enumerate(value):
            if number:
                out.append(Part(", ", False))
            out.append(Part(value_text(item), True))
        return out or [Part("none", False)]
    return [Part(value_text(value), True)]


def value_text(value: Any) -> str:
    """A spec value as text: strings as they are, anything else as JSON writes it."""
    if isinstance(value, str):
        return value
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _merged(parts: Sequence[Part]) -> tuple[Part, ...]:
    out: list[Part] = []
    for part in parts:
        if out and out[-1].code == part.code:
            out[-1] = Part(out[-1].text + part.text, part.code)
        else:
            out.append(part)
    return tuple(out)


def plain_text(template: str, params: Mapping[str, Any]) -> str:
    """A message as plain text: `plain(message_parts(template, params))`, without making
    the parts (the JSON notes want only the text, of thousands of messages)."""
    return "".join(
        piece.text if isinstance(piece, Part)
        else _value_text(params[piece]) if piece in params else piece
        for piece in _template_pieces(template))


def _value_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(map(value_text, value)) if value else "none"
    return value_text(value)


def plain(parts: Iterable[Part]) -> str:
    """A message as plain text (values as they are; JSON escapes them itself)."""
    return "".join(p.text for p in parts)
