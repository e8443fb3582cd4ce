"""`docs/changelog-kinds.md`, generated from the registry and the oasdiff coverage table.

Regenerate with `python -m generator.changelog.kinds_doc > docs/changelog-kinds.md`; a test
fails when the committed file is not what this prints.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.changelog.oasdiff_map import COVERAGE
from generator.changelog.part_rules import DOC_EXTENSIONS
from generator.changelog.registry import KINDS, Kind
from generator.changelog.sdk import SDK_KINDS

_INTRO = """\
# Change kinds

Generated from `generator/changelog/registry.py` by `python -m generator.changelog.kinds_doc`;
do not edit by hand (a test checks that this file is current).

Every entry of `specloom changelog` has one of these kinds. A kind has a stable id, a default
level (`breaking`, `warning`, `info`), specloom's words for it (values from the spec fill the
`{placeholders}` and are escaped by each output format), and its inverse: the kind the same
change has when the two versions are swapped.

## How changes are judged

**The direction rule.** A schema change means different things in a request and in a
response. Narrowing what a request may hold (a lower `maxLength`, an enum value removed, a
new required property) breaks callers that sent the old values; narrowing a response only
promises less. Widening a response (a new enum value, a type that now admits null) may break
strict readers; widening a request is harmless. Schema kinds are therefore made in six
families: `request-body-*` and `response-body-*` (the root schema of a body),
`request-property-*` and `response-property-*` (anywhere below it), `request-parameter-*`
(a parameter's schema) and `response-header-*` (a header's schema), each with the level its
side gives it.

**One entry per change, at its origin.** A change inside a shared component schema is one
entry at the component (`area` is `schema Name`), with `reach`: the operations it reaches and
on which side (`request`, `response`, or `both`). When it reaches both sides, the kind is the
one of the side where it matters most (the request side on a tie). A change in a schema no
operation reaches is `info`. A change inside a schema written in place is reported at its
operation; the same change written in place in several operations is one entry headed `API`.
A parameter component merged into every operation (`components/parameters/ApiVersion`) is one
entry at the component.

**Folding.** A new object property is one entry whose details name its fields. A property
added as required is one entry (`*-added-required`), not also "became required".
Documentation-only kinds (`docs-*`: descriptions, summaries, titles, examples) are `info`
and marked `docs_only`; Markdown leaves them out unless `--include-docs`.

**Previews.** An operation is a preview when it needs a required header of one fixed value
(Azure's `aoai-evals: preview`) or sits under an `alpha`/`preview` path segment that is not
itself an endpoint (Stripe's `/v1/credit_notes/preview` is an action, not a stage). Entries
about a preview operation carry the label `preview`. Projects can change the rule:

```toml
[tool.specloom.changelog]
levels = { "response-property-enum-value-added" = "info", "api-tag-added" = "off" }
ignore = ["3f1c0a9b2e7d4c51"]          # fingerprints of accepted changes
preview-segments = ["alpha", "beta"]   # path segments that mark a stage
preview-paths = ["/v1/experimental/*"] # globs: always a preview
stable-paths = ["/v1/credit_notes/*"]  # globs: never a preview (wins)
```

**Fingerprints.** Each entry has `fingerprint`: the first 16 hex digits of the SHA-256 of the
canonical JSON of `[kind, origin, {name, old, new, value}]`, where `origin` is the JSON
pointer of the place the change happens (new side, else old side). The same change has the
same fingerprint in every run and every history it appears in; list fingerprints in an
`--ignore` file or in `ignore` above to accept them (the entries are shown marked `ignored`
and never fail `--fail-on`).

**Lifecycle.** Over a history, every operation, parameter, named schema and property (of a
named object schema) gets a record: the version it first appeared in, the versions it changed
in with the kinds of those changes, when it was first deprecated, and when it was removed
(when it is gone at the end; a removal and a return show as changes).

**Extensions.** An `x-` extension changes nothing on the wire and specloom's own output reads
none, so its changes are `info`: `api-extension-*`, shown, because the extension may steer
another tool (`x-ms-enum`, `x-ms-pageable` and `x-stainless-*` change the SDKs other
generators make). Extensions known to hold documentation only (DOC_EXTENSIONS) are
`docs-extension-*`: documentation-only, hidden
unless `--include-docs`. A project raises or drops either with `levels`.

**Webhooks.** For a webhook the API is the sender: its request (payload, parameters) is what
receivers read, so it is judged like a response (narrowing a payload is safe for receivers,
widening it may break them: a new enum value is a warning, a property that may now be missing
is breaking), and the receiver's reply like a request. Schema changes take the
`response-*` families for the payload (`response-header-*` for the headers the API sends) and
the `request-*` families for the reply; the payload's and its parameters' own changes are the
`webhook-*` kinds. In `reach`, a webhook's sides are named by who sends them: `response` the
payload, `request` the reply (`"webhook": true`; the notes say *payload* and *reply*).

**Known limits.** The same change written in place in several operations is folded only when
its words are identical.
"""


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|")


def _kind_rows(kinds: list[Kind]) -> Iterator[str]:
    yield "| kind | level | side | inverse | words |"
    yield "|---|---|---|---|---|"
    for kind in kinds:
        docs = " (docs only)" if kind.docs_only else ""
        yield (f"| `{kind.id}` | {kind.level.value}{docs} | {kind.side.value} | "
               f"{'`' + kind.inverse + '`' if kind.inverse else ''} | {_cell(kind.template)} |")


def _sdk_rows() -> Iterator[str]:
    yield f"## The {len(SDK_KINDS)} SDK impact kinds"
    yield ""
    yield ("What an entry does to the generated client (`Entry.sdk`, the `sdk` list in JSON), "
           "from `generator/changelog/sdk.py`. Each impact has its own level, which can "
           "differ from the entry's wire level: a moved operation whose method keeps its name "
           "is `method-unchanged` (info) under a breaking `endpoint-moved`; a path parameter "
           "renamed is `argument-renamed` (breaking). Names come from `naming/` and the "
           "version's name lock (see [changelog.md](changelog.md#sdk-impact)).")
    yield ""
    yield "| SDK kind | level | about | words |"
    yield "|---|---|---|---|"
    for kind in SDK_KINDS.values():
        yield f"| `{kind.id}` | {kind.level.value} | {kind.about} | {_cell(kind.template)} |"


def _map_rows() -> Iterator[str]:
    mapped = sum(1 for kind, _ in COVERAGE.values() if kind)
    yield "## oasdiff coverage"
    yield ""
    yield (f"Every check id of oasdiff v1.28.0 ({len(COVERAGE)}), with the specloom kind that "
           f"reports the same change ({mapped}) or why none applies "
           f"({len(COVERAGE) - mapped}). The table is `generator/changelog/oasdiff_map.py`; a "
           "test fails when it and the registry disagree.")
    yield ""
    yield "| oasdiff id | specloom kind | note |"
    yield "|---|---|---|"
    for ident in sorted(COVERAGE):
        kind, note = COVERAGE[ident]
        shown = f"`{kind}`" if kind else "(none)"
        yield f"| `{ident}` | {shown} | {_cell(note)} |"


def kinds_markdown() -> str:
    """The whole of `docs/changelog-kinds.md`."""
    groups: dict[str, list[Kind]] = {}
    for kind in KINDS.values():
        groups.setdefault(kind.group, []).append(kind)
    intro = _INTRO.replace("DOC_EXTENSIONS", ", ".join(f"`{x}`" for x in sorted(DOC_EXTENSIONS)))
    lines = [intro, f"## The {len(KINDS)} kinds", ""]
    for group in sorted(groups, key=lambda g: (g.startswith("schemas:"), g)):
        lines += [f"### {group}", "", *_kind_rows(groups[group]), ""]
    lines += [*_sdk_rows(), "", *_map_rows(), ""]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    import sys

    sys.stdout.write(kinds_markdown())
