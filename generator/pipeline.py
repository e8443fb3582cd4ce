"""The only module (with cli.py) that composes stages: read -> validate -> IR."""

from __future__ import annotations

import gc
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Diagnostic, Severity, SpecError

if TYPE_CHECKING:  # the IR is imported only by the commands that build one
    from generator.ir.model import Api
    from generator.spec.rules import Rule

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
    found = validate(doc, overrides=overrides)
    return Checked(path=str(path), diagnostics=_sorted(locate(found, doc.texts())), api=api)


def _sorted(diagnostics: Sequence[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(sorted(set(diagnostics), key=Diagnostic.sort_key))


def has_errors(diagnostics: Sequence[Diagnostic], *, strict: bool) -> bool:
    """Whether findings make the verdict negative (warnings count under --strict)."""
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


def _strict(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Under --strict a warning is an error."""
    from dataclasses import replace

    return [
        replace(d, severity=Severity.ERROR) if d.severity is Severity.WARNING else d
        for d in diagnostics
    ]


def validate_command(
    specs: Sequence[str], *, fmt: str, strict: bool, overrides: Mapping[str, str]
) -> tuple[str, int]:
    """`specloom validate`: (output text, exit code)."""
    from generator.reporting import render
    from generator.spec.rules import RULES

    found: list[Diagnostic] = []
    for spec in specs:
        found.extend(check_spec(spec, overrides=overrides).diagnostics)
    if strict:
        found = _strict(found)
    code = 1 if has_errors(found, strict=strict) else 0
    return render(fmt, found, len(specs), RULES), code


def list_rules(rules: Mapping[str, Rule], fmt: str) -> str:
    """`specloom validate --list-rules`: every rule code, default severity and summary."""
    import json

    rows = [(code, rule.severity, rule.summary) for code, rule in sorted(rules.items())]
    if fmt == "json":
        records = [{"code": c, "severity": s.value, "summary": m} for c, s, m in rows]
        return json.dumps(records, indent=2) + "\n"
    width = max(len(c) for c, _, _ in rows)
    return "".join(f"{c:<{width}}  {s.value:<7}  {m}\n" for c, s, m in rows)


def inspect_command(spec: str, *, fmt: str, use_cache: bool) -> tuple[str, int]:
    """`specloom inspect`: what a spec holds, from its IR."""
    import json

    from generator.ir.summary import summary
    from generator.reporting import format_inspect, format_text

    try:
        api, found = build_ir(spec, use_cache=use_cache)
    except SpecError as exc:
        from generator.spec.positions import locate

        return format_text(locate(exc.diagnostics, exc.texts), 1), 1
    data = summary(api)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n", 0
    return format_inspect(data, findings=len(found)), 0


def build_command(config: object, *, api: str | None, strict: bool, check: bool) -> tuple[str, int]:
    """`specloom build`: check every configured API's specs and build their IRs."""
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
        found: list[Diagnostic] = []
        for path in specs:
            checked = check_spec(path, overrides=config.rules, with_ir=True)
            found.extend(checked.diagnostics)
            out.append(_build_line(path, checked))
        if strict:
            found = _strict(found)
        failed = failed or has_errors(found, strict=strict)
        out.append(format_text(found, len(specs)))
    out.append(
        "generation is not implemented yet: specs were validated and their IRs built; "
        "nothing was written to generated/\n"
    )
    return "".join(out), 1 if failed else 0


def _build_line(path: Path, checked: Checked) -> str:
    if checked.api is None:
        return f"  {path.name}: not loadable\n"
    ops = len(checked.api.operations)
    schemas = len(checked.api.schemas)
    return f"  {path.name}: {ops} operations, {schemas} schemas, IR built\n"
