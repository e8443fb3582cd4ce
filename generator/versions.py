"""Version labels: read them from file stems and order them as DESIGN.md says.

Dated labels (`2024-10-21`, `2025-04-01-preview`) sort by date, a `-preview` before the GA
of the same date; then `vN` labels (`v1-preview`, `v1`, `v2`) by N; then semver labels
(`1.2.0`, `2.0.0-rc.1`) by semver precedence. Anything else is not a label and sorts last,
by text. No dataclasses here: the CLI may import this module cheaply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_DATED = re.compile(r"(\d{4})-(\d{2})-(\d{2})(-preview)?")
_VN = re.compile(r"v(\d+)(-preview)?")
_SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?"
)

# Sort keys are tuples whose first item orders the families: dated < vN < semver < other.
_DATED_RANK, _VN_RANK, _SEMVER_RANK, _OTHER_RANK = 0, 1, 2, 3
SortKey = tuple[object, ...]


def _valid_date(year: str, month: str, day: str) -> bool:
    m, d = int(month), int(day)
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return False
    days = [31, 29 if _leap(int(year)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return d <= days[m - 1]


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _prerelease_key(pre: str | None) -> tuple[object, ...]:
    # Semver 11: a version without a pre-release part ranks above any with one; numeric
    # identifiers compare numerically and rank below alphanumeric ones.
    if pre is None:
        return (1,)
    parts: list[tuple[int, int, str]] = []
    for ident in pre.split("."):
        parts.append((0, int(ident), "") if ident.isdigit() else (1, 0, ident))
    return (0, tuple(parts))


def label_key(label: str) -> SortKey | None:
    """The sort key of a label, or None when the text does not read as a label."""
    if m := _DATED.fullmatch(label):
        year, month, day, preview = m.groups()
        if not _valid_date(year, month, day):
            return None
        return (_DATED_RANK, int(year), int(month), int(day), 0 if preview else 1)
    if m := _VN.fullmatch(label):
        return (_VN_RANK, int(m.group(1)), 0 if m.group(2) else 1)
    if m := _SEMVER.fullmatch(label):
        major, minor, patch, pre = m.groups()
        return (_SEMVER_RANK, int(major), int(minor), int(patch), _prerelease_key(pre))
    return None


def is_label(text: str) -> bool:
    """Whether `text` reads as a version label (dated, `vN` or semver)."""
    return label_key(text) is not None


def sort_key(label: str) -> SortKey:
    """A total order over any strings: labels by their family rules, then the rest by text."""
    key = label_key(label)
    return (_OTHER_RANK, label) if key is None else (*key, label)


def sort_labels(labels: Iterable[str]) -> list[str]:
    """Labels oldest first (see the module docstring); non-labels last, by text."""
    return sorted(labels, key=sort_key)


def is_preview(label: str) -> bool:
    """Whether a label is a preview: `-preview` suffix, `preview` itself, or semver pre-release."""
    if label == "preview" or label.endswith("-preview"):
        return True
    m = _SEMVER.fullmatch(label)
    return bool(m and m.group(4))


def version_label(stem: str, info_version: str) -> str:
    """The label of a spec: its file stem when that reads as a label, else `info.version`."""
    return stem if is_label(stem) else info_version
