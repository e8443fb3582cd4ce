"""Response headers in the notes: the client shows them only on raw responses.

A method returns the parsed body; its response headers reach users only through
`client.with_raw_response.<method>()` (`.headers`, text values). So a header added is info, a
header removed or no longer always sent is a warning for code that reads it there, and a
header's type is not part of any Python signature (its values are strings).
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.changelog.model import Entry, SdkImpact, Side
from generator.changelog.sdk import Pair, impact
from generator.ir.model import Operation

# Wire kinds about a header's presence -> SDK kind (their params name `STATUS header`).
_PRESENCE = {
    "response-header-added": "raw-header-added",
    "response-required-header-added": "raw-header-added",
    "optional-response-header-removed": "raw-header-removed",
    "required-response-header-removed": "raw-header-removed",
    "response-header-became-optional": "raw-header-may-be-missing",
    "response-header-became-required": "raw-header-changed",
    "response-header-became-deprecated": "raw-header-changed",
    "response-header-became-undeprecated": "raw-header-changed",
    "response-header-serialization-changed": "raw-header-changed",
}
HEADER_KINDS = frozenset(_PRESENCE)
# Wire kinds about a header's schema (`response-header-<suffix>`) that change its type.
_RETYPED = frozenset({"type-changed", "type-generalized", "type-specialized", "format-added",
                      "format-changed", "format-removed", "reference-changed",
                      "list-of-types-widened", "list-of-types-narrowed"})


def header_impacts(entry: Entry, pair: Pair) -> Iterator[SdkImpact]:
    """What a response-header entry does: one impact naming every method it reaches."""
    kind = _PRESENCE.get(entry.kind)
    if kind is None and entry.kind.removeprefix("response-header-") in _RETYPED:
        kind = "raw-header-retyped"
    if kind is None:
        return
    removed = kind == "raw-header-removed"
    methods: dict[str, set[str]] = {}  # header -> methods
    for reach in entry.reach:
        if reach.side not in (Side.RESPONSE, Side.BOTH):
            continue
        ops = pair.operations(reach.operation)
        op, names = (ops[0], pair.old_names) if removed or ops[1] is None else (
            ops[1], pair.new_names)
        method = names.method(op)
        header = _header(entry, op) if entry.kind not in _PRESENCE else \
            str(entry.params.get("name", "")).partition(" ")[2]
        if method is not None and header:
            methods.setdefault(header, set()).add(method.dotted)
    for header, found in sorted(methods.items()):
        yield impact(kind, header=header, methods=sorted(found))


def _header(entry: Entry, operation: Operation | None) -> str | None:
    """The name of the header whose schema holds the entry's origin."""
    at = entry.new_at or entry.old_at
    if operation is None or at is None:
        return None
    for response in operation.responses.values():
        for name, header in response.headers.items():
            sid = header.schema_id
            if sid is not None and (at == sid or at.startswith(sid + "/")):
                return name
    return None
