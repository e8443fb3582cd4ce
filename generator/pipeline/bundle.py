"""`specloom bundle` composed: load a spec, bundle it (spec.bundle), emit and write it."""

from __future__ import annotations

import gc
from pathlib import Path

from generator.diagnostics import Diagnostic, Severity, SpecError

BUNDLE_FORMATS = ("yaml", "json")


def bundle_format(fmt: str | None, output: str | None) -> str:
    """The bundle's format: `--format`, else the output file's suffix, else YAML."""
    if fmt is not None:
        return fmt
    return "json" if output is not None and output.lower().endswith(".json") else "yaml"


def bundle_text(path: str | Path, *, fmt: str = "yaml") -> str:
    """A spec and every file it references as one document, as YAML or JSON text.

    Raise SpecError, its diagnostics located, when the spec does not load or a `$ref` does
    not resolve: a bundle with a dangling reference would only move the problem.
    """
    from generator.spec.bundle import bundle
    from generator.spec.emit import to_json, to_yaml
    from generator.spec.load import load_spec
    from generator.spec.positions import locate

    paused = gc.isenabled()
    gc.disable()  # as in build_ir: much allocation, few cycles
    try:
        doc = load_spec(path)
        bundled = bundle(doc)
        if not bundled.ok:
            problems = [d for d in doc.diagnostics if d.severity is Severity.ERROR] or [
                d for d in doc.diagnostics if d.code.startswith("ref-")
            ]
            raise SpecError(*sorted(set(locate(problems, doc.texts())), key=Diagnostic.sort_key))
        return to_json(bundled.data) if fmt == "json" else to_yaml(bundled.data)
    finally:
        if paused:
            gc.enable()


def bundle_command(spec: str, *, output: str | None, fmt: str | None) -> tuple[str, str, int]:
    """`specloom bundle`: (standard output, standard error, exit code).

    Without `output` the bundle is the standard output; with it, the file is written
    atomically, so a failed run leaves a previous bundle as it was.
    """
    from generator.reporting import format_text

    try:
        text = bundle_text(spec, fmt=bundle_format(fmt, output))
    except SpecError as exc:
        from generator.spec.positions import locate

        found = locate(exc.diagnostics, exc.texts) if exc.texts else list(exc.diagnostics)
        return "", format_text(found, 1), 1
    if output is None:
        return text, "", 0
    from generator.write import atomic_write_bytes

    try:
        atomic_write_bytes(Path(output), text.encode("utf-8"))
    except OSError as exc:
        return "", f"specloom bundle: cannot write {output}: {exc.strerror or exc}\n", 1
    return "", "", 0
