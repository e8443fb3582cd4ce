"""The rule registry: every diagnostic code specloom emits, with its default severity.

One table, checked as a whole by tests: every code used anywhere under `generator/` is
registered here, and `docs/rules.md` documents exactly these codes. Severities follow one
principle: a violation of the OpenAPI Specification (or of YAML/JSON, or of JSON Schema where
OpenAPI defers to it) is an error; advice is a warning, or info where the document is fine
and only a better form exists (a deprecated keyword). Projects change severities in
`[tool.specloom.rules]`; "off" drops a rule's findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import Enum
from types import MappingProxyType

from generator.diagnostics import Diagnostic, Severity

OFF = "off"


class Category(str, Enum):
    """What a rule looks at."""

    INPUT = "input"  # reading and parsing files
    DOCUMENT = "document"  # the document as a whole: its type, its version
    REFERENCE = "reference"  # $ref resolution
    STRUCTURE = "structure"  # the OpenAPI meta-schema
    SCHEMA = "schema"  # Schema Objects against their JSON Schema dialect
    EXAMPLE = "example"  # defaults and examples against their schemas
    SEMANTIC = "semantic"  # rules the meta-schema cannot express
    ADVICE = "advice"  # legal but probably unintended


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One diagnostic code: default severity, category, a one-line summary.

    `spec_violation` says whether a finding means the document breaks a requirement of the
    OpenAPI Specification (or YAML, JSON, JSON Schema); False marks advice, our own safety
    limits, and environment problems.
    """

    code: str
    severity: Severity
    category: Category
    summary: str
    spec_violation: bool


def _rules(*rows: tuple[str, Severity, Category, bool, str]) -> Mapping[str, Rule]:
    table = {
        code: Rule(code=code, severity=sev, category=cat, summary=text, spec_violation=viol)
        for code, sev, cat, viol, text in rows
    }
    return MappingProxyType(dict(sorted(table.items())))


E, W = Severity.ERROR, Severity.WARNING
C = Category

RULES: Mapping[str, Rule] = _rules(
    ("io-read", E, C.INPUT, False, "a file cannot be read"),
    ("parse-encoding", E, C.INPUT, True, "a file is not valid UTF-8"),
    ("parse-syntax", E, C.INPUT, True, "a file is not valid YAML or JSON"),
    ("parse-duplicate-key", E, C.INPUT, True, "a mapping has the same key twice"),
    ("parse-tag", E, C.INPUT, True,
     "a YAML tag that plain data cannot hold (nothing is constructed)"),
    ("parse-multi-document", E, C.INPUT, True, "a YAML file holds more than one document"),
    ("parse-alias-limit", E, C.INPUT, False, "YAML aliases expand beyond the safety limit"),
    ("parse-depth-limit", E, C.INPUT, False, "nesting deeper than the safety limit"),
    ("parse-size-limit", E, C.INPUT, False, "a file larger than the safety limit"),
    ("limit-exceeded", E, C.INPUT, False,
     "the spec reads more files, bytes or nested files than [tool.specloom.limits] allows"),
    ("config-changelog", E, C.INPUT, False,
     "[tool.specloom.changelog] names an unknown kind, level word or key"),
    ("parse-non-json", E, C.INPUT, True,
     "a value JSON cannot hold (NaN, infinity, a set, a non-string key)"),
    ("parse-empty", E, C.INPUT, True, "a file is empty"),
    ("spec-not-mapping", E, C.DOCUMENT, True, "the document is not a mapping"),
    ("spec-version-missing", E, C.DOCUMENT, True, "the document has no `openapi` version field"),
    ("spec-version-unsupported", E, C.DOCUMENT, False, "a version other than OpenAPI 3.0.x/3.1.x"),
    ("ref-missing", E, C.REFERENCE, True, "a $ref target does not exist"),
    ("ref-cycle", E, C.REFERENCE, True, "$refs that only refer to each other (A -> B -> A)"),
    ("ref-outside-root", E, C.REFERENCE, False, "a $ref leaves the spec's folder tree (not read)"),
    ("ref-remote", E, C.REFERENCE, False, "a $ref to an http(s) URL (never fetched)"),
    ("ref-unreadable", E, C.REFERENCE, True, "a file named by a $ref cannot be read or parsed"),
    ("ref-invalid", E, C.REFERENCE, True, "a malformed $ref (not a string, bad pointer syntax)"),
    ("ref-extension-unresolved", W, C.REFERENCE, False,
     "an unresolvable $ref inside an x- extension"),
    ("ref-nonstandard", W, C.REFERENCE, True,
     "a $ref where OpenAPI allows none (an operation, a string, a whole map), resolved"),
    ("oas30-idiom", W, C.SCHEMA, False,
     "a 3.0 idiom in a 3.1 file (nullable, boolean exclusiveMinimum/Maximum)"),
    ("schema-example-deprecated", Severity.INFO, C.ADVICE, False,
     "a schema `example` in a 3.1 file (deprecated in favour of `examples`)"),
    ("oas-structure", E, C.STRUCTURE, True,
     "the document does not have the structure OpenAPI requires"),
    ("schema-dialect", E, C.SCHEMA, True, "a Schema Object violates its JSON Schema dialect"),
    ("schema-required-undefined", W, C.ADVICE, False,
     "`required` names a property no subschema declares"),
    ("default-invalid", E, C.EXAMPLE, True, "a default value does not match its schema"),
    ("example-invalid", W, C.EXAMPLE, False, "an example does not match its schema"),
    ("operation-id-duplicate", E, C.SEMANTIC, True, "two operations share an operationId"),
    ("path-param-undeclared", E, C.SEMANTIC, True, "a {template} in a path has no path parameter"),
    ("path-param-unused", E, C.SEMANTIC, True, "a path parameter is not in the path template"),
    ("parameter-duplicate", E, C.SEMANTIC, True, "the same (name, in) parameter twice in one list"),
    ("responses-no-status", E, C.SEMANTIC, True, "an operation without a response status code"),
    ("path-leading-slash", E, C.SEMANTIC, True, "a path that does not begin with /"),
    ("path-ambiguous", E, C.SEMANTIC, True, "paths equal up to template names (/a/{x}, /a/{y})"),
    ("security-scheme-undefined", E, C.SEMANTIC, True,
     "a security requirement names an undefined scheme"),
    ("server-variable-undefined", E, C.SEMANTIC, True,
     "a {variable} in a server URL is not defined"),
    ("discriminator-mapping-missing", E, C.SEMANTIC, True,
     "a discriminator mapping names a missing schema"),
    ("component-unused", W, C.ADVICE, False, "a component nothing refers to"),
)

SEVERITY_WORDS: Mapping[str, Severity | None] = MappingProxyType(
    {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, OFF: None}
)


def unknown_overrides(overrides: Mapping[str, str]) -> list[str]:
    """Problems with a `[tool.specloom.rules]` table: unknown codes or severity words."""
    problems = [f"unknown rule code {code!r}" for code in overrides if code not in RULES]
    words = ", ".join(SEVERITY_WORDS)
    problems += [
        f"rule {code!r}: severity must be one of {words}, not {level!r}"
        for code, level in overrides.items()
        if level not in SEVERITY_WORDS
    ]
    return problems


def apply_overrides(
    diagnostics: Iterable[Diagnostic], overrides: Mapping[str, str]
) -> tuple[Diagnostic, ...]:
    """Re-level findings by code ("off" drops them); unknown codes and words are ignored."""
    levels = {code: SEVERITY_WORDS[w] for code, w in overrides.items() if w in SEVERITY_WORDS}
    out: list[Diagnostic] = []
    for diag in diagnostics:
        if diag.code not in levels:
            out.append(diag)
            continue
        level = levels[diag.code]
        if level is not None:
            out.append(diag if diag.severity is level else replace(diag, severity=level))
    return tuple(out)
