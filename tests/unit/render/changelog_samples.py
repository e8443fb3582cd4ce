"""Hand-built changelogs for the renderer tests (the judge's output shape, no judge needed)."""

from __future__ import annotations

from generator.changelog.model import (
    Changelog,
    Detail,
    Entry,
    Level,
    LifecycleEvent,
    LifecycleRecord,
    Reach,
    Section,
    Side,
)

# Spec text that every format must show as text: HTML, Markdown links and images, an ANSI
# sequence, a GitHub workflow command, backticks, pipes, a newline that would start a heading.
HOSTILE = (
    "<script>alert(1)</script> [click](https://evil.example) ![img](https://evil.example/x.png)"
    " \x1b[31mRED\x1b[0m\n::error::owned | `tick` ``two``\n# heading <b>bold</b> &amp;"
)


def reach(op: str, side: Side = Side.REQUEST) -> Reach:
    """A reach record for `op`."""
    return Reach(operation=op, operation_id=None, side=side)


def sample() -> Changelog:
    """Two sections: breaking, warning, info, a docs-only and an accepted entry."""
    newer = Section(
        old_label="2024-10-21",
        new_label="v1",
        entries=(
            Entry(kind="request-property-became-required", level=Level.BREAKING,
                  area="schema CreateChatCompletionRequest",
                  template="required property `{property}` added", params={"property": "model"},
                  origin="#/components/schemas/CreateChatCompletionRequest/properties/model",
                  reach=(reach("POST /chat/completions"), reach("POST /embeddings")),
                  fingerprint="fp-required-model"),
            Entry(kind="operation-removed", level=Level.BREAKING, area="POST /completions",
                  template="operation {operation} removed",
                  params={"operation": "POST /completions"},
                  origin="#/paths/~1completions/post", fingerprint="fp-removed", ignored=True),
            Entry(kind="endpoint-added-preview", level=Level.INFO, area="GET /evals",
                  template="{name} added", params={"name": "GET /evals"},
                  origin="#/paths/~1evals/get", labels=("preview",), fingerprint="fp-evals"),
            Entry(kind="response-enum-widened", level=Level.WARNING, area="schema ResponseStatus",
                  template="enum values {values} added", params={"values": ["queued", "cancelled"]},
                  origin="#/components/schemas/ResponseStatus",
                  reach=(reach("GET /responses/{response_id}", Side.RESPONSE),),
                  fingerprint="fp-enum"),
            Entry(kind="property-added", level=Level.INFO, area="schema Response",
                  template="property `{property}` added: an object with {fields}",
                  params={"property": "retry_policy", "fields": ["max_attempts", "backoff"]},
                  origin="#/components/schemas/Response/properties/retry_policy",
                  details=(Detail(template="`{name}` is an integer",
                                  params={"name": "max_attempts"}),),
                  fingerprint="fp-added"),
            Entry(kind="description-changed", level=Level.INFO, area="POST /files",
                  template="description changed to {text}", params={"text": "Upload a file."},
                  origin="#/paths/~1files/post", docs_only=True, fingerprint="fp-docs"),
        ),
    )
    older = Section(old_label="2024-09-01-preview", new_label="2024-10-21", entries=())
    return Changelog(
        title="Azure OpenAI API",
        versions=("2024-09-01-preview", "2024-10-21", "v1"),
        sections=(newer, older),
        lifecycle=(LifecycleRecord(subject="operation", name="POST /completions",
                                   introduced=None, changed=(LifecycleEvent(
                                       version="2024-10-21", kinds=("operation-deprecated",)),),
                                   deprecated="2024-10-21", removed="v1"),),
    )


def hostile() -> Changelog:
    """One section whose title, labels, area and values are all hostile spec text."""
    entry = Entry(kind="property-added", level=Level.BREAKING, area=f"POST /x{HOSTILE}",
                  template="property {name} added with {values}",
                  params={"name": HOSTILE, "values": [HOSTILE, 3]}, origin="#/x",
                  reach=(reach(f"GET /{HOSTILE}"), reach("GET /other")),
                  details=(Detail(template="{d}", params={"d": HOSTILE}),),
                  fingerprint="fp-hostile")
    section = Section(old_label="1.0.0", new_label="2.0.0", entries=(entry,))
    return Changelog(title=HOSTILE, versions=("1.0.0", "2.0.0"), sections=(section,))
