"""What every validation pass shares: a finding, a place in the spec, making a diagnostic."""

from __future__ import annotations

from dataclasses import dataclass

from generator.diagnostics import Diagnostic
from generator.spec.document import SpecDocument
from generator.spec.rules import RULES


@dataclass(frozen=True, slots=True)
class At:
    """A node of the spec: file key ("" = the root file) and JSON pointer."""

    key: str
    pointer: str

    def child(self, *tokens: str | int) -> At:
        """The place of a descendant."""
        if len(tokens) == 1:
            return At(self.key, f"{self.pointer}/{_token(tokens[0])}")
        return At(self.key, self.pointer + "".join("/" + _token(t) for t in tokens))


def tokens(pointer: str) -> list[str]:
    """The unescaped tokens of a JSON pointer ("" -> [])."""
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") if "~" in t else t
            for t in pointer[1:].split("/")]


def _token(token: str | int) -> str:
    if not isinstance(token, str):
        return str(token)
    if "~" in token or "/" in token:
        return token.replace("~", "~0").replace("/", "~1")
    return token


@dataclass(frozen=True, slots=True)
class Finding:
    """A diagnostic, plus the JSON Schema keyword behind it for schema-based checks.

    The keyword is what comparisons with openapi-spec-validator match on, (pointer, keyword);
    it is not printed.
    """

    diagnostic: Diagnostic
    keyword: str | None = None


def finding(
    doc: SpecDocument, code: str, at: At, message: str, keyword: str | None = None
) -> Finding:
    """A finding of rule `code` (at its registered default severity) located at `at`."""
    diag = Diagnostic(
        severity=RULES[code].severity,
        code=code,
        message=message,
        location=doc.location(at.key, at.pointer),
    )
    return Finding(diag, keyword)
