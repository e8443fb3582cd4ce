"""Judged histories kept in the cache: a history whose versions' IRs, labels, settings, name
locks and judging code are all unchanged is read back instead of diffed and judged again.

The key is derived from the IR cache's identity of every version (`cache.ir_key`: equal keys,
equal IRs), so a warm `specloom changelog` reads neither spec nor IR. The entry is a pickle of
the `Changelog`, read back by an unpickler that can build only the types of
`changelog.model`: a damaged or planted entry cannot run code, it is only not used.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.changelog import model

if TYPE_CHECKING:
    from generator.changelog.settings import ChangelogSettings
    from generator.naming import NameLock

KIND = "notes"
FORMAT = 1
# The modules whose code decides what a judged history holds, besides the IR itself.
_JUDGING = ("changelog/*.py", "diff/*.py", "naming/**/*.py", "render/client/*.py",
            "ir/**/*.py", "pipeline/changelog.py", "versions.py")
_TYPES = {name: getattr(model, name) for name in (
    "Changelog", "Section", "Entry", "Reach", "SdkImpact", "Detail", "LifecycleEvent",
    "LifecycleRecord", "Level", "Side")}


def history_key(specs: Sequence[tuple[str, Path]], settings: ChangelogSettings,
                locks: Mapping[str, NameLock] | None = None) -> str | None:
    """The key of a history's judged notes, or None when a version's IR is not cached."""
    from generator import __version__
    from generator.cache import code_fingerprint, ir_key

    parts = [f"{FORMAT}", __version__, code_fingerprint(_JUDGING), _settings_text(settings)]
    for label, path in specs:
        key = ir_key(path)
        if key is None:
            return None
        lock = (locks or {}).get(label)
        parts += [label, key, lock.dumps() if lock is not None else ""]
    return "\0".join(parts)


def _settings_text(settings: ChangelogSettings) -> str:
    levels = sorted((k, v.value) for k, v in settings.levels.items())
    return repr((levels, sorted(settings.ignored), settings.preview))


def load(key: str) -> model.Changelog | None:
    """The judged history stored under `key`, or None (absent, damaged, or not one)."""
    from generator.cache import read_derived

    payload = read_derived(KIND, key)
    if payload is None:
        return None
    try:
        found = _Unpickler(io.BytesIO(payload)).load()
    except Exception:  # any damaged entry is judged again, never a crash
        return None
    return found if isinstance(found, model.Changelog) else None


def store(key: str, changelog: model.Changelog) -> None:
    """Keep a judged history under `key` (never raises for a cache that cannot be written)."""
    from generator.cache import write_derived

    write_derived(KIND, key, pickle.dumps(changelog, protocol=5))


class _Unpickler(pickle.Unpickler):
    """Builds the changelog model's types and plain data, nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        """Only the model's own classes."""
        if module == model.__name__ and name in _TYPES:
            return _TYPES[name]
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a changelog")
