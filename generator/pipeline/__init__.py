"""The only module (with cli.py) that composes stages: read -> validate -> IR."""

from __future__ import annotations

import gc
import marshal
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.diagnostics import Diagnostic, Severity, SpecError

if TYPE_CHECKING:  # the IR is imported only by the commands that build one
    from generator.ir.model import Api
    from generator.pipeline.forked import Forked
    from generator.spec.rules import Rule
    from generator.spec.validate import Part

SPEC_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True, slots=True, kw_only=True)
class Checked:
    """What `validate` learned about one spec: its findings and, if it could be built, its IR."""

    path: str
    diagnostics: tuple[Diagnostic, ...]
    api: Api | None


def build_ir(path: str | Path, *, use_cache: bool = True) -> tuple[Api, tuple[Diagnostic, ...]]:
    """Load a spec and build its IR (through the IR cache); raise SpecError if it is unusable."""
    from generator.cache import load_api

    paused = gc.isenabled()
    gc.disable()  # parsing and building allocate much and make few cycles (see check_spec)
    try:
        return load_api(path, use_cache=use_cache)
    finally:
        if paused:
            gc.enable()


def check_spec(
    path: str | Path, *, overrides: Mapping[str, str] | None = None, with_ir: bool = False
) -> Checked:
    """Load and validate one spec (and build its IR if asked); every finding located.

    Validation finds everything the IR build would report (the 3.0 idioms of a 3.1 file), so
    `validate` skips the build; `build` asks for the IR.
    """
    # The passes allocate much and make few cycles; collecting would walk the parsed document
    # again and again, so the cyclic collector pauses for the duration (as in the IR build).
    paused = gc.isenabled()
    gc.disable()
    try:
        return _check(path, overrides=overrides or {}, with_ir=with_ir)
    finally:
        if paused:
            gc.enable()


def _check(path: str | Path, *, overrides: Mapping[str, str], with_ir: bool) -> Checked:
    # For a big spec a forked child loads it too and runs half of the passes meanwhile; it
    # forks before anything is loaded or imported, so neither process slows the other down
    # by copying the other's pages, and each imports only the passes it runs.
    helper = _Helper.start(lambda: _check_half(path, overrides), _size(path))
    try:
        checked = _check_here(path, overrides, with_ir, "all" if helper is None else "main")
    except BaseException:
        if helper is not None:
            helper.abandon()
        raise
    if helper is None:
        return checked
    other = helper.join()
    if other is None:  # the helper failed: do its half here
        other = _check_half(path, overrides)
    return replace(checked, diagnostics=_sorted([*checked.diagnostics, *other]))


def _check_here(
    path: str | Path, overrides: Mapping[str, str], with_ir: bool, part: Part
) -> Checked:
    from generator.spec.load import load_spec
    from generator.spec.positions import locate
    from generator.spec.rules import apply_overrides
    from generator.spec.validate import validate

    try:
        doc = load_spec(path)
    except SpecError as exc:
        found = apply_overrides(exc.diagnostics, overrides)
        return Checked(path=str(path), diagnostics=_sorted(locate(found, exc.texts)), api=None)
    api = None
    if with_ir:
        from generator.ir.build import build_api

        api = build_api(doc)
    found = validate(doc, overrides=overrides, part=part)
    return Checked(path=str(path), diagnostics=_sorted(locate(found, doc.texts())), api=api)


def _check_half(path: str | Path, overrides: Mapping[str, str]) -> list[Diagnostic]:
    """The located findings of the "values" half of the passes (a spec that will not load
    gives its load findings, which the parent's half holds too: the merge keeps one each)."""
    return list(_check_here(path, overrides, False, "values").diagnostics)


def _size(path: str | Path) -> int:
    """The size of a spec file in bytes; 0 for stdin or what cannot be read."""
    if str(path) == "-":
        return 0
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


# Below this many bytes of spec a second process costs more than it saves.
PARALLEL_MIN_BYTES = 200_000


class _Helper:
    """Half of the validation passes in a forked child (`forked.Forked`), which loads the
    spec itself and sends back located diagnostics (marshal of plain tuples). Any failure
    in the child makes `join` return None and the parent does that half itself.
    `SPECLOOM_PARALLEL` = "never" / "always" overrides the automatic choice (tests use both).
    """

    def __init__(self, child: Forked) -> None:
        self._child = child

    @classmethod
    def start(cls, work: Callable[[], list[Diagnostic]], size: int) -> _Helper | None:
        """Fork a child that runs `work`; None when running serially is the better choice."""
        if not _parallel_wanted(size):
            return None
        from generator.pipeline.forked import Forked

        child = Forked.start(lambda: marshal.dumps(_encode(work())))
        return cls(child) if child is not None else None

    def abandon(self) -> None:
        """Stop the child and reap it (the parent is failing or being interrupted)."""
        self._child.abandon()

    def join(self) -> list[Diagnostic] | None:
        """The child's diagnostics, or None if it did not deliver them all."""
        data = self._child.join()
        if data is None:
            return None
        try:
            return _decode(marshal.loads(data))
        except (EOFError, ValueError, TypeError):
            return None


def _parallel_wanted(size: int) -> bool:
    choice = os.environ.get("SPECLOOM_PARALLEL", "auto")
    if choice == "never" or not hasattr(os, "fork") or sys.platform != "linux":
        return False
    if _other_threads():
        return False  # forking a process with other threads can copy a lock another holds
    if choice == "always":
        return True
    return size >= PARALLEL_MIN_BYTES and len(os.sched_getaffinity(0)) > 1


def _other_threads() -> bool:
    threading = sys.modules.get("threading")  # not imported: no other Python threads
    return threading is not None and threading.active_count() > 1


def _encode(found: list[Diagnostic]) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for d in found:
        loc = d.location
        where = None if loc is None else (loc.file, loc.pointer, loc.line, loc.col)
        out.append((d.severity.value, d.code, d.message, where))
    return out


def _decode(stored: list[tuple[Any, ...]]) -> list[Diagnostic]:
    from generator.diagnostics import Location

    out = []
    for severity, code, message, where in stored:
        loc = None
        if where is not None:
            file, pointer, line, col = where
            loc = Location(file=file, pointer=pointer, line=line, col=col)
        severity = Severity(severity)
        out.append(Diagnostic(severity=severity, code=code, message=message, location=loc))
    return out


def _sorted(diagnostics: Sequence[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(sorted(set(diagnostics), key=Diagnostic.sort_key))


def has_errors(diagnostics: Sequence[Diagnostic], *, strict: bool) -> bool:
    """Whether findings make the verdict negative (warnings count under --strict, info never)."""
    bad = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(d.severity in bad for d in diagnostics)


def spec_files(folder: Path) -> list[Path]:
    """The spec files of an API folder (one file per version), unordered."""
    return [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SPEC_SUFFIXES]


def ordered_specs(folder: Path, order: Sequence[str] = ()) -> list[Path]:
    """Spec files oldest first, by version label (or by an explicit order of labels)."""
    from generator.versions import sort_labels

    files = {p.stem: p for p in spec_files(folder)}
    if order:
        return [files[label] for label in order if label in files]
    return [files[label] for label in sort_labels(list(files))]


def _release() -> None:
    """Free the previous spec's document before the next is loaded.

    A loaded document and its resolver refer to each other, so only the cyclic collector
    frees them; the command line runs with it off (see cli.main), so between specs it is
    asked once.
    """
    if not gc.isenabled():
        gc.collect()


def _strict(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Under --strict a warning is an error (info stays info: it is advice, not a defect)."""
    return [
        replace(d, severity=Severity.ERROR) if d.severity is Severity.WARNING else d
        for d in diagnostics
    ]


def validate_command(
    specs: Sequence[str],
    *,
    fmt: str,
    strict: bool,
    overrides: Mapping[str, str],
    verbose: bool = False,
) -> tuple[str, int]:
    """`specloom validate`: (output text, exit code)."""
    from generator.reporting import render
    from generator.spec.rules import RULES

    found: list[Diagnostic] = []
    for number, spec in enumerate(specs):
        if number:
            _release()
        found.extend(check_spec(spec, overrides=overrides).diagnostics)
    if strict:
        found = _strict(found)
    code = 1 if has_errors(found, strict=strict) else 0
    return render(fmt, found, len(specs), RULES, verbose=verbose), code


def list_rules(rules: Mapping[str, Rule], fmt: str) -> str:
    """`specloom validate --list-rules`: every rule code, default severity and summary."""
    import json

    rows = [(code, rule.severity, rule.summary) for code, rule in sorted(rules.items())]
    if fmt == "json":
        records = [{"code": c, "severity": s.value, "summary": m} for c, s, m in rows]
        return json.dumps(records, indent=2) + "\n"
    width = max(len(c) for c, _, _ in rows)
    return "".join(f"{c:<{width}}  {s.value:<7}  {m}\n" for c, s, m in rows)


def inspect_command(
    spec: str, *, fmt: str, use_cache: bool, schemas: bool = False
) -> tuple[str, int]:
    """`specloom inspect`: what a spec holds, from its IR (`schemas`: list the named ones)."""
    import json

    from generator.ir.summary import summary
    from generator.reporting import format_inspect, format_text

    try:
        api, found = build_ir(spec, use_cache=use_cache)
    except SpecError as exc:
        from generator.spec.positions import locate

        return format_text(locate(exc.diagnostics, exc.texts), 1), 1
    data = summary(api)
    if schemas:
        named = sorted(api.schemas.items())
        data["named_schemas"] = [{"name": name, "source": ident} for name, ident in named]
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n", 0
    if schemas:
        data["named_schemas"] = dict(named)
    # The notes (info findings) are left out, as text output leaves them out.
    findings = sum(d.severity is not Severity.INFO for d in found)
    return format_inspect(data, findings=findings), 0


def build_command(
    config: object, *, api: str | None, strict: bool, check: bool, verbose: bool = False
) -> tuple[str, int]:
    """`specloom build`: check every configured API's specs, then write (or check) its models
    and the notes of its whole history."""
    from generator.config import Config
    from generator.reporting import format_text

    assert isinstance(config, Config)
    apis = [a for a in config.apis if api is None or a.name == api]
    if not apis:
        wanted = f"no API named {api!r}" if api else "no [[tool.specloom.api]] entries"
        return f"specloom build: {wanted} in pyproject.toml\n", 1
    out: list[str] = []
    failed = False
    for entry in apis:
        specs = ordered_specs(entry.specs, entry.order) if entry.specs.is_dir() else []
        if not specs:
            out.append(f"{entry.name}: no spec files in {entry.specs}\n")
            failed = True
            continue
        out.append(
            f"{entry.name}: {len(specs)} versions in {entry.specs.relative_to(config.root)}\n"
        )
        labels = set(entry.versions) or {specs[-1].stem}  # default: the newest version
        found, built = _check_versions(specs, labels, config.rules, out)
        if strict:
            found = _strict(found)
        bad = has_errors(found, strict=strict)
        out.append(format_text(found, len(specs), verbose=verbose))
        missing = sorted(labels - built.keys())
        if missing:
            out.append(f"{entry.name}: no usable spec for versions {', '.join(missing)}\n")
        if bad or missing:
            failed = True
            continue
        from generator.pipeline.changelog import build_notes
        from generator.pipeline.generate import build_models

        notes, report, notes_ok = build_notes(entry, specs, config=config.changelog, check=check)
        out.append(report)
        # Clients unless the entry asks for models-only projects.
        text, ok = build_models(entry, built, root=config.root, check=check, extra=notes,
                                clients=not entry.models_only)
        out.append(text)
        failed = failed or not ok or not notes_ok
    return "".join(out), 1 if failed else 0



def _check_versions(
    specs: Sequence[Path], labels: set[str], rules: Mapping[str, str], out: list[str]
) -> tuple[list[Diagnostic], dict[str, tuple[Path, Api]]]:
    """Validate every spec of an API (a line each to `out`); keep the IRs of `labels`."""
    found: list[Diagnostic] = []
    built: dict[str, tuple[Path, Api]] = {}
    for path in specs:
        _release()
        checked = check_spec(path, overrides=rules, with_ir=True)
        found.extend(checked.diagnostics)
        out.append(_build_line(path, checked))
        if path.stem in labels and checked.api is not None:
            built[path.stem] = (path, checked.api)
    return found, built


def _build_line(path: Path, checked: Checked) -> str:
    if checked.api is None:
        return f"  {path.name}: not loadable\n"
    ops = len(checked.api.operations)
    schemas = len(checked.api.schemas)
    return f"  {path.name}: {ops} operations, {schemas} schemas, IR built\n"


from generator.pipeline.bundle import bundle_command, bundle_format, bundle_text  # noqa: E402
from generator.pipeline.diff import diff_command  # noqa: E402

if TYPE_CHECKING:  # the generate half, re-exported; imported when first asked for
    from generator.pipeline.generate import (
        Generated,
        default_package,
        generate_command,
        render_project,
        spec_display,
        tree_diff,
    )
_GENERATE = frozenset({"Generated", "default_package", "generate_command", "render_project",
                       "spec_display", "tree_diff"})


def __getattr__(name: str) -> Any:
    """The generate half's names, imported on first use (`changelog` and `validate` need
    none of it)."""
    if name in _GENERATE:
        from generator.pipeline import generate

        return getattr(generate, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Checked",
    "Generated",
    "build_command",
    "build_ir",
    "bundle_command",
    "bundle_format",
    "bundle_text",
    "check_spec",
    "default_package",
    "diff_command",
    "generate_command",
    "inspect_command",
    "render_project",
    "spec_display",
    "tree_diff",
    "validate_command",
]
