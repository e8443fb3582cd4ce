"""Read a spec's root file and, on demand, the files it references. (Minimal version.)"""

from __future__ import annotations

import hashlib
import posixpath
import sys
from pathlib import Path

from generator.diagnostics import Location, SpecError, error
from generator.spec.document import Dialect, FileKind, SpecDocument, SpecFile
from generator.spec.parse import decode, parse_text


def _kind(name: str) -> FileKind:
    return "json" if name.lower().endswith(".json") else "yaml"


def read_spec_file(path: Path | None, display: str, key: str) -> SpecFile:
    """Read and parse one file (None = stdin); raise SpecError on failure."""
    if path is None:
        raw = sys.stdin.buffer.read()
    else:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            loc = Location(file=display)
            raise SpecError(error("io-read", f"cannot read file: {exc.strerror}", loc)) from None
    text = decode(raw, display)
    data = parse_text(text, display)
    return SpecFile(
        key=key,
        display=display,
        path=path.resolve() if path else None,
        data=data,
        text=text,
        digest=hashlib.sha256(raw).hexdigest(),
        kind=_kind(display),
    )


def load_spec(path: str | Path) -> SpecDocument:
    """Load a spec's root file ("-" reads stdin); raise SpecError when it cannot be used."""
    is_stdin = str(path) == "-"
    display = "<stdin>" if is_stdin else str(path)
    root = read_spec_file(None if is_stdin else Path(path), display, "")
    data = root.data
    if not isinstance(data, dict):
        raise SpecError(error("spec-not-mapping", "spec is not a mapping", Location(file=display)))
    openapi = str(data.get("openapi", ""))
    dialect: Dialect = "3.1" if openapi.startswith("3.1") else "3.0"
    return SpecDocument(root, openapi=openapi, dialect=dialect)


def load_referenced(doc: SpecDocument, ref_path: str, *, base: str, at: str) -> SpecFile | None:
    """Read the file a $ref names, relative to the file `base`; None (reported) on failure."""
    key = posixpath.normpath(posixpath.join(posixpath.dirname(base), ref_path))
    if key in doc.files:
        return doc.files[key]
    root_dir = doc.root.path.parent if doc.root.path else Path.cwd()
    display_dir = posixpath.dirname(doc.root.display) if doc.root.path else ""
    try:
        spec_file = read_spec_file(root_dir / key, posixpath.join(display_dir, key), key)
    except SpecError as exc:
        for diag in exc.diagnostics:
            doc.report(diag)
        return None
    doc.files[key] = spec_file
    return spec_file
