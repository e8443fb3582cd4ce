"""The JSON form of a changelog: a documented, stable schema (`docs/changelog.md`).

Built in Python, not a template: the JSON encoder escapes every spec value. Everything the
judge produced is here, documentation-only entries included (`docs_only` marks them), so a
tool can filter for itself. `schema_version` changes only when a field changes meaning or goes.
"""

from __future__ import annotations

import json
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

from generator.changelog.groups import area_group
from generator.changelog.model import (
    Changelog,
    Detail,
    Entry,
    LifecycleRecord,
    Reach,
    SdkImpact,
    Section,
)
from generator.render.changelog.messages import LEVELS, plain_text

SCHEMA_VERSION = 1


def changelog_data(changelog: Changelog) -> dict[str, Any]:
    """The whole history as JSON-ready data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "title": changelog.title,
        "versions": list(changelog.versions),
        "sections": [_section(s) for s in changelog.sections],
        "lifecycle": [_record(r) for r in changelog.lifecycle],
    }


def changelog_json(changelog: Changelog) -> str:
    """The JSON text of `changelog_data`: keys in schema order, one entry and one lifecycle
    record per line (a version diff reads entry by entry), a final newline.

    Written piece by piece into one list joined once, not by encoding `changelog_data`:
    building a dict for each of a big pair's thousands of entries, reaches and records and
    encoding each cost twice the time, and a big pair's megabyte of params is copied once
    (not once per line, per section and per document). Every string still goes through the
    encoder's own C escaping (`_text`), and values from specs (`params`) through the encoder's
    C writer (`_value`), so the bytes are those of `json` with `ensure_ascii=False` (a test
    compares them)."""
    out = ["{\n", f'  "schema_version": {SCHEMA_VERSION},\n',
           f'  "title": {_text(changelog.title)},\n',
           f'  "versions": [{", ".join(map(_text, changelog.versions))}],\n', '  "sections": [\n']
    texts = _Texts()
    for number, section in enumerate(changelog.sections):
        out.append(f'    {{"old": {_text(section.old_label)}, "new": {_text(section.new_label)}, '
                   f'"counts": {_value(_counts(section))}, "entries": [\n')
        for entry in section.entries:
            _write_entry(out, entry, texts)
            out.append(",\n")
        if section.entries:
            out[-1] = "\n"
        out.append("    ]}" + (",\n" if number < len(changelog.sections) - 1 else "\n"))
    out.append('  ],\n  "lifecycle": [\n')
    out.extend(_record_lines(changelog.lifecycle, texts))
    if changelog.lifecycle:
        out[-1] = out[-1][:-2] + "\n"
    out.append("  ]\n}\n")
    return "".join(out)


class _Texts(dict[str | None, str]):
    """Strings (or None) as JSON text, each worked out once: kinds, levels, areas, templates
    and version labels recur across a big pair's thousands of entries and records."""

    def __missing__(self, key: str | None) -> str:
        text = self[key] = _optional(key)
        return text


# What `json.JSONEncoder(ensure_ascii=False)` writes a string with (its C escaping). Like the
# encoder, `_text` writes a str enum (`Level`, `Side`) as its value, without `.value`.
_text = encode_basestring
_ENCODER = json.JSONEncoder(ensure_ascii=False)
# The encoder's own C writer, made once: `encode` makes a new one per call, and a big pair has
# over a thousand params to write. Same arguments as `encode` gives it, so the same bytes.
_MARKERS: dict[int, Any] = {}
_C_ENCODE = None if c_make_encoder is None else c_make_encoder(
    _MARKERS, _ENCODER.default, encode_basestring, None, _ENCODER.key_separator,
    _ENCODER.item_separator, False, False, True)


def _value(value: Any) -> str:
    """`value` (spec values of any shape) as `json.JSONEncoder(ensure_ascii=False)` writes it."""
    if _C_ENCODE is None:
        return _ENCODER.encode(value)
    _MARKERS.clear()  # the circular-reference guard, left filled by a value that failed
    return "".join(_C_ENCODE(value, 0))


def _optional(text: str | None) -> str:
    return "null" if text is None else _text(text)


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _write_entry(out: list[str], entry: Entry, texts: _Texts) -> None:
    """Append an entry's line (no separator): its params as their own piece (a big pair's
    params are most of the document: not copied into a line first)."""
    out.append(
        f'      {{"kind": {texts[entry.kind]}, "level": {texts[entry.level]}, '
        f'"area": {texts[entry.area]}, "group": {texts[area_group(entry)]}, '
        f'"message": {_text(plain_text(entry.template, entry.params))}, '
        f'"template": {texts[entry.template]}, "params": ')
    out.append(_value(entry.params))
    out.append(
        f', "origin": {_text(entry.origin)}, "old_at": {_optional(entry.old_at)}, '
        f'"new_at": {_optional(entry.new_at)}, '
        f'"reach": [{", ".join([_reach_text(r, texts) for r in entry.reach])}], '
        f'"docs_only": {_flag(entry.docs_only)}, "ignored": {_flag(entry.ignored)}, '
        f'"fingerprint": {_text(entry.fingerprint)}, '
        f'"details": [{", ".join(map(_detail_text, entry.details))}], '
        f'"sdk": [{", ".join([_sdk_text(s, texts) for s in entry.sdk])}]}}')


def _reach_text(reach: Reach, texts: _Texts) -> str:
    return (f'{{"operation": {texts[reach.operation]}, '
            f'"operation_id": {texts[reach.operation_id]}, '
            f'"side": {texts[reach.side]}, "webhook": {_flag(reach.webhook)}}}')


def _detail_text(detail: Detail) -> str:
    return (f'{{"message": {_text(plain_text(detail.template, detail.params))}, '
            f'"template": {_text(detail.template)}, "params": {_value(detail.params)}}}')


def _sdk_text(impact: SdkImpact, texts: _Texts) -> str:
    return (f'{{"kind": {texts[impact.kind]}, "level": {texts[impact.level]}, '
            f'"message": {_text(plain_text(impact.template, impact.params))}, '
            f'"template": {texts[impact.template]}, "params": {_value(impact.params)}}}')


def _record_lines(records: tuple[LifecycleRecord, ...], texts: _Texts) -> list[str]:
    """Each record's line, with its separator (`,` and a newline)."""
    events = _Events(texts)
    return [f'    {{"subject": {texts[r.subject]}, "name": {_text(r.name)}, '
            f'"introduced": {texts[r.introduced]}, '
            f'"changed": [{", ".join([events[e.version, e.kinds] for e in r.changed])}], '
            f'"deprecated": {texts[r.deprecated]}, "removed": {texts[r.removed]}}},\n'
            for r in records]


class _Events(dict[tuple[str, tuple[str, ...]], str]):
    """Lifecycle events as JSON text by (version, kinds), each worked out once: a big pair's
    hundreds of changed records share a few dozen."""

    def __init__(self, texts: _Texts) -> None:
        super().__init__()
        self._texts = texts

    def __missing__(self, key: tuple[str, tuple[str, ...]]) -> str:
        version, kinds = key
        text = self._texts.__getitem__
        event = self[key] = (f'{{"version": {text(version)}, '
                             f'"kinds": [{", ".join(map(text, kinds))}]}}')
        return event


def _counts(section: Section) -> dict[str, int]:
    counts: dict[str, int] = {level.value: section.count(level) for level in LEVELS}
    counts["docs_only"] = sum(e.docs_only for e in section.entries)
    counts["ignored"] = sum(e.ignored for e in section.entries)
    return counts


def _section(section: Section) -> dict[str, Any]:
    return {
        "old": section.old_label,
        "new": section.new_label,
        "counts": _counts(section),
        "entries": [_entry(e) for e in section.entries],
    }


def _entry(entry: Entry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "level": entry.level.value,
        "area": entry.area,
        "group": area_group(entry),
        "message": plain_text(entry.template, entry.params),
        "template": entry.template,
        "params": entry.params,
        "origin": entry.origin,
        "old_at": entry.old_at,
        "new_at": entry.new_at,
        "reach": [_reach(r) for r in entry.reach],
        "docs_only": entry.docs_only,
        "ignored": entry.ignored,
        "fingerprint": entry.fingerprint,
        "details": [_detail(d) for d in entry.details],
        "sdk": [_sdk(s) for s in entry.sdk],
    }


def _reach(reach: Reach) -> dict[str, Any]:
    return {"operation": reach.operation, "operation_id": reach.operation_id,
            "side": reach.side.value, "webhook": reach.webhook}


def _detail(detail: Detail) -> dict[str, Any]:
    return {"message": plain_text(detail.template, detail.params),
            "template": detail.template, "params": detail.params}


def _sdk(impact: SdkImpact) -> dict[str, Any]:
    return {"kind": impact.kind, "level": impact.level.value,
            "message": plain_text(impact.template, impact.params),
            "template": impact.template, "params": impact.params}


def _record(record: LifecycleRecord) -> dict[str, Any]:
    return {
        "subject": record.subject,
        "name": record.name,
        "introduced": record.introduced,
        "changed": [{"version": e.version, "kinds": list(e.kinds)} for e in record.changed],
        "deprecated": record.deprecated,
        "removed": record.removed,
    }
