"""Stage 4: ApiDiff -> Changelog, judged and worded (the kind registry lives here).

`judge_pair` judges one pair of versions; `history` judges every consecutive pair of a
history (each pair diffed once, each version's reach index built once) and builds the
lifecycle index. Both read only the IR; renderers read only `changelog.model`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.changelog.model import Changelog, Section
from generator.changelog.settings import ChangelogSettings, load_settings

if TYPE_CHECKING:
    from generator.changelog.lifecycle import Presence, Subjects
    from generator.changelog.reach import ReachIndex
    from generator.changelog.sdk import SdkNames
    from generator.diff.model import ApiDiff
    from generator.ir.model import Api, Operation
    from generator.naming import NameLock

__all__ = ["ChangelogSettings", "Known", "assemble", "assemble_presence", "history",
           "judge_history", "judge_pair", "load_settings", "sdk_names", "todo_pairs"]


def sdk_names(api: Api, lock: NameLock | None = None) -> SdkNames:
    """The names the generated client of `api` has (with `lock`, the version's name lock),
    for `judge_pair`/`history` to say each entry's SDK impact."""
    from generator.changelog.sdk import sdk_names as names_of

    return names_of(api, lock)


def judge_pair(old: Api, new: Api, *, old_label: str, new_label: str,
               settings: ChangelogSettings,
               names: tuple[SdkNames, SdkNames] | None = None) -> Section:
    """The notes for `old` -> `new`: one entry per change, at its origin, sorted; with the
    client's `names` of both versions (`sdk_names`), each entry says its SDK impact."""
    from generator.changelog.reach import build_index

    return _section(old, new, build_index(old), build_index(new), old_label, new_label,
                    settings, names)


def history(versions: Sequence[tuple[str, Api]], *, settings: ChangelogSettings,
            title: str, names: Sequence[SdkNames | None] | None = None,
            diffs: Callable[[], Sequence[ApiDiff] | None] | None = None) -> Changelog:
    """A whole history (versions oldest first): a section per consecutive pair, newest
    first, and the lifecycle index of its operations, parameters, schemas and properties
    (of a plain pair, only those something happened to);
    with `names` (one per version, `sdk_names`), each entry says its SDK impact.
    `diffs`, when given, is asked for the pairs' diffs (oldest pair first) once the rest of
    the per-version work is done (another process may be diffing meanwhile); None from it,
    or no `diffs`, and each pair is diffed here."""
    sections, subjects = judge_history(versions, settings=settings, names=names, diffs=diffs)
    return assemble(title, [label for label, _ in versions], sections, subjects)


def judge_history(
    versions: Sequence[tuple[str, Api]], *, settings: ChangelogSettings,
    names: Sequence[SdkNames | None] | None = None,
    diffs: Callable[[], Sequence[ApiDiff] | None] | None = None,
    known: Known | None = None,
) -> tuple[list[Section], list[Subjects]]:
    """The parts of a history: a section per consecutive pair (oldest first) and each
    version's lifecycle subjects. Parts in `known` (judged before) are taken as they are;
    `todo_pairs(known)` says which pairs are judged here, and `diffs` (as for `history`)
    gives the diffs of those pairs only. `names` is needed for the versions of those pairs."""
    from generator.changelog.reach import build_index
    from generator.changelog.subjects import version_subjects

    count = len(versions)
    sections: list[Section | None] = list(known.sections) if known else [None] * (count - 1)
    subjects: list[Subjects | None] = list(known.subjects) if known else [None] * count
    todo = todo_pairs(sections)
    needed = sorted({k for i in todo for k in (i, i + 1)})
    indexes = {j: build_index(versions[j][1]) for j in needed}
    missing = [j for j in range(count) if subjects[j] is None]
    for j, found in zip(missing, version_subjects([versions[j][1] for j in missing]), strict=True):
        subjects[j] = found
    if diffs is not None and todo:  # another process is diffing: use the wait
        from generator.changelog.prepare import prepare_pair

        for i in todo:
            prepare_pair(versions[i][1], versions[i + 1][1], indexes[i], indexes[i + 1])
    got = diffs() if diffs is not None and todo else None
    for number, i in enumerate(todo):
        old_names, new_names = (names[i], names[i + 1]) if names is not None else (None, None)
        sections[i] = _section(
            versions[i][1], versions[i + 1][1], indexes[i], indexes[i + 1], versions[i][0],
            versions[i + 1][0], settings,
            (old_names, new_names) if old_names is not None and new_names is not None else None,
            got[number] if got is not None else None)
    return [s for s in sections if s is not None], [s for s in subjects if s is not None]


@dataclass(frozen=True, slots=True)
class Known:
    """Parts of a history judged before (read from the cache): None where not known."""

    sections: Sequence[Section | None]  # per consecutive pair, oldest first
    subjects: Sequence[Subjects | None]  # per version, oldest first


def todo_pairs(sections: Sequence[Section | None]) -> list[int]:
    """The pairs (by the index of their older version) that are still to be judged."""
    return [i for i, section in enumerate(sections) if section is None]


def assemble(title: str, labels: Sequence[str], sections: Sequence[Section],
             subjects: Sequence[Subjects], *, presence: Presence | None = None) -> Changelog:
    """A history from its parts (oldest first): sections newest first, the lifecycle index
    (of a plain pair, only the subjects something happened to). `presence`, when given, is
    `assemble_presence(labels, subjects)`, worked out before (while the pairs were diffed)."""
    from generator.changelog.lifecycle import lifecycle

    return Changelog(
        title=title, versions=tuple(labels), sections=tuple(reversed(sections)),
        lifecycle=lifecycle(labels, subjects, sections, eventful_only=len(labels) == 2,
                            known=presence),
    )


def assemble_presence(labels: Sequence[str], subjects: Sequence[Subjects]) -> Presence:
    """The part of `assemble`'s lifecycle index that needs only the versions' subjects (no
    sections): for a caller to work out while it waits for the pairs' diffs."""
    from generator.changelog.lifecycle import presence

    return presence(labels, subjects, eventful_only=len(labels) == 2)


def _section(old: Api, new: Api, old_index: ReachIndex, new_index: ReachIndex,
             old_label: str, new_label: str, settings: ChangelogSettings,
             names: tuple[SdkNames, SdkNames] | None = None,
             diff: ApiDiff | None = None) -> Section:
    from generator.changelog.fold import (
        Canonical,
        entries,
        fold_api_parameters,
        fold_repeats,
        fold_same_place,
    )
    from generator.changelog.judge import Judge
    from generator.changelog.part_rules import Lookup
    from generator.changelog.preview import preview_rule
    from generator.changelog.transitions import preview_transitions
    from generator.diff import diff_apis

    rule = preview_rule(settings.preview)
    look = Lookup(old, new, _ops(old), _ops(new), rule)
    if diff is None:
        diff = diff_apis(old, new)
    judged = Judge(look, old_index, new_index).all(diff.changes)
    texts = Canonical()  # the records' values encoded once, for folding and fingerprints
    judged = fold_same_place(fold_repeats(fold_api_parameters(judged), texts), texts)
    judged += preview_transitions(look)

    def labels(area: str) -> tuple[str, ...]:
        """`preview` for an entry about a preview operation."""
        op = look.new_ops.get(area) or look.old_ops.get(area)
        api = new if area in look.new_ops else old
        return ("preview",) if op is not None and rule(op, api) else ()

    found = entries(judged, settings, new, labels, texts)
    if names is not None:
        from generator.changelog.sdk_rules import with_sdk

        found = with_sdk(found, old, new, look.old_ops, look.new_ops, names)
    return Section(old_label=old_label, new_label=new_label, entries=found)


def _ops(api: Api) -> dict[str, Operation]:
    return {f"{op.method.value.upper()} {op.path}": op for op in (*api.operations, *api.webhooks)}
