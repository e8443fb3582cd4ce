"""Pointer -> line:col, built only for files that have something to report. (Stub.)"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from generator.diagnostics import Diagnostic


def build_index(text: str) -> Mapping[str, tuple[int, int]]:
    """Map every JSON pointer in a YAML/JSON text to its 1-based (line, col)."""
    return {}


def locate(diagnostics: Iterable[Diagnostic], texts: Mapping[str, str]) -> list[Diagnostic]:
    """Fill in line:col for diagnostics with a pointer, using one index per file (display path)."""
    return list(diagnostics)
