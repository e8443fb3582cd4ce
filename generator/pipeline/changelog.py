"""`specloom changelog` composed, and the notes `specloom build` writes beside the models.

Every version's IR is built once (through the IR cache), the judge turns consecutive pairs
into a `Changelog`, and a renderer turns that into text. Input that cannot be loaded, on any
side, gives located diagnostics and exit 1 with nothing written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.diagnostics import Diagnostic, SpecError
from generator.pipeline import _release, _strict, build_ir, check_spec, has_errors, ordered_specs

if TYPE_CHECKING:
    from generator.changelog import Known
    from generator.changelog.lifecycle import Subjects
    from generator.changelog.model import Changelog, Section
    from generator.changelog.settings import ChangelogSettings
    from generator.config import ApiConfig
    from generator.ir.model import Api
    from generator.naming import NameLock
    from generator.pipeline.fork_diff import ForkedDiffs
    from generator.pipeline.fork_ir import ForkedIR
    from generator.pipeline.fork_pair import ForkedPair

FAIL_ON = ("breaking", "warning")


class InputError(Exception):
    """The command line names specs that cannot make a history; the message says why."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Request:
    """What `specloom changelog` was asked for."""

    inputs: tuple[str, ...]
    fmt: str = "markdown"
    fail_on: str | None = None
    ignore: str | None = None
    include_docs: bool = False
    output: str | None = None
    strict: bool = False
    use_cache: bool = True
    color: bool = False


def changelog_command(request: Request, *, config: Mapping[str, Any],
                      rules: Mapping[str, str]) -> tuple[str, str, int]:
    """`specloom changelog`: (standard output, standard error, exit code).

    `config` is the `[tool.specloom.changelog]` table, `rules` the validation overrides that
    `--strict` applies.
    """
    import gc

    # Hundreds of thousands of small objects, next to no cycles, a short run: the cyclic
    # collector's passes cost ~10% of a warm run and free almost nothing (measured on OpenAI).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _changelog(request, config=config, rules=rules)
    finally:
        if enabled:
            gc.enable()


def _changelog(request: Request, *, config: Mapping[str, Any],
               rules: Mapping[str, str]) -> tuple[str, str, int]:
    try:
        specs = history_specs(request.inputs)
    except InputError as exc:
        return "", f"specloom changelog: error: {exc}\n", 1
    # Without the cache nothing can spare the pair's child: it starts now, and the rest of
    # the set-up (settings, accepted changes) runs while it builds its spec.
    pair = None if request.use_cache else _pair_child(specs, None, strict=request.strict,
                                                      use_cache=False)
    try:
        changelog, found = _judged(request, specs, config, rules, pair)
    except BaseException:
        if pair is not None:
            pair.abandon()
        raise
    if isinstance(changelog, str):  # a set-up error, already worded
        if pair is not None:
            pair.abandon()
        return "", changelog, 1
    if changelog is None:
        return "", _findings(found, len(specs)), 1
    text = render(changelog, request)
    code = 1 if request.fail_on and gate(changelog, request.fail_on) else 0
    if request.output is None:
        return text, "", code
    from generator.write import atomic_write_bytes

    try:
        atomic_write_bytes(Path(request.output), text.encode("utf-8"))
    except OSError as exc:
        return "", f"specloom changelog: error: cannot write {request.output}: {exc}\n", 1
    return f"wrote {request.output}\n", "", code


def _judged(request: Request, specs: list[tuple[str, Path]], config: Mapping[str, Any],
            rules: Mapping[str, str], pair: ForkedPair | None,
            ) -> tuple[Changelog | str | None, list[Diagnostic]]:
    """`judged_history` for the command line, or the words of a set-up error."""
    from generator.config import ConfigError, read_ignore_file

    try:
        accepted = read_ignore_file(Path(request.ignore)) if request.ignore else frozenset()
    except ConfigError as exc:
        return f"specloom changelog: error: {exc}\n", []
    settings, problems = _settings(config, accepted)
    if problems:
        return _findings(problems, 1), []
    return judged_history(specs, settings, strict=request.strict, rules=rules,
                          use_cache=request.use_cache, pair=pair)


def _findings(found: Sequence[Diagnostic], files: int) -> str:
    from generator.reporting import format_text  # only when something is wrong

    return format_text(found, files)


def history_specs(inputs: Sequence[str]) -> list[tuple[str, Path]]:
    """(label, path) oldest first: two specs as given, more (or a folder) by version label."""
    if len(inputs) == 1:
        folder = Path(inputs[0])
        if not folder.is_dir():
            raise InputError("give OLD NEW, three or more specs, or a folder of specs")
        paths = ordered_specs(folder)
        if len(paths) < 2:
            raise InputError(f"{folder}: a history needs at least two spec files")
        return [(p.stem, p) for p in paths]
    paths = [Path(i) for i in inputs]
    for path in paths:
        if path.is_dir():
            raise InputError(f"{path} is a folder: give it alone, or give spec files")
    if len(paths) == 2:
        if paths[0].stem == paths[1].stem:  # two copies of one version: name them by path
            return [(str(p), p) for p in paths]
        return [(p.stem, p) for p in paths]
    from generator.versions import sort_labels

    by_label: dict[str, Path] = {}
    for path in paths:
        if path.stem in by_label:
            raise InputError(f"{by_label[path.stem]} and {path} have the same version label")
        by_label[path.stem] = path
    return [(label, by_label[label]) for label in sort_labels(by_label)]


def _settings(
    config: Mapping[str, Any], accepted: frozenset[str]
) -> tuple[ChangelogSettings, list[Diagnostic]]:
    from generator.changelog.settings import load_settings

    settings, problems = load_settings(config)
    return replace(settings, ignored=settings.ignored | accepted), problems


def judged_history(
    specs: Sequence[tuple[str, Path]], settings: ChangelogSettings, *, strict: bool,
    rules: Mapping[str, str], use_cache: bool,
    locks: Callable[[Sequence[str]], Mapping[str, NameLock]] | None = None,
    pair: ForkedPair | None = None,
) -> tuple[Changelog | None, list[Diagnostic]]:
    """The judged history of `specs` (oldest first), or None and the located findings of
    every spec that failed. Through the cache, each pair judged before with the same IRs,
    labels, settings and name locks (`locks` gives them by label) is read back, not judged
    again, and so is each version's lifecycle part: a history with one new version judges
    one pair, and an unchanged one loads no spec at all. `--strict` always loads (it
    validates every spec). `pair`: a pair's child started already (`_pair_child`)."""
    from generator.changelog import assemble

    labels = [label for label, _ in specs]
    found_locks = locks(labels) if locks is not None else {}
    known: Known | None = None
    if use_cache:  # (--no-cache does without it, and without its pickle)
        from generator.pipeline import notes_cache as store
    if use_cache and not strict:
        known, title = store.read(store.version_keys(specs, found_locks), settings)
        if title is not None:  # every part was there
            return assemble(title, labels, *store.complete(known)), []
    if pair is None:
        pair = _pair_child(specs, known, strict=strict, use_cache=use_cache)
    if pair is not None:
        from generator.pipeline.fork_pair import load_pair

        versions, found = load_pair(
            list(specs), pair, prepare=_import_judging,
            load=lambda path: _load(path, strict=False, rules=rules, use_cache=use_cache))
    else:
        versions, found = load_versions(specs, strict=strict, rules=rules,
                                        use_cache=use_cache, prepare=_import_judging)
    if versions is None:
        return None, found
    from generator import teardown
    from generator.pipeline import _size

    teardown.hold(versions)  # freeing the IRs would only delay the program's end

    try:
        sections, subjects = judge_parts(versions, settings, found_locks, known=known,
                                         spec_bytes=sum(_size(path) for _, path in specs),
                                         diffs=pair)
    finally:
        from generator.pipeline.forked import reap_released

        reap_released()
    if use_cache:  # the IRs are in the cache now (unless it cannot be written)
        store.keep(store.version_keys(specs, found_locks), settings, sections, subjects,
                   [api.title for _, api in versions], known)
    return assemble(versions[-1][1].title, labels, sections, subjects), found


def _pair_child(specs: Sequence[tuple[str, Path]], known: Known | None, *, strict: bool,
                use_cache: bool) -> ForkedPair | None:
    """For a plain pair still to be judged, a child that builds one of its IRs and diffs
    the pair (`pipeline.fork_pair`); None for longer histories, --strict, or one process."""
    if len(specs) != 2 or strict or (known is not None and known.sections[0] is not None):
        return None
    from generator.pipeline.fork_pair import ForkedPair

    return ForkedPair.start(specs[0][1], specs[1][1], use_cache=use_cache)


def _import_judging() -> None:
    """Import what judging runs (a fifth of a big pair's judging time when cold), while a
    child is still building an IR this process waits for."""
    import generator.changelog.fold
    import generator.changelog.sdk_rules
    import generator.changelog.subjects
    import generator.changelog.transitions
    import generator.diff
    import generator.render.changelog.data  # noqa: F401


def load_versions(
    specs: Sequence[tuple[str, Path]], *, strict: bool, rules: Mapping[str, str], use_cache: bool,
    prepare: Callable[[], None] | None = None,
) -> tuple[list[tuple[str, Api]] | None, list[Diagnostic]]:
    """Every version's IR, or None and the located findings of every spec that failed.

    Without --strict the specs are built two at a time: a forked child builds the second of
    each two (see `generator.pipeline.fork_ir`) while this process builds the first, then
    works out its schema digests (the child sends those of its own) and runs `prepare`
    (once) before it waits for the child.
    """
    from generator.pipeline.fork_ir import ForkedIR

    versions: list[tuple[str, Api]] = []
    found: list[Diagnostic] = []
    failed = False
    ahead: tuple[Path, ForkedIR | None] | None = None
    for number, (label, path) in enumerate(specs):
        helper = ahead[1] if ahead is not None and ahead[0] == path else None
        if helper is not None:  # work needed later anyway, done while the child builds
            if versions:
                versions[-1][1].nodes.digests()  # the child sends its version's own
            if prepare is not None:
                prepare()
                prepare = None
        else:
            if number:  # this process loads a document: free the last one first
                _release()
            if not strict and number + 1 < len(specs):
                nxt = specs[number + 1][1]
                ahead = (nxt, ForkedIR.start(nxt, use_cache=use_cache))
        api, problems = _load(path, strict=strict, rules=rules, use_cache=use_cache,
                              helper=helper)
        found.extend(problems)
        if api is None:
            failed = True
        else:
            versions.append((label, api))
    return (None if failed else versions), found


def _load(path: Path, *, strict: bool, rules: Mapping[str, str], use_cache: bool,
          helper: ForkedIR | None = None) -> tuple[Api | None, list[Diagnostic]]:
    if helper is not None:
        api = helper.join()
        if api is not None:
            return api, []
        # the child could not build it: build it here, for the located diagnostics
    if strict:
        checked = check_spec(path, overrides=rules, with_ir=True)
        found = _strict(checked.diagnostics)
        bad = checked.api is None or has_errors(found, strict=True)
        return (None if bad else checked.api), found
    try:
        return build_ir(path, use_cache=use_cache)[0], []
    except SpecError as exc:
        from generator.spec.positions import locate

        return None, locate(exc.diagnostics, exc.texts) if exc.texts else list(exc.diagnostics)


def judge(versions: Sequence[tuple[str, Api]], settings: ChangelogSettings,
          locks: Mapping[str, NameLock] | None = None) -> Changelog:
    """The judged history of `versions` (oldest first), titled by the newest spec, each
    entry with its SDK impact: the client's names by the naming rules and, for a version
    with one in `locks` (by label), the name lock its generated client was written with."""
    from generator.changelog import assemble

    sections, subjects = judge_parts(versions, settings, locks)
    return assemble(versions[-1][1].title, [label for label, _ in versions], sections,
                    subjects)


def judge_parts(versions: Sequence[tuple[str, Api]], settings: ChangelogSettings,
                locks: Mapping[str, NameLock] | None = None, *, known: Known | None = None,
                spec_bytes: int = 0, diffs: ForkedPair | None = None,
                ) -> tuple[list[Section], list[Subjects]]:
    """A history's sections (oldest pair first) and versions' lifecycle subjects, judging
    only the pairs `known` lacks. With `spec_bytes` (the specs' total size) large enough,
    a forked child diffs those pairs meanwhile (or `diffs`, a pair's child, already does)."""
    from generator.changelog import judge_history, sdk_names, todo_pairs

    todo = todo_pairs(known.sections) if known else list(range(len(versions) - 1))
    needed = {j for i in todo for j in (i, i + 1)}
    from generator.pipeline.fork_diff import ForkedDiffs

    child: ForkedPair | ForkedDiffs | None = diffs if diffs is not None else ForkedDiffs.start(
        [(versions[i][1], versions[i + 1][1]) for i in todo], spec_bytes)
    try:
        names = [sdk_names(api, (locks or {}).get(label)) if j in needed else None
                 for j, (label, api) in enumerate(versions)]
    except BaseException:
        if child is not None:
            child.abandon()
        raise
    return judge_history(versions, settings=settings, names=names, known=known,
                         diffs=child.diffs if child is not None else None)


def build_locks(entry: ApiConfig, labels: Sequence[str]) -> dict[str, NameLock]:
    """The name locks `build` wrote for the versions it generates (`<output>/<label>/`); a
    missing or unreadable one is left out (the generation step reports a bad lock)."""
    from generator.naming import LOCK_FILE, LockError, loads
    from generator.write import read_lock

    found: dict[str, NameLock] = {}
    for label in labels:
        text = read_lock(entry.output / label, LOCK_FILE)
        try:
            lock = loads(text)
        except LockError:
            continue
        if text:
            found[label] = lock
    return found


def render(changelog: Changelog, request: Request) -> str:
    """The notes in the requested format ("no changes" when there are none)."""
    from generator.render.changelog import Format, render_changelog

    fmt = Format(request.fmt)
    if fmt is Format.TEXT and not any(s.entries for s in changelog.sections):
        return "no changes\n"
    return render_changelog(changelog, fmt, include_docs=request.include_docs,
                            color=request.color)


def gate(changelog: Changelog, fail_on: str) -> bool:
    """Whether an entry not accepted is at or above `fail_on` (`breaking` or `warning`)."""
    from generator.changelog.model import Level

    threshold = Level(fail_on)
    return any(
        e.level.rank >= threshold.rank and not e.ignored
        for s in changelog.sections
        for e in s.entries
    )


# --- `specloom build` -----------------------------------------------------------------------


def build_notes(entry: ApiConfig, specs: Sequence[Path], *, config: Mapping[str, Any],
                check: bool) -> tuple[dict[str, str], str, bool]:
    """The notes of an API's whole history for `build`: (files for its output tree, report,
    ok). Notes that live outside the output tree are written (or checked) here."""
    if entry.changelog is None:
        return {}, "", True
    settings, problems = _settings(config, frozenset())
    if problems:
        from generator.reporting import format_text

        return {}, format_text(problems, len(specs)), False
    changelog, found = judged_history(
        [(p.stem, p) for p in specs], settings, strict=False, rules={}, use_cache=True,
        locks=lambda labels: build_locks(entry, labels))
    if changelog is None:
        from generator.reporting import format_text

        return {}, format_text(found, len(specs)), False
    files = notes_files(changelog, entry.changelog)
    inside = {p: t for p, t in files.items() if p.is_relative_to(entry.output)}
    tree = {p.relative_to(entry.output).as_posix(): t for p, t in inside.items()}
    outside = {p: t for p, t in files.items() if p not in inside}
    report, ok = _write_outside(outside, check=check) if outside else ("", True)
    return tree, report, ok


def notes_files(changelog: Changelog, markdown: Path) -> dict[Path, str]:
    """The three notes files: the configured Markdown path, `changelog.html` and
    `changelog.json` beside it."""
    from generator.render.changelog import FILE_NAMES, Format, render_changelog

    out = {markdown: render_changelog(changelog, Format.MARKDOWN)}
    for fmt in (Format.HTML, Format.JSON):
        out[markdown.with_name(FILE_NAMES[fmt])] = render_changelog(changelog, fmt)
    return out


def _write_outside(files: Mapping[Path, str], *, check: bool) -> tuple[str, bool]:
    import difflib

    from generator.write import atomic_write_bytes, read_lock

    lines: list[str] = []
    for path, text in sorted(files.items()):
        present = read_lock(path.parent, path.name)  # the text of a file write.py wrote
        if present == text:
            continue
        if check:
            lines.append(f"{'missing' if present is None else 'stale'}: {path}\n")
            diff = difflib.unified_diff((present or "").splitlines(True), text.splitlines(True),
                                        f"{path.name} (on disk)", f"{path.name} (generated)", n=1)
            lines.extend(list(diff)[:40])
        else:
            atomic_write_bytes(path, text.encode("utf-8"))
            lines.append(f"wrote {path}\n")
    return "".join(lines), not (check and lines)
