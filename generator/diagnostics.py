"""Errors are values: every stage reports `Diagnostic`s and the CLI prints them at the end.

A `Location` names a file and, where known, a JSON pointer into it. Line and column are
filled in only when a diagnostic is about to be printed (`spec.positions.locate`), so the
fast path never pays for a position index.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum


class Severity(str, Enum):
    """How bad a finding is; `ERROR` stops `validate` (exit 1)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Sort key: errors first."""
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    """Where a finding is: a display path, a JSON pointer in that file, and a 1-based line:col."""

    file: str
    pointer: str | None = None
    line: int | None = None
    col: int | None = None

    def with_position(self, line: int, col: int) -> Location:
        """Return a copy with line and column set."""
        return replace(self, line=line, col=col)

    def render(self) -> str:
        """`file:line:col`, or as much of it as is known."""
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.col or 1}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    """One finding: severity, stable rule code, message and location."""

    severity: Severity
    code: str
    message: str
    location: Location | None = None

    def sort_key(self) -> tuple[str, int, int, str, int, str, str]:
        """Deterministic order: by file, position, pointer, severity, code, message."""
        loc = self.location
        if loc is None:
            return ("", 0, 0, "", self.severity.rank, self.code, self.message)
        return (
            loc.file,
            loc.line or 0,
            loc.col or 0,
            loc.pointer or "",
            self.severity.rank,
            self.code,
            self.message,
        )


def error(code: str, message: str, location: Location | None = None) -> Diagnostic:
    """Build an error diagnostic."""
    return Diagnostic(severity=Severity.ERROR, code=code, message=message, location=location)


def warning(code: str, message: str, location: Location | None = None) -> Diagnostic:
    """Build a warning diagnostic."""
    return Diagnostic(severity=Severity.WARNING, code=code, message=message, location=location)


def info(code: str, message: str, location: Location | None = None) -> Diagnostic:
    """Build an info diagnostic (advice: counted, shown in text only with --verbose)."""
    return Diagnostic(severity=Severity.INFO, code=code, message=message, location=location)


class SpecError(Exception):
    """Raised inside `spec/` when input cannot be read at all; carries its diagnostics."""

    def __init__(self, *diagnostics: Diagnostic) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics: tuple[Diagnostic, ...] = diagnostics
        # Source text by display path, when known, so positions can be computed for printing.
        self.texts: dict[str, str] = {}
