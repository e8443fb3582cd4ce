"""The rule registry as a whole: complete, documented, and the only source of codes."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, Location, Severity, error, warning
from generator.spec.rules import RULES, Category, Rule, apply_overrides, unknown_overrides

REPO = Path(__file__).resolve().parents[3]
SOURCE = REPO / "generator"
DOCS = REPO / "docs" / "rules.md"

# The stable code list every part of specloom was built against.
AGREED = {
    "io-read", "parse-encoding", "parse-syntax", "parse-duplicate-key", "parse-tag",
    "parse-multi-document", "parse-alias-limit", "parse-depth-limit", "parse-size-limit",
    "parse-non-json", "parse-empty", "spec-not-mapping", "spec-version-missing",
    "spec-version-unsupported", "ref-missing", "ref-cycle", "ref-outside-root", "ref-remote",
    "ref-unreadable", "ref-invalid", "ref-extension-unresolved", "ref-nonstandard",
    "oas30-idiom", "oas-structure", "schema-dialect", "default-invalid", "example-invalid",
    "operation-id-duplicate", "path-param-undeclared", "path-param-unused", "parameter-duplicate",
    "responses-no-status", "path-leading-slash", "path-ambiguous", "security-scheme-undefined",
    "server-variable-undefined", "discriminator-mapping-missing", "component-unused",
}
WARNINGS = {"ref-extension-unresolved", "ref-nonstandard", "oas30-idiom",
            "example-invalid", "component-unused", "schema-required-undefined"}
INFOS = {"schema-example-deprecated"}

# Calls that make a diagnostic from a literal code.
_CALLS = re.compile(
    r"""\b(?:error|warning|info|finding|_fail)\(\s*(?:doc,\s*)?"([^"]+)"|\bcode\s*=\s*"([^"]+)\"""")
# Any literal that looks like one of our codes, wherever it is passed from.
_LITERALS = re.compile(
    r'"((?:io|parse|spec|ref|oas|oas30|schema|default|example|operation|path|parameter|'
    r'responses|security|server|discriminator|component)-[a-z0-9-]+)"'
)


def _sources() -> dict[Path, str]:
    # The diff's enum values (`server-variable`) are record fields, and the changelog's kind
    # ids (`discriminator-mapping-added`) are change kinds: neither is a diagnostic code. The
    # changelog's settings module is where it emits its one code (`config-changelog`).
    paths = [
        p for p in sorted(SOURCE.rglob("*.py"))
        if "diff" not in (parts := p.relative_to(SOURCE).parts)
        and ("changelog" not in parts or p.name == "settings.py")
    ]
    return {p: p.read_text(encoding="utf-8") for p in paths}


def test_every_agreed_code_is_registered() -> None:
    assert set(RULES) >= AGREED


def test_registry_entries_are_consistent() -> None:
    for code, rule in RULES.items():
        assert isinstance(rule, Rule) and rule.code == code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", code)
        assert isinstance(rule.category, Category)
        assert rule.summary and len(rule.summary) < 90
        expected = (
            Severity.WARNING if code in WARNINGS else Severity.INFO if code in INFOS
            else Severity.ERROR
        )
        assert rule.severity is expected, code


def test_info_is_never_a_spec_violation() -> None:
    # Info is advice about a valid document (a deprecated keyword), never a defect.
    for rule in RULES.values():
        if rule.severity is Severity.INFO:
            assert not rule.spec_violation and rule.category is Category.ADVICE, rule.code


def test_rules_are_frozen_and_the_table_read_only() -> None:
    rule = RULES["oas-structure"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.severity = Severity.WARNING  # type: ignore[misc]
    with pytest.raises(TypeError):
        RULES["new"] = rule  # type: ignore[index]


def test_advice_is_never_a_spec_violation_error() -> None:
    # Every warning by default is advice or a tolerated, repaired problem; errors that are
    # not spec violations are our own safety limits and environment problems.
    for rule in RULES.values():
        if not rule.spec_violation and rule.severity is Severity.ERROR:
            assert rule.category in (Category.INPUT, Category.DOCUMENT, Category.REFERENCE)


def test_every_code_used_in_the_source_is_registered() -> None:
    used: dict[str, str] = {}
    for path, text in _sources().items():
        for match in _CALLS.finditer(text):
            used[match.group(1) or match.group(2)] = str(path.relative_to(REPO))
        for match in _LITERALS.finditer(text):
            used[match.group(1)] = str(path.relative_to(REPO))
    unknown = {code: where for code, where in used.items() if code not in RULES}
    assert not unknown, f"codes used but not in generator/spec/rules.py: {unknown}"


def test_every_registered_code_is_emitted_somewhere() -> None:
    text = "\n".join(t for p, t in _sources().items() if p.name != "rules.py")
    unused = [code for code in RULES if f'"{code}"' not in text]
    assert not unused, f"registered but never emitted: {unused}"


def test_docs_list_exactly_the_registry() -> None:
    text = DOCS.read_text(encoding="utf-8")
    documented = re.findall(r"^### `([^`]+)`", text, flags=re.M)
    assert len(documented) == len(set(documented)), "a rule documented twice"
    assert set(documented) == set(RULES)
    for code, rule in RULES.items():
        section = text.split(f"### `{code}`", 1)[1].split("\n### ", 1)[0]
        assert f"Default severity: **{rule.severity.value}**" in section, code
        for part in ("What:", "Why:", "Example:"):
            assert part in section, (code, part)


# -- overrides ------------------------------------------------------------------------------
def _diag(code: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    make = error if severity is Severity.ERROR else warning
    return make(code, f"{code} happened", Location(file="a.yaml", pointer="/x"))


def test_apply_overrides_relevels_drops_and_keeps_order() -> None:
    found = [_diag("component-unused", Severity.WARNING), _diag("path-ambiguous"),
             _diag("oas-structure")]
    out = apply_overrides(found, {"component-unused": "error", "path-ambiguous": "off",
                                  "oas-structure": "error"})
    assert [(d.code, d.severity) for d in out] == [
        ("component-unused", Severity.ERROR), ("oas-structure", Severity.ERROR)]
    assert out[1] is found[2]  # unchanged findings are the same objects
    assert apply_overrides(found, {}) == tuple(found)


def test_apply_overrides_ignores_what_it_cannot_apply() -> None:
    found = [_diag("oas-structure")]
    assert apply_overrides(found, {"no-such-rule": "off", "oas-structure": "loud"}) == (found[0],)


def test_unknown_overrides_are_named() -> None:
    assert unknown_overrides({"component-unused": "off", "oas-structure": "info"}) == []
    problems = unknown_overrides({"no-such-rule": "off", "oas-structure": "loud"})
    assert problems == [
        "unknown rule code 'no-such-rule'",
        "rule 'oas-structure': severity must be one of error, warning, info, off, not 'loud'",
    ]
