"""The name lock: `specloom.lock.json`, schema pointer -> Python name, kept across runs.

Format (sorted keys, two-space indent, one trailing newline, safe to commit):

    {
      "classes": {"#/components/schemas/Pet": "Pet", ...},
      "fields": {"#/components/schemas/Pet/properties/foo-bar": "foo_bar", ...},
      "format": 1,
      "modules": {"#/components/schemas/Pet": "pet", ...}
    }

Keys are node ids (`generator.spec.document.node_id`). A regeneration gives every pointer
still present the name it had; names of pointers that disappeared are freed.
No I/O here: the pipeline reads the file and `write.py` writes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

LOCK_FILE = "specloom.lock.json"
FORMAT = 1


class LockError(ValueError):
    """The lock file is not one this version understands."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NameLock:
    """Locked names by kind: classes, fields and modules, each pointer -> name."""

    classes: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    modules: dict[str, str] = field(default_factory=dict)

    def dumps(self) -> str:
        """The lock as the sorted JSON text that is written to disk."""
        data = {
            "classes": self.classes,
            "fields": self.fields,
            "format": FORMAT,
            "modules": self.modules,
        }
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def loads(text: str | None) -> NameLock:
    """Parse a lock file's text (None or empty: no lock); LockError if it is malformed."""
    if not text or not text.strip():
        return NameLock()
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise LockError(f"{LOCK_FILE} is not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise LockError(f"{LOCK_FILE}: expected an object with \"format\": {FORMAT}")
    parts: dict[str, dict[str, str]] = {}
    for kind in ("classes", "fields", "modules"):
        table = data.get(kind, {})
        if not isinstance(table, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in table.items()
        ):
            raise LockError(f"{LOCK_FILE}: {kind!r} must map pointers to names")
        parts[kind] = dict(table)
    return NameLock(**parts)
