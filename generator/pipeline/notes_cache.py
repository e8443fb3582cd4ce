"""Judged parts of histories kept in the cache: each pair's section and each version's
lifecycle subjects, read back instead of judged again while nothing that decides them changed.

A version is known by the IR cache's identity of its model (`cache.ir_key`: equal keys, equal
IRs, whatever the file name), its label and its name lock. A pair's section is keyed by both
versions, the `[tool.specloom.changelog]` settings and a fingerprint of the judging code; a
version's subjects (and title) by its IR key and that fingerprint. So an unchanged history
reads neither spec nor IR, and a history with one new version judges one pair.

Sections are pickles read back by an unpickler that can build only the types of
`changelog.model`; subjects are marshalled plain tuples, checked on the way in: a damaged or
planted entry cannot run code, it is only not used.
"""

from __future__ import annotations

import io
import itertools
import marshal
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.changelog import Known, model

if TYPE_CHECKING:
    from generator.changelog.lifecycle import Subjects
    from generator.changelog.settings import ChangelogSettings
    from generator.naming import NameLock

PAIRS, VERSIONS = "notes-pairs", "notes-versions"
FORMAT = 1
# The modules whose code decides what a judged part holds, besides the IR itself.
_JUDGING = ("changelog/*.py", "diff/*.py", "naming/**/*.py", "render/client/*.py",
            "ir/**/*.py", "pipeline/changelog.py", "versions.py")
# Every class `changelog.model` defines (its dataclasses and enums), and nothing else.
_TYPES = {name: value for name, value in vars(model).items()
          if isinstance(value, type) and value.__module__ == model.__name__}


@dataclass(frozen=True, slots=True)
class Version:
    """What decides a version's part of the notes."""

    label: str
    ir: str  # cache.ir_key
    lock: str  # the name lock's text, "" for none


def version_keys(specs: Sequence[tuple[str, Path]],
                 locks: Mapping[str, NameLock]) -> list[Version | None]:
    """Each version's key; None for a version whose IR is not in the cache (yet)."""
    from generator.cache import ir_key

    found: list[Version | None] = []
    for label, path in specs:
        key = ir_key(path)
        lock = locks.get(label)
        found.append(None if key is None else
                     Version(label, key, lock.dumps() if lock is not None else ""))
    return found


def read(keys: Sequence[Version | None],
         settings: ChangelogSettings) -> tuple[Known, str | None]:
    """The parts of the history kept before (None where absent), and the newest version's
    title when every part was there (else None)."""
    context = _context(settings)
    sections = [_load_section(_pair_key(context, old, new)) if old and new else None
                for old, new in itertools.pairwise(keys)]
    kept = [_load_version(_version_key(key)) if key else None for key in keys]
    known = Known(sections=sections, subjects=[k[1] if k else None for k in kept])
    whole = all(s is not None for s in sections) and all(k is not None for k in kept)
    newest = kept[-1]
    return known, newest[0] if whole and newest is not None else None


def complete(known: Known) -> tuple[list[model.Section], list[Subjects]]:
    """The parts of a history that `read` found whole."""
    return ([s for s in known.sections if s is not None],
            [s for s in known.subjects if s is not None])


def keep(keys: Sequence[Version | None], settings: ChangelogSettings,
         sections: Sequence[model.Section], subjects: Sequence[Subjects],
         titles: Sequence[str], known: Known | None) -> None:
    """Store the parts `known` did not have (never raises for a cache it cannot write)."""
    from generator.cache import write_derived

    context = _context(settings)
    for number, (old, new) in enumerate(itertools.pairwise(keys)):
        if old and new and (known is None or known.sections[number] is None):
            write_derived(PAIRS, _pair_key(context, old, new),
                          pickle.dumps(sections[number], protocol=5))
    for number, key in enumerate(keys):
        if key and (known is None or known.subjects[number] is None):
            write_derived(VERSIONS, _version_key(key),
                          marshal.dumps((titles[number], subjects[number])))


def _context(settings: ChangelogSettings) -> str:
    from generator import __version__
    from generator.cache import code_fingerprint

    levels = sorted((k, v.value) for k, v in settings.levels.items())
    chosen = repr((levels, sorted(settings.ignored), settings.preview))
    return "\0".join((str(FORMAT), __version__, code_fingerprint(_JUDGING), chosen))


def _pair_key(context: str, old: Version, new: Version) -> str:
    return "\0".join((context, old.label, old.ir, old.lock, new.label, new.ir, new.lock))


def _version_key(key: Version) -> str:
    from generator import __version__
    from generator.cache import code_fingerprint

    return "\0".join((str(FORMAT), __version__, code_fingerprint(_JUDGING), key.ir))


def _load_section(key: str) -> model.Section | None:
    from generator.cache import read_derived

    payload = read_derived(PAIRS, key)
    if payload is None:
        return None
    try:
        found = _Unpickler(io.BytesIO(payload)).load()
    except Exception:  # any damaged entry is judged again, never a crash
        return None
    return found if isinstance(found, model.Section) else None


def _load_version(key: str) -> tuple[str, Subjects] | None:
    from generator.cache import read_derived

    payload = read_derived(VERSIONS, key)
    if payload is None:
        return None
    try:
        title, subjects = marshal.loads(payload)
    except Exception:  # any damaged entry is worked out again, never a crash
        return None
    if not isinstance(title, str) or not isinstance(subjects, list) or not all(
            type(s) is tuple and len(s) == 3 and type(s[0]) is str and type(s[1]) is str
            and type(s[2]) is bool for s in subjects):
        return None
    return title, subjects


class _Unpickler(pickle.Unpickler):
    """Builds the changelog model's types and plain data, nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        """Only the model's own classes."""
        if module == model.__name__ and name in _TYPES:
            return _TYPES[name]
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a changelog")
