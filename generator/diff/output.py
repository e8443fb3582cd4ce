"""An `ApiDiff` as plain data (the stable JSON/YAML form) or as terminal text."""

from __future__ import annotations

from typing import Any

from generator.diff.context import plain
from generator.diff.model import ApiDiff, Change

SCHEMA_VERSION = 1
_OPTIONAL = ("aspect", "old", "new", "old_at", "new_at", "old_node", "new_node",
             "old_operation", "new_operation", "evidence")


def change_data(change: Change) -> dict[str, Any]:
    """One record: always action, subject, name; the other fields only when set."""
    data: dict[str, Any] = {
        "action": change.action.value, "subject": change.subject.value, "name": change.name,
    }
    for field in _OPTIONAL:
        value = getattr(change, field)
        if value is not None:
            data[field] = plain(value)
    return data


def diff_data(diff: ApiDiff) -> dict[str, Any]:
    """The whole diff as JSON data (documented in docs/cli.md)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "old": diff.old_label,
        "new": diff.new_label,
        "count": len(diff.changes),
        "changes": [change_data(c) for c in diff.changes],
    }


def diff_text(diff: ApiDiff) -> str:
    """One line per change, then a count: for a terminal (no colour, no judgement)."""
    lines = [f"{_safe(diff.old_label)} -> {_safe(diff.new_label)}"]
    for c in diff.changes:
        what = c.subject.value + (f" {c.aspect.value}" if c.aspect else "")
        at = c.new_at or c.old_at or ""
        values = ""
        if c.old is not None or c.new is not None:
            values = f": {_short(c.old)} -> {_short(c.new)}"
        line = f"{what:<28} {_safe(c.name)}{values}  [{_safe(at)}]"
        lines.append(f"  {c.action.value:<15} {line}")
    lines.append(f"{len(diff.changes)} changes" if diff.changes else "no changes")
    return "\n".join(lines) + "\n"


def _short(value: Any) -> str:
    text = _safe(repr(plain(value)))
    return text if len(text) <= 60 else text[:57] + "..."


def _safe(text: str) -> str:
    # Spec text never reaches the terminal raw: a line break in a name would start a line of
    # its own (`::error::` is a GitHub workflow command), an escape would drive the terminal.
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
