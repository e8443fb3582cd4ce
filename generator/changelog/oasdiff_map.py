"""oasdiff coverage: every check id of oasdiff v1.28.0 (the reference study's section 2)
with the specloom kind that reports the same change, or why none applies.

Ids that are specloom kind ids too, with the same meaning, are in `SAME`; the ids about
JSON Schema keywords specloom keeps unmodelled (`contains`, `if`, `dependentRequired`, ...)
are in `KEYWORDS` (each is the family's keyword-added/removed/changed kind); the others are
in `OTHER` as id -> (kind or "", note). A test checks the table against the registry and the
reference; `docs/changelog-kinds.md` renders it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

SAME: tuple[str, ...] = (
    "api-global-security-added", "api-global-security-removed", "api-operation-id-added",
    "api-operation-id-removed", "api-schema-removed", "api-security-added",
    "api-security-component-added", "api-security-component-oauth-url-changed",
    "api-security-component-removed", "api-security-component-type-changed",
    "api-security-removed", "api-tag-added", "api-tag-removed", "endpoint-added",
    "endpoint-deprecated", "endpoint-reactivated", "new-optional-request-parameter",
    "new-required-request-parameter", "optional-response-header-removed",
    "request-body-added-optional", "request-body-added-required", "request-body-all-of-added",
    "request-body-all-of-removed", "request-body-any-of-added", "request-body-any-of-removed",
    "request-body-became-enum", "request-body-became-not-nullable", "request-body-became-nullable",
    "request-body-became-optional", "request-body-became-required", "request-body-const-added",
    "request-body-const-changed", "request-body-const-removed", "request-body-default-value-added",
    "request-body-default-value-changed", "request-body-default-value-removed",
    "request-body-discriminator-added", "request-body-discriminator-mapping-added",
    "request-body-discriminator-mapping-changed", "request-body-discriminator-mapping-deleted",
    "request-body-discriminator-property-name-changed", "request-body-discriminator-removed",
    "request-body-enum-value-removed", "request-body-exclusive-max-decreased",
    "request-body-exclusive-max-increased", "request-body-exclusive-max-set",
    "request-body-exclusive-min-decreased", "request-body-exclusive-min-increased",
    "request-body-exclusive-min-set", "request-body-list-of-types-narrowed",
    "request-body-list-of-types-widened", "request-body-max-decreased",
    "request-body-max-increased", "request-body-max-length-decreased",
    "request-body-max-length-increased", "request-body-max-length-set", "request-body-max-set",
    "request-body-media-type-added", "request-body-media-type-removed",
    "request-body-media-type-schema-added", "request-body-media-type-schema-removed",
    "request-body-min-decreased", "request-body-min-increased", "request-body-min-items-increased",
    "request-body-min-items-set", "request-body-min-length-decreased",
    "request-body-min-length-increased", "request-body-min-set", "request-body-one-of-added",
    "request-body-one-of-removed", "request-body-prefix-items-added",
    "request-body-prefix-items-removed", "request-body-type-changed",
    "request-body-type-generalized", "request-parameter-became-enum",
    "request-parameter-became-not-nullable", "request-parameter-became-nullable",
    "request-parameter-became-optional", "request-parameter-became-required",
    "request-parameter-default-value-added", "request-parameter-default-value-changed",
    "request-parameter-default-value-removed", "request-parameter-deprecated",
    "request-parameter-enum-value-added", "request-parameter-enum-value-removed",
    "request-parameter-exclusive-max-decreased", "request-parameter-exclusive-max-increased",
    "request-parameter-exclusive-max-set", "request-parameter-exclusive-min-decreased",
    "request-parameter-exclusive-min-increased", "request-parameter-exclusive-min-set",
    "request-parameter-list-of-types-narrowed", "request-parameter-list-of-types-widened",
    "request-parameter-max-decreased", "request-parameter-max-increased",
    "request-parameter-max-items-decreased", "request-parameter-max-items-increased",
    "request-parameter-max-length-decreased", "request-parameter-max-length-increased",
    "request-parameter-max-length-set", "request-parameter-max-set",
    "request-parameter-min-decreased", "request-parameter-min-increased",
    "request-parameter-min-items-decreased", "request-parameter-min-items-increased",
    "request-parameter-min-items-set", "request-parameter-min-length-decreased",
    "request-parameter-min-length-increased", "request-parameter-min-set",
    "request-parameter-pattern-added", "request-parameter-pattern-changed",
    "request-parameter-pattern-removed", "request-parameter-reactivated",
    "request-parameter-type-changed", "request-parameter-type-generalized",
    "request-property-all-of-added", "request-property-all-of-removed",
    "request-property-any-of-added", "request-property-any-of-removed",
    "request-property-became-enum", "request-property-became-not-nullable",
    "request-property-became-nullable", "request-property-became-optional",
    "request-property-became-required", "request-property-const-added",
    "request-property-const-changed", "request-property-const-removed",
    "request-property-default-value-added", "request-property-default-value-changed",
    "request-property-default-value-removed", "request-property-deprecated",
    "request-property-discriminator-added", "request-property-discriminator-mapping-added",
    "request-property-discriminator-mapping-changed",
    "request-property-discriminator-mapping-deleted",
    "request-property-discriminator-property-name-changed",
    "request-property-discriminator-removed", "request-property-enum-value-added",
    "request-property-enum-value-removed", "request-property-exclusive-max-decreased",
    "request-property-exclusive-max-increased", "request-property-exclusive-max-set",
    "request-property-exclusive-min-decreased", "request-property-exclusive-min-increased",
    "request-property-exclusive-min-set", "request-property-list-of-types-narrowed",
    "request-property-list-of-types-widened", "request-property-max-decreased",
    "request-property-max-increased", "request-property-max-length-decreased",
    "request-property-max-length-increased", "request-property-max-length-set",
    "request-property-max-set", "request-property-min-decreased", "request-property-min-increased",
    "request-property-min-items-increased", "request-property-min-items-set",
    "request-property-min-length-decreased", "request-property-min-length-increased",
    "request-property-min-set", "request-property-one-of-added", "request-property-one-of-removed",
    "request-property-pattern-added", "request-property-pattern-changed",
    "request-property-pattern-removed", "request-property-prefix-items-added",
    "request-property-prefix-items-removed", "request-property-reactivated",
    "request-property-type-changed", "request-property-type-generalized",
    "required-response-header-removed", "response-body-all-of-added",
    "response-body-all-of-removed", "response-body-any-of-added", "response-body-any-of-removed",
    "response-body-became-not-nullable", "response-body-became-nullable",
    "response-body-const-added", "response-body-const-changed", "response-body-const-removed",
    "response-body-default-value-added", "response-body-default-value-changed",
    "response-body-default-value-removed", "response-body-discriminator-added",
    "response-body-discriminator-mapping-added", "response-body-discriminator-mapping-changed",
    "response-body-discriminator-mapping-deleted",
    "response-body-discriminator-property-name-changed", "response-body-discriminator-removed",
    "response-body-exclusive-max-increased", "response-body-exclusive-min-decreased",
    "response-body-list-of-types-narrowed", "response-body-list-of-types-widened",
    "response-body-max-increased", "response-body-max-length-increased",
    "response-body-max-length-unset", "response-body-min-decreased",
    "response-body-min-items-decreased", "response-body-min-items-unset",
    "response-body-min-length-decreased", "response-body-one-of-added",
    "response-body-one-of-removed", "response-body-prefix-items-added",
    "response-body-prefix-items-removed", "response-body-type-changed",
    "response-body-type-generalized", "response-body-type-specialized", "response-header-added",
    "response-header-became-not-nullable", "response-header-became-nullable",
    "response-header-became-optional", "response-header-type-changed",
    "response-header-type-generalized", "response-header-type-specialized",
    "response-media-type-added", "response-media-type-removed",
    "response-non-success-status-added", "response-non-success-status-removed",
    "response-property-all-of-added", "response-property-all-of-removed",
    "response-property-any-of-added", "response-property-any-of-removed",
    "response-property-became-not-nullable", "response-property-became-nullable",
    "response-property-became-optional", "response-property-became-required",
    "response-property-const-added", "response-property-const-changed",
    "response-property-const-removed", "response-property-default-value-added",
    "response-property-default-value-changed", "response-property-default-value-removed",
    "response-property-deprecated", "response-property-discriminator-added",
    "response-property-discriminator-mapping-added",
    "response-property-discriminator-mapping-changed",
    "response-property-discriminator-mapping-deleted",
    "response-property-discriminator-property-name-changed",
    "response-property-discriminator-removed", "response-property-enum-value-added",
    "response-property-enum-value-removed", "response-property-exclusive-max-increased",
    "response-property-exclusive-min-decreased", "response-property-list-of-types-narrowed",
    "response-property-list-of-types-widened", "response-property-max-increased",
    "response-property-max-length-increased", "response-property-max-length-unset",
    "response-property-min-decreased", "response-property-min-items-decreased",
    "response-property-min-items-unset", "response-property-min-length-decreased",
    "response-property-one-of-added", "response-property-one-of-removed",
    "response-property-pattern-added", "response-property-pattern-changed",
    "response-property-pattern-removed", "response-property-prefix-items-added",
    "response-property-prefix-items-removed", "response-property-reactivated",
    "response-property-type-changed", "response-property-type-generalized",
    "response-property-type-specialized", "response-success-status-added",
    "response-success-status-removed", "webhook-added", "webhook-removed",
)

# `<family>-<keyword>-<change>` for these keyword changes, in the four body/property families
_KEYWORD_CHANGES: tuple[str, ...] = (
    "contains-added", "contains-removed", "content-schema-added", "content-schema-removed",
    "dependent-required-added", "dependent-required-changed", "dependent-required-removed",
    "dependent-schema-added", "dependent-schema-removed", "else-added", "else-removed", "if-added",
    "if-removed", "max-contains-decreased", "max-contains-increased", "min-contains-decreased",
    "min-contains-increased", "pattern-property-added", "pattern-property-removed",
    "property-names-added", "property-names-removed", "then-added", "then-removed",
    "unevaluated-items-added", "unevaluated-items-removed", "unevaluated-properties-added",
    "unevaluated-properties-removed",
)
_KEYWORD_NOTE = "an unmodelled JSON Schema keyword, compared as a whole"


def _keyword_kind(family: str, change: str) -> str:
    action = change.rpartition("-")[2]
    return f"{family}-keyword-{action if action in ('added', 'removed') else 'changed'}"


KEYWORDS: dict[str, tuple[str, str]] = {
    f"{family}-{change}": (_keyword_kind(family, change), _KEYWORD_NOTE)
    for family in ("request-body", "request-property", "response-body", "response-property")
    for change in _KEYWORD_CHANGES
}

_NOTE_0 = (
    "x-sunset dates and x-stability-level are oasdiff's own extension policies; specloom "
    "reports a change of any x- extension as api-extension-changed and judges no dates"
)
_NOTE_1 = (
    "a policy on info.version bumps, not a change between versions; specloom reports changes, "
    "and the gate is --fail-on"
)
_NOTE_2 = (
    "reported per operation of the path"
)
_NOTE_3 = (
    "a header parameter's object schema: its properties are request-property kinds"
)
_NOTE_4 = (
    "a default does not make a new required property optional for callers"
)
_NOTE_5 = (
    "allOf is compared flat (its parts merged), so a part holding only annotations changes "
    "nothing and is not reported; annotation changes are docs-schema-changed"
)
_NOTE_6 = (
    "contentEncoding/contentMediaType are read as format byte/binary"
)
_NOTE_7 = (
    "specloom tells a removed required body from an optional one"
)
_NOTE_8 = (
    "integer and number: specloom reports type-generalized (integer -> number) or type- "
    "specialized (number -> integer); there is no third judgement"
)
_NOTE_9 = (
    "the old schema is compared with its like member of the new oneOf/anyOf; the other "
    "members are reported as added"
)
_NOTE_10 = (
    "specloom does not split this by whether the property is required"
)
_NOTE_11 = (
    "whether one pattern accepts more than another is not decided"
)
_NOTE_12 = (
    "a parameter's schema, at any depth"
)
_NOTE_13 = (
    "specloom tells a removed required parameter (request-parameter-removed-required) from an "
    "optional one"
)
_NOTE_14 = (
    "x-extensible-enum is a Zalando extension specloom does not interpret; its change is api- "
    "extension-changed"
)
_NOTE_15 = (
    "specloom tells a removed required property (request-property-removed-required) from an "
    "optional one"
)
_NOTE_16 = (
    "reported for read-only request properties too (with the request-side level)"
)
_NOTE_17 = (
    "media type names are compared exactly: a renamed media type is response-media-type- "
    "removed plus response-media-type-added"
)
_NOTE_18 = (
    "write-only properties are judged like any other"
)

OTHER: dict[str, tuple[str, str]] = {
    "api-deprecated-sunset-missing": ("", _NOTE_0),
    "api-deprecated-sunset-parse": ("", _NOTE_0),
    "api-global-security-scope-added": ("api-global-security-scope-changed", ""),
    "api-global-security-scope-removed": ("api-global-security-scope-changed", ""),
    "api-invalid-stability-level": ("", _NOTE_0),
    "api-major-version-not-bumped": ("", _NOTE_1),
    "api-path-removed-before-sunset": ("", _NOTE_0),
    "api-path-removed-with-deprecation": ("endpoint-removed-after-deprecation", _NOTE_2),
    "api-path-removed-without-deprecation": ("endpoint-removed-without-deprecation", _NOTE_2),
    "api-path-sunset-parse": ("", _NOTE_0),
    "api-removed-before-sunset": ("", _NOTE_0),
    "api-removed-with-deprecation": ("endpoint-removed-after-deprecation", ""),
    "api-removed-without-deprecation": ("endpoint-removed-without-deprecation", ""),
    "api-security-component-oauth-scope-added": ("api-security-component-oauth-scopes-changed", ""),
    "api-security-component-oauth-scope-changed":
        ("api-security-component-oauth-scopes-changed", ""),
    "api-security-component-oauth-scope-removed":
        ("api-security-component-oauth-scopes-changed", ""),
    "api-security-component-oauth-token-url-changed":
        ("api-security-component-oauth-url-changed", ""),
    "api-security-scope-added": ("api-security-scope-changed", ""),
    "api-security-scope-removed": ("api-security-scope-changed", ""),
    "api-stability-decreased": ("", _NOTE_0),
    "api-stability-increased": ("", _NOTE_0),
    "api-sunset-date-changed-too-small": ("", _NOTE_0),
    "api-sunset-date-too-small": ("", _NOTE_0),
    "api-version-decreased": ("", _NOTE_1),
    "api-version-not-bumped": ("", _NOTE_1),
    "endpoint-deprecated-with-sunset": ("endpoint-deprecated", ""),
    "new-optional-request-default-parameter-to-existing-path":
        ("new-optional-request-parameter", ""),
    "new-optional-request-property": ("request-property-added-optional", ""),
    "new-request-path-parameter": ("new-required-request-parameter", ""),
    "new-required-request-default-parameter-to-existing-path":
        ("new-required-request-parameter", ""),
    "new-required-request-header-property": ("request-property-added-required", _NOTE_3),
    "new-required-request-property": ("request-property-added-required", ""),
    "new-required-request-property-with-default": ("request-property-added-required", _NOTE_4),
    "request-body-all-of-added-annotation-only": ("", _NOTE_5),
    "request-body-all-of-removed-annotation-only": ("", _NOTE_5),
    "request-body-content-encoding-changed": ("request-body-format-changed", _NOTE_6),
    "request-body-content-media-type-changed": ("request-body-format-changed", _NOTE_6),
    "request-body-removed": ("request-body-removed-optional", _NOTE_7),
    "request-body-type-compatible": ("", _NOTE_8),
    "request-body-wrapped-in-one-of": ("request-body-one-of-added", _NOTE_9),
    "request-header-property-became-enum": ("request-parameter-became-enum", ""),
    "request-header-property-became-required": ("request-property-became-required", ""),
    "request-optional-property-became-not-read-only":
        ("request-property-became-not-read-only", _NOTE_10),
    "request-optional-property-became-not-write-only":
        ("request-property-became-not-write-only", _NOTE_10),
    "request-optional-property-became-read-only": ("request-property-became-read-only", _NOTE_10),
    "request-optional-property-became-write-only": ("request-property-became-write-only", _NOTE_10),
    "request-parameter-deprecated-sunset-missing": ("", _NOTE_0),
    "request-parameter-pattern-generalized": ("request-parameter-pattern-changed", _NOTE_11),
    "request-parameter-property-became-not-nullable":
        ("request-parameter-became-not-nullable", _NOTE_12),
    "request-parameter-property-became-nullable": ("request-parameter-became-nullable", _NOTE_12),
    "request-parameter-property-enum-value-added": ("request-parameter-enum-value-added", _NOTE_12),
    "request-parameter-property-enum-value-removed":
        ("request-parameter-enum-value-removed", _NOTE_12),
    "request-parameter-property-list-of-types-narrowed":
        ("request-parameter-list-of-types-narrowed", _NOTE_12),
    "request-parameter-property-list-of-types-widened":
        ("request-parameter-list-of-types-widened", _NOTE_12),
    "request-parameter-property-type-changed": ("request-parameter-type-changed", _NOTE_12),
    "request-parameter-property-type-generalized": ("request-parameter-type-generalized", _NOTE_12),
    "request-parameter-property-type-specialized": ("request-parameter-type-specialized", _NOTE_12),
    "request-parameter-removed": ("request-parameter-removed-optional", _NOTE_13),
    "request-parameter-removed-before-sunset": ("", _NOTE_0),
    "request-parameter-removed-with-deprecation":
        ("request-parameter-removed-after-deprecation", ""),
    "request-parameter-sunset-date-changed-too-small": ("", _NOTE_0),
    "request-parameter-sunset-date-too-small": ("", _NOTE_0),
    "request-parameter-sunset-deleted": ("", _NOTE_0),
    "request-parameter-sunset-parse": ("", _NOTE_0),
    "request-parameter-x-extensible-enum-value-removed": ("", _NOTE_14),
    "request-property-all-of-added-annotation-only": ("", _NOTE_5),
    "request-property-all-of-removed-annotation-only": ("", _NOTE_5),
    "request-property-became-required-with-default": ("request-property-became-required", ""),
    "request-property-content-encoding-changed": ("request-property-format-changed", _NOTE_6),
    "request-property-content-media-type-changed": ("request-property-format-changed", _NOTE_6),
    "request-property-deprecated-sunset-invalid": ("", _NOTE_0),
    "request-property-deprecated-sunset-missing": ("", _NOTE_0),
    "request-property-deprecated-with-sunset": ("", _NOTE_0),
    "request-property-pattern-generalized": ("request-property-pattern-changed", _NOTE_11),
    "request-property-removed": ("request-property-removed-optional", _NOTE_15),
    "request-property-stability-decreased": ("", _NOTE_0),
    "request-property-stability-increased": ("", _NOTE_0),
    "request-property-sunset-date-too-small": ("", _NOTE_0),
    "request-property-type-compatible": ("", _NOTE_8),
    "request-property-x-extensible-enum-value-removed": ("", _NOTE_14),
    "request-read-only-property-enum-value-removed":
        ("request-property-enum-value-removed", _NOTE_16),
    "request-read-only-property-exclusive-max-decreased":
        ("request-property-exclusive-max-decreased", _NOTE_16),
    "request-read-only-property-exclusive-min-increased":
        ("request-property-exclusive-min-increased", _NOTE_16),
    "request-read-only-property-max-decreased": ("request-property-max-decreased", _NOTE_16),
    "request-read-only-property-max-length-decreased":
        ("request-property-max-length-decreased", _NOTE_16),
    "request-read-only-property-min-increased": ("request-property-min-increased", _NOTE_16),
    "request-required-property-became-not-read-only":
        ("request-property-became-not-read-only", _NOTE_10),
    "request-required-property-became-not-write-only":
        ("request-property-became-not-write-only", _NOTE_10),
    "request-required-property-became-read-only": ("request-property-became-read-only", _NOTE_10),
    "request-required-property-became-write-only": ("request-property-became-write-only", _NOTE_10),
    "response-body-all-of-added-annotation-only": ("", _NOTE_5),
    "response-body-all-of-removed-annotation-only": ("", _NOTE_5),
    "response-body-content-encoding-changed": ("response-body-format-changed", _NOTE_6),
    "response-body-content-media-type-changed": ("response-body-format-changed", _NOTE_6),
    "response-body-media-type-schema-added": ("response-media-type-schema-added", ""),
    "response-body-media-type-schema-removed": ("response-media-type-schema-removed", ""),
    "response-body-type-compatible": ("", _NOTE_8),
    "response-body-wrapped-in-one-of": ("response-body-one-of-added", _NOTE_9),
    "response-header-type-compatible": ("", _NOTE_8),
    "response-media-type-name-changed": ("", _NOTE_17),
    "response-media-type-name-generalized": ("", _NOTE_17),
    "response-media-type-name-specialized": ("", _NOTE_17),
    "response-mediatype-enum-value-removed": ("response-body-enum-value-removed", ""),
    "response-optional-property-added": ("response-property-added-optional", ""),
    "response-optional-property-became-not-read-only":
        ("response-property-became-not-read-only", _NOTE_10),
    "response-optional-property-became-not-write-only":
        ("response-property-became-not-write-only", _NOTE_10),
    "response-optional-property-became-read-only": ("response-property-became-read-only", _NOTE_10),
    "response-optional-property-became-write-only":
        ("response-property-became-write-only", _NOTE_10),
    "response-optional-property-removed": ("response-property-removed-optional", ""),
    "response-optional-write-only-property-added": ("response-property-added-optional", _NOTE_18),
    "response-optional-write-only-property-removed":
        ("response-property-removed-optional", _NOTE_18),
    "response-property-all-of-added-annotation-only": ("", _NOTE_5),
    "response-property-all-of-removed-annotation-only": ("", _NOTE_5),
    "response-property-content-encoding-changed": ("response-property-format-changed", _NOTE_6),
    "response-property-content-media-type-changed": ("response-property-format-changed", _NOTE_6),
    "response-property-deprecated-sunset-invalid": ("", _NOTE_0),
    "response-property-deprecated-sunset-missing": ("", _NOTE_0),
    "response-property-deprecated-with-sunset": ("", _NOTE_0),
    "response-property-stability-decreased": ("", _NOTE_0),
    "response-property-stability-increased": ("", _NOTE_0),
    "response-property-sunset-date-too-small": ("", _NOTE_0),
    "response-property-type-compatible": ("", _NOTE_8),
    "response-required-property-added": ("response-property-added-required", ""),
    "response-required-property-became-not-read-only":
        ("response-property-became-not-read-only", _NOTE_10),
    "response-required-property-became-not-write-only":
        ("response-property-became-not-write-only", _NOTE_10),
    "response-required-property-became-read-only": ("response-property-became-read-only", _NOTE_10),
    "response-required-property-became-write-only":
        ("response-property-became-write-only", _NOTE_10),
    "response-required-property-removed": ("response-property-removed-required", ""),
    "response-required-write-only-property-added": ("response-property-added-required", _NOTE_18),
    "response-required-write-only-property-removed":
        ("response-property-removed-required", _NOTE_18),
    "response-write-only-property-became-optional": ("response-property-became-optional", _NOTE_18),
    "response-write-only-property-became-required": ("response-property-became-required", _NOTE_18),
    "response-write-only-property-enum-value-added":
        ("response-property-enum-value-added", _NOTE_18),
    "sunset-deleted": ("", _NOTE_0),
}

COVERAGE: Mapping[str, tuple[str, str]] = MappingProxyType(
    {**{ident: (ident, "") for ident in SAME}, **KEYWORDS, **OTHER}
)
"""oasdiff id -> (specloom kind or "", note), for all of them."""
