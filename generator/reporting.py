"""Diagnostics out: text, JSON, SARIF 2.1.0 and GitHub workflow annotations.

Spec text is hostile. Text output strips ANSI sequences and control characters; GitHub
annotations escape `%`, CR and LF (and `:`/`,` in properties) so a description cannot inject
workflow commands; JSON and SARIF are escaped by the JSON encoder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from generator import __version__
from generator.diagnostics import Diagnostic, Severity

FORMATS = ("text", "json", "sarif", "github")

# CSI/OSC escape sequences, then any remaining C0/C1 control or bidi-override character.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """Make spec text safe for a terminal line: no escapes, no control or bidi characters."""
    text = _ANSI.sub("", text)
    return _CONTROL.sub(
        lambda m: " " if m.group() in "\t\n\r" else f"\\u{ord(m.group()):04x}", text
    )


def summary_line(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """One line with counts: '2 errors, 1 warning in 3 files'."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in diagnostics)
    infos = len(diagnostics) - errors - warnings
    parts = [_plural(errors, "error"), _plural(warnings, "warning")]
    if infos:
        parts.append(_plural(infos, "note"))
    return f"{', '.join(parts)} in {_plural(files, 'file')}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _shown(diagnostics: Sequence[Diagnostic], verbose: bool) -> Sequence[Diagnostic]:
    """What a text or GitHub listing shows: info findings only when verbose."""
    if verbose:
        return diagnostics
    return [d for d in diagnostics if d.severity is not Severity.INFO]


def _hidden_hint(shown: Sequence[Diagnostic], diagnostics: Sequence[Diagnostic]) -> str:
    return " (--verbose shows the notes)" if len(shown) < len(diagnostics) else ""


def format_text(diagnostics: Sequence[Diagnostic], files: int, *, verbose: bool = False) -> str:
    """`file:line:col: severity[code]: message` lines and a summary line.

    Info findings are counted in the summary but listed only when `verbose`.
    """
    lines = []
    shown = _shown(diagnostics, verbose)
    for diag in shown:
        where = clean_text(diag.location.render()) if diag.location else "<input>"
        lines.append(f"{where}: {diag.severity.value}[{diag.code}]: {clean_text(diag.message)}")
    lines.append(summary_line(diagnostics, files) + _hidden_hint(shown, diagnostics))
    return "\n".join(lines) + "\n"


def to_record(diag: Diagnostic) -> dict[str, Any]:
    """The documented JSON form of one diagnostic (see docs/cli.md)."""
    loc = diag.location
    return {
        "file": loc.file if loc else None,
        "line": loc.line if loc else None,
        "col": loc.col if loc else None,
        "pointer": loc.pointer if loc else None,
        "severity": diag.severity.value,
        "code": diag.code,
        "message": diag.message,
    }


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A JSON list of diagnostic records, one per finding."""
    return json.dumps([to_record(d) for d in diagnostics], indent=2, ensure_ascii=False) + "\n"


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def format_sarif(diagnostics: Sequence[Diagnostic], rules: Mapping[str, Any]) -> str:
    """SARIF 2.1.0 with one run, rule metadata for every rule, and one result per finding."""
    codes = sorted(set(rules) | {d.code for d in diagnostics})
    index = {code: i for i, code in enumerate(codes)}
    return (
        json.dumps(
            {
                "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                "version": "2.1.0",
                "runs": [
                    {
                        "tool": {"driver": _sarif_driver(codes, rules)},
                        "results": [_sarif_result(d, index[d.code]) for d in diagnostics],
                    }
                ],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def _sarif_driver(codes: Iterable[str], rules: Mapping[str, Any]) -> dict[str, Any]:
    descriptors = []
    for code in codes:
        rule = rules.get(code)
        text = rule.summary if rule is not None else code
        level = _SARIF_LEVEL[rule.severity] if rule is not None else "error"
        descriptors.append(
            {
                "id": code,
                "name": code,
                "shortDescription": {"text": text},
                "defaultConfiguration": {"level": level},
                "helpUri": f"https://specloom.dev/rules#{code}",
            }
        )
    return {
        "name": "specloom",
        "version": __version__,
        "informationUri": "https://specloom.dev",
        "rules": descriptors,
    }


def _sarif_result(diag: Diagnostic, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": diag.code,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[diag.severity],
        "message": {"text": diag.message},
    }
    loc = diag.location
    if loc is not None:
        physical: dict[str, Any] = {"artifactLocation": {"uri": quote(loc.file.replace("\\", "/"))}}
        if loc.line is not None:
            physical["region"] = {"startLine": loc.line, "startColumn": loc.col or 1}
        location: dict[str, Any] = {"physicalLocation": physical}
        if loc.pointer is not None:
            location["logicalLocations"] = [{"fullyQualifiedName": loc.pointer or "/"}]
        result["locations"] = [location]
    return result


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github(diagnostics: Sequence[Diagnostic], files: int, *, verbose: bool = False) -> str:
    """GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`).

    Info findings become `::notice` commands only when `verbose` (they would clutter a pull
    request); the summary counts them either way.
    """
    lines = []
    shown = _shown(diagnostics, verbose)
    for diag in shown:
        props = []
        loc = diag.location
        if loc is not None:
            props.append(f"file={_escape_property(loc.file)}")
            if loc.line is not None:
                props.append(f"line={loc.line}")
                props.append(f"col={loc.col or 1}")
        props.append(f"title={_escape_property(diag.code)}")
        command = _GITHUB_COMMAND[diag.severity]
        lines.append(f"::{command} {','.join(props)}::{_escape_data(_ANSI.sub('', diag.message))}")
    lines.append(_escape_data(summary_line(diagnostics, files) + _hidden_hint(shown, diagnostics)))
    return "\n".join(lines) + "\n"


def render(
    fmt: str,
    diagnostics: Sequence[Diagnostic],
    files: int,
    rules: Mapping[str, Any],
    *,
    verbose: bool = False,
) -> str:
    """Render diagnostics in one of FORMATS (JSON and SARIF always hold every finding)."""
    if fmt == "json":
        return format_json(diagnostics)
    if fmt == "sarif":
        return format_sarif(diagnostics, rules)
    if fmt == "github":
        return format_github(diagnostics, files, verbose=verbose)
    return format_text(diagnostics, files, verbose=verbose)


def format_inspect(data: Mapping[str, Any], *, findings: int) -> str:
    """Human-readable `specloom inspect`: one `key: value` line per scalar, indented lists."""
    lines: list[str] = []
    _inspect_lines(data, 0, lines)
    if findings:
        lines.append(f"findings: {findings} (run `specloom validate` to see them)")
    return "\n".join(lines) + "\n"


def _inspect_lines(value: Any, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    if isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(item, (Mapping, list)) and item:
                lines.append(f"{pad}{clean_text(str(key))}:")
                _inspect_lines(item, depth + 1, lines)
            else:
                shown = "-" if item in (None, [], {}) else item
                lines.append(f"{pad}{clean_text(str(key))}: {clean_text(str(shown))}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, Mapping):
                lines.append(f"{pad}-")
                _inspect_lines(item, depth + 1, lines)
            else:
                lines.append(f"{pad}- {clean_text(str(item))}")
