"""The JSON form of a changelog: a documented, stable schema (`docs/changelog.md`).

Built in Python, not a template: the JSON encoder escapes every spec value. Everything the
judge produced is here, documentation-only entries included (`docs_only` marks them), so a
tool can filter for itself. `schema_version` changes only when a field changes meaning or goes.
"""

from __future__ import annotations

import json
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
from generator.render.changelog.messages import LEVELS, message_parts, plain

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
    """The JSON text: keys in schema order, one entry and one lifecycle record per line (a
    version diff reads entry by entry; and the encoder's C path, which an `indent` would turn
    off, writes the 4 MB of a big pair in a tenth of the time), a final newline."""
    data = changelog_data(changelog)
    one = json.JSONEncoder(ensure_ascii=False).encode  # the C encoder
    lines = ["{"]
    for key in ("schema_version", "title", "versions"):
        lines.append(f"  {one(key)}: {one(data[key])},")
    lines.append('  "sections": [')
    for number, section in enumerate(data["sections"]):
        head = one({k: v for k, v in section.items() if k != "entries"})[:-1]
        lines.append(f'    {head}, "entries": [')
        lines.extend(_items([one(e) for e in section["entries"]], "      "))
        lines.append("    ]}" + ("," if number < len(data["sections"]) - 1 else ""))
    lines.append("  ],")
    lines.append('  "lifecycle": [')
    lines.extend(_items([one(r) for r in data["lifecycle"]], "    "))
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _items(encoded: list[str], indent: str) -> list[str]:
    return [f"{indent}{text}{',' if n < len(encoded) - 1 else ''}" for n, text in
            enumerate(encoded)]


def _section(section: Section) -> dict[str, Any]:
    counts: dict[str, int] = {level.value: section.count(level) for level in LEVELS}
    counts["docs_only"] = sum(e.docs_only for e in section.entries)
    counts["ignored"] = sum(e.ignored for e in section.entries)
    return {
        "old": section.old_label,
        "new": section.new_label,
        "counts": counts,
        "entries": [_entry(e) for e in section.entries],
    }


def _entry(entry: Entry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "level": entry.level.value,
        "area": entry.area,
        "group": entry.group or area_group(entry),
        "message": plain(message_parts(entry.template, entry.params)),
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
    return {"message": plain(message_parts(detail.template, detail.params)),
            "template": detail.template, "params": detail.params}


def _sdk(impact: SdkImpact) -> dict[str, Any]:
    return {"kind": impact.kind, "level": impact.level.value,
            "message": plain(message_parts(impact.template, impact.params)),
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
