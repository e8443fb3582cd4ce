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

    Written line by line, not by encoding `changelog_data`: building a dict for each of a big
    pair's thousands of entries, reaches and records and encoding each cost twice the time
    of writing them. Every string still goes through the encoder's own C escaping (`_text`),
    and values from specs (`params`) through the encoder itself, so the bytes are those of
    `json` with `ensure_ascii=False` (a test compares them)."""
    lines = ["{", f'  "schema_version": {SCHEMA_VERSION},', f'  "title": {_text(changelog.title)},',
             f'  "versions": [{", ".join(map(_text, changelog.versions))}],', '  "sections": [']
    for number, section in enumerate(changelog.sections):
        lines.append(f'    {{"old": {_text(section.old_label)}, "new": {_text(section.new_label)}, '
                     f'"counts": {_value(_counts(section))}, "entries": [')
        lines.append(",\n".join(map(_entry_line, section.entries)))
        lines.append("    ]}" + ("," if number < len(changelog.sections) - 1 else ""))
    lines.append("  ],")
    lines.append('  "lifecycle": [')
    lines.append(",\n".join(map(_record_line, changelog.lifecycle)))
    lines.append("  ]")
    lines.append("}")
    # no line for a section without entries, or a history without lifecycle records
    return "\n".join(line for line in lines if line) + "\n"


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


def _entry_line(entry: Entry) -> str:
    return (
        f'      {{"kind": {_text(entry.kind)}, "level": {_text(entry.level)}, '
        f'"area": {_text(entry.area)}, "group": {_text(entry.group or area_group(entry))}, '
        f'"message": {_text(plain_text(entry.template, entry.params))}, '
        f'"template": {_text(entry.template)}, "params": {_value(entry.params)}, '
        f'"origin": {_text(entry.origin)}, "old_at": {_optional(entry.old_at)}, '
        f'"new_at": {_optional(entry.new_at)}, '
        f'"reach": [{", ".join(map(_reach_text, entry.reach))}], '
        f'"docs_only": {_flag(entry.docs_only)}, "ignored": {_flag(entry.ignored)}, '
        f'"fingerprint": {_text(entry.fingerprint)}, '
        f'"details": [{", ".join(map(_detail_text, entry.details))}], '
        f'"sdk": [{", ".join(map(_sdk_text, entry.sdk))}]}}')


def _reach_text(reach: Reach) -> str:
    return (f'{{"operation": {_text(reach.operation)}, '
            f'"operation_id": {_optional(reach.operation_id)}, '
            f'"side": {_text(reach.side)}, "webhook": {_flag(reach.webhook)}}}')


def _detail_text(detail: Detail) -> str:
    return (f'{{"message": {_text(plain_text(detail.template, detail.params))}, '
            f'"template": {_text(detail.template)}, "params": {_value(detail.params)}}}')


def _sdk_text(impact: SdkImpact) -> str:
    return (f'{{"kind": {_text(impact.kind)}, "level": {_text(impact.level)}, '
            f'"message": {_text(plain_text(impact.template, impact.params))}, '
            f'"template": {_text(impact.template)}, "params": {_value(impact.params)}}}')


def _record_line(record: LifecycleRecord) -> str:
    changed = ", ".join(
        f'{{"version": {_text(e.version)}, "kinds": [{", ".join(map(_text, e.kinds))}]}}'
        for e in record.changed)
    return (f'    {{"subject": {_text(record.subject)}, "name": {_text(record.name)}, '
            f'"introduced": {_optional(record.introduced)}, "changed": [{changed}], '
            f'"deprecated": {_optional(record.deprecated)}, '
            f'"removed": {_optional(record.removed)}}}')


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
        "group": entry.group or area_group(entry),
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
