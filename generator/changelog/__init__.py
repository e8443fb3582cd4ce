"""Stage 4: ApiDiff -> Changelog, judged and worded (the kind registry lives here).

`judge_pair` judges one pair of versions; `history` judges every consecutive pair of a
history (each pair diffed once, each version's reach index built once) and builds the
lifecycle index. Both read only the IR; renderers read only `changelog.model`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from generator.changelog.model import Changelog, Section
from generator.changelog.settings import ChangelogSettings, load_settings

if TYPE_CHECKING:
    from generator.changelog.reach import ReachIndex
    from generator.changelog.sdk import SdkNames
    from generator.diff.model import ApiDiff
    from generator.ir.model import Api, Operation
    from generator.naming import NameLock

__all__ = ["ChangelogSettings", "history", "judge_pair", "load_settings", "sdk_names"]


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
            title: str, names: Sequence[SdkNames] | None = None,
            diffs: Callable[[], Sequence[ApiDiff] | None] | None = None) -> Changelog:
    """A whole history (versions oldest first): a section per consecutive pair, newest
    first, and the lifecycle index of its operations, parameters, schemas and properties
    (of a plain pair, only those something happened to);
    with `names` (one per version, `sdk_names`), each entry says its SDK impact.
    `diffs`, when given, is asked for the pairs' diffs (oldest pair first) once the rest of
    the per-version work is done (another process may be diffing meanwhile); None from it,
    or no `diffs`, and each pair is diffed here."""
    from generator.changelog.lifecycle import lifecycle, version_subjects
    from generator.changelog.reach import build_index

    indexes = [build_index(api) for _, api in versions]
    subjects = version_subjects([api for _, api in versions])
    found = diffs() if diffs is not None else None
    sections = [
        _section(versions[i][1], versions[i + 1][1], indexes[i], indexes[i + 1],
                 versions[i][0], versions[i + 1][0], settings,
                 (names[i], names[i + 1]) if names is not None else None,
                 found[i] if found is not None else None)
        for i in range(len(versions) - 1)
    ]
    labels = tuple(label for label, _ in versions)
    return Changelog(
        title=title, versions=labels, sections=tuple(reversed(sections)),
        lifecycle=lifecycle(labels, subjects, sections, eventful_only=len(versions) == 2),
    )


def _section(old: Api, new: Api, old_index: ReachIndex, new_index: ReachIndex,
             old_label: str, new_label: str, settings: ChangelogSettings,
             names: tuple[SdkNames, SdkNames] | None = None,
             diff: ApiDiff | None = None) -> Section:
    from generator.changelog.fold import (
        entries,
        fold_api_parameters,
        fold_repeats,
        fold_same_place,
    )
    from generator.changelog.judge import Judge
    from generator.changelog.lifecycle import preview_transitions
    from generator.changelog.part_rules import Lookup
    from generator.changelog.preview import preview_rule
    from generator.diff import diff_apis

    rule = preview_rule(settings.preview)
    look = Lookup(old, new, _ops(old), _ops(new), rule)
    if diff is None:
        diff = diff_apis(old, new)
    judged = Judge(look, old_index, new_index).all(diff.changes)
    judged = fold_same_place(fold_repeats(fold_api_parameters(judged)))
    judged += preview_transitions(look)

    def labels(area: str) -> tuple[str, ...]:
        """`preview` for an entry about a preview operation."""
        op = look.new_ops.get(area) or look.old_ops.get(area)
        api = new if area in look.new_ops else old
        return ("preview",) if op is not None and rule(op, api) else ()

    found = entries(judged, settings, new, labels)
    if names is not None:
        from generator.changelog.sdk_rules import with_sdk

        found = with_sdk(found, old, new, look.old_ops, look.new_ops, names)
    return Section(old_label=old_label, new_label=new_label, entries=found)


def _ops(api: Api) -> dict[str, Operation]:
    return {f"{op.method.value.upper()} {op.path}": op for op in (*api.operations, *api.webhooks)}
