"""Reporters: text, JSON, SARIF and GitHub annotations, with hostile spec text."""

from __future__ import annotations

import json

from generator.diagnostics import Diagnostic, Location, Severity
from generator.reporting import clean_text, format_github, format_json, format_sarif, format_text

HOSTILE = "bad\x1b[31mred\x1b[0m\nline2\r::error file=x::pwned 50%\x07\u202eevil"


def _diag(message: str = HOSTILE, file: str = "a,b:c.yaml") -> Diagnostic:
    loc = Location(file=file, pointer="/paths/~1x", line=3, col=7)
    return Diagnostic(
        severity=Severity.ERROR, code="path-leading-slash", message=message, location=loc
    )


def test_text_has_location_code_and_summary() -> None:
    out = format_text([_diag("plain")], 1)
    assert out.splitlines() == [
        "a,b:c.yaml:3:7: error[path-leading-slash]: plain",
        "1 error, 0 warnings in 1 file",
    ]


def test_text_strips_ansi_and_controls() -> None:
    out = format_text([_diag()], 1)
    first = out.splitlines()[0]
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert len(out.splitlines()) == 2  # the message's CR/LF did not start new lines
    assert "redline2" not in first and "red line2" in first
    assert "\\u202e" in first


def test_clean_text_keeps_ordinary_unicode() -> None:
    assert clean_text("Azure® – ok") == "Azure® – ok"


def test_github_escapes_data_and_properties() -> None:
    line = format_github([_diag()], 1).splitlines()[0]
    assert line.startswith("::error file=a%2Cb%3Ac.yaml,line=3,col=7,title=path-leading-slash::")
    message = line.split("::", 2)[2]
    assert "\n" not in message and "\r" not in message
    assert "%0A" in message and "%0D" in message and "50%25" in message
    assert "\x1b" not in message


def test_github_warning_and_notice_commands() -> None:
    warn = Diagnostic(severity=Severity.WARNING, code="component-unused", message="m")
    note = Diagnostic(severity=Severity.INFO, code="x", message="m")
    lines = format_github([warn, note], 1, verbose=True).splitlines()
    assert lines[0] == "::warning title=component-unused::m"
    assert lines[1].startswith("::notice ")
    assert lines[2] == "0 errors, 1 warning, 1 note in 1 file"


def test_github_leaves_notices_out_unless_verbose() -> None:
    warn = Diagnostic(severity=Severity.WARNING, code="component-unused", message="m")
    note = Diagnostic(severity=Severity.INFO, code="x", message="m")
    assert format_github([warn, note], 1).splitlines() == [
        "::warning title=component-unused::m",
        "0 errors, 1 warning, 1 note in 1 file (--verbose shows the notes)",
    ]


def test_text_counts_notes_but_lists_them_only_when_verbose() -> None:
    note = Diagnostic(
        severity=Severity.INFO, code="x", message="advice", location=Location(file="a.yaml")
    )
    assert format_text([_diag("plain"), note], 1).splitlines() == [
        "a,b:c.yaml:3:7: error[path-leading-slash]: plain",
        "1 error, 0 warnings, 1 note in 1 file (--verbose shows the notes)",
    ]
    assert format_text([_diag("plain"), note], 1, verbose=True).splitlines() == [
        "a,b:c.yaml:3:7: error[path-leading-slash]: plain",
        "a.yaml: info[x]: advice",
        "1 error, 0 warnings, 1 note in 1 file",
    ]


def test_json_is_a_list_of_records_and_round_trips_hostile_text() -> None:
    records = json.loads(format_json([_diag()]))
    assert records == [
        {
            "file": "a,b:c.yaml",
            "line": 3,
            "col": 7,
            "pointer": "/paths/~1x",
            "severity": "error",
            "code": "path-leading-slash",
            "message": HOSTILE,
        }
    ]


class _Rule:
    def __init__(self, severity: Severity, summary: str) -> None:
        self.severity = severity
        self.summary = summary


def test_sarif_shape_and_rule_metadata() -> None:
    rules = {
        "path-leading-slash": _Rule(Severity.ERROR, "Paths start with '/'"),
        "component-unused": _Rule(Severity.WARNING, "Unused component"),
    }
    log = json.loads(format_sarif([_diag()], rules))
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ids == ["component-unused", "path-leading-slash"]
    assert run["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] == "warning"
    (result,) = run["results"]
    assert result["ruleId"] == "path-leading-slash" and result["ruleIndex"] == 1
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 7}
    assert result["message"]["text"] == HOSTILE
