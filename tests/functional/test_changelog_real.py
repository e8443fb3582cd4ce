"""The notes on real histories: every consecutive corpus pair in every format without a crash,
the whole Azure history in one command, and Redocly's breaking changes found among ours.

`make test` runs a bounded set of pairs (the small histories and one Azure step); the `slow`
marker (`make test-slow`) runs every pair of every history.
"""

from __future__ import annotations

import functools
import json
import re
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from bench.peers import Tool
from generator.cli import main
from generator.pipeline import ordered_specs
from tests.conftest import CORPUS
from tests.functional.changelog_redocly import Breaking, redocly_breaking

HISTORIES = ("azure-openai-inference", "openai", "stripe", "museum", "train-travel")
# The pairs `make test` runs: small, and between them every kind of history.
BOUNDED = {"museum", "train-travel", "azure-openai-inference/2024-10-21..2024-12-01-preview"}
FORMATS = ("markdown", "html", "json", "text")


def _pairs() -> list[Any]:
    if not CORPUS.is_dir():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason="no corpus"))]
    out = []
    for name in HISTORIES:
        for old, new in pairwise(ordered_specs(CORPUS / name)):
            ident = f"{name}/{old.stem}..{new.stem}"
            slow = name not in BOUNDED and ident not in BOUNDED
            out.append(pytest.param(old, new, id=ident,
                                    marks=[pytest.mark.slow] if slow else []))
    return out


def _changelog(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["changelog", *(str(a) for a in args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.corpus
@pytest.mark.parametrize(("old", "new"), _pairs())
def test_every_pair_in_every_format(old: Path, new: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in FORMATS:
        code, out, err = _changelog(capsys, old, new, "--format", fmt)
        assert (code, err) == (0, ""), err
        assert "Traceback" not in out and out.endswith("\n")
    data = json.loads(_changelog(capsys, old, new, "--format", "json")[1])
    assert [(s["old"], s["new"]) for s in data["sections"]] == [(old.stem, new.stem)]


@pytest.mark.corpus
def test_the_whole_azure_history_in_one_command(capsys: pytest.CaptureFixture[str]) -> None:
    if not CORPUS.is_dir():
        pytest.skip("no corpus")
    folder = CORPUS / "azure-openai-inference"
    labels = [p.stem for p in ordered_specs(folder)]
    code, out, err = _changelog(capsys, folder)
    assert (code, err) == (0, "")
    for old, new in pairwise(labels):
        assert f"## Changes between `{old}` and `{new}`" in out
    # newest first
    assert out.index(f"`{labels[-2]}` and `{labels[-1]}`") < out.index(
        f"`{labels[0]}` and `{labels[1]}`")


# --- Redocly as an oracle ---------------------------------------------------------------------

# Breaking changes Redocly reports that specloom does not, and why Redocly is wrong there:
# (pair id, Redocly rule, pointer of its verdict) -> reason.
_ANY_TO_OBJECT = (
    "the base schema has `properties` and no `type`; a request body with properties is an object"
    " for every client that sends one (the IR reads it so), so `type: object` added is no change"
)
_NULLABLE_31 = (
    "the 3.0 `nullable: true` beside a $ref became the 3.1 `anyOf: [$ref, {type: 'null'}]`;"
    " both describe the same values, and the diff reads the two idioms alike"
)
_DESCRIBED_MEMBER = (
    "only a description was added inside the union member; Redocly pairs members by content"
    " and reports the member removed and added"
)
_REORDERED = (
    "the operation's parameters were reordered; Redocly pairs parameters by position and reads"
    " two renames, specloom pairs them by (location, name): nothing changed"
)
_SHIFTED = (
    "a path parameter the operation always had (its path template names it) moved one place"
    " down when `api-version` was put first; Redocly pairs parameters by position and reads it"
    " newly required, specloom pairs them by (location, name): it did not change"
)
REDOCLY_WRONG: dict[tuple[str, str, str], str] = {
    **{("azure-openai-inference/2025-04-01-preview..v1-preview", "parameter-became-required",
        f"#/paths/{at}/required"): _SHIFTED
       for at in ("~1responses~1{response_id}/delete/parameters/1",
                  "~1responses~1{response_id}/get/parameters/1",
                  "~1vector_stores~1{vector_store_id}~1files~1{file_id}/post/parameters/1",
                  "~1vector_stores~1{vector_store_id}~1files~1{file_id}/post/parameters/2")},
    **{("openai/2025-04-29..2026-05-13", rule, f"#/components/schemas/{at}"): _NULLABLE_31
       for rule, at in (
           ("schema-combinator-changed", "CreateAssistantRequest/properties/response_format/anyOf"),
           ("schema-combinator-changed", "ModifyAssistantRequest/properties/response_format/anyOf"),
           ("schema-combinator-changed", "EvalResponsesSource/properties/reasoning_effort/anyOf"),
           ("schema-combinator-changed",
            "ChatCompletionRequestAssistantMessage/properties/content/anyOf"),
           ("schema-combinator-changed", "ResponseProperties/properties/reasoning/anyOf"),
           ("schema-type-changed", "ResponseProperties/properties/reasoning"),
       )},
    ("openai/2025-04-29..2026-05-13", "schema-combinator-changed",
     "#/components/schemas/AssistantsApiResponseFormatOption/oneOf"):
        "the union is unchanged but for descriptions; Redocly reads it removed because the"
        " property referring to it moved from the 3.0 nullable idiom to the 3.1 one",
    ("openai/2025-04-29..2026-05-13", "schema-combinator-changed",
     "#/components/schemas/CreateModelResponseProperties/allOf/1"):
        "the added allOf part adds one optional request property (`top_logprobs`, an integer"
        " 0-20): a request gaining an optional field breaks no caller",
    **{("openai/2026-05-13..2026-08-21", "schema-combinator-changed",
        f"#/components/schemas/{at}/anyOf/0"): _DESCRIBED_MEMBER
       for at in ("ReasoningItem/properties/encrypted_content",
                  "FunctionToolParam/properties/strict")},
    ("azure-openai-inference/2025-04-01-preview..v1-preview", "property-removed",
     "#/components/schemas/innerError/properties"):
        "the error response's `inner_error` went from the `innerError` object to an untyped"
        " schema: specloom reports it once where it now is (`AzureErrorResponse.error.inner_error:"
        " type widened from object to any`) as a warning, since a reader still receives what it"
        " did; Redocly points at the old component and rates it major",
    **{("stripe/2023-05-31..2023-09-12", "parameter-removed",
        f"#/paths/~1v1~1invoices~1upcoming{at}/name"): _REORDERED
       for at in ("/get/parameters/3", "/get/parameters/8", "~1lines/get/parameters/3",
                  "~1lines/get/parameters/10")},
    ("museum/2024-02-12..2024-07-19", "schema-type-changed",
     "#/components/schemas/UpdateSpecialEventRequest/type"): _ANY_TO_OBJECT,
    ("museum/2024-07-19..2024-11-20", "schema-combinator-changed",
     "#/components/schemas/BuyMuseumTickets/allOf"):
        "the request schema was rewritten as `allOf: [{email}, Ticket]`; an allOf is compared by"
        " the object it describes, and what changed in it is reported (`phone` removed, `email`"
        " now optional), not the rewrite itself",
    ("train-travel/2024-08-22..2024-12-23", "schema-combinator-changed",
     "#/paths/~1trips/get/responses/200/content/application~1json/schema/allOf/1"):
        "Redocly pairs allOf parts by position: the response's `data` items became"
        " `allOf: [Trip, Links-Origin, Links-Destination]`, so items gain optional links and"
        " nothing is removed",
    ("azure-openai-inference/2024-10-21..2024-12-01-preview", "schema-combinator-changed",
     "#/components/schemas/onYourDataEndpointVectorizationSource/allOf/1"):
        "the second allOf part changed, it was not added: in this request schema"
        " `authentication` widened to a oneOf that keeps the old option and `dimensions` was"
        " added optional; neither breaks a caller",
}


# Whole places where Redocly compared two different things: (pair id, path prefix) -> reason.
REDOCLY_WRONG_UNDER: dict[tuple[str, str], str] = {
    ("azure-openai-inference/2025-04-01-preview..v1-preview", "#/paths/~1evals"):
        "Redocly paired the Assistants operations the revision drops (`/threads/{thread_id}/runs"
        "...`, schemas runObject, runStepObject) with the new evals previews"
        " (`/evals/{eval_id}/runs...`); they are different resources: specloom reports the"
        " threads operations removed and the evals operations added as previews",
}


def _redocly_wrong(ident: str, change: Breaking, old: Path, new: Path) -> bool:
    return (ident, change.rule, change.at) in REDOCLY_WRONG or any(
        pair == ident and change.path.startswith(prefix)
        for pair, prefix in REDOCLY_WRONG_UNDER) or _nullable_rewrite(change, old, new)


# Redocly reads the 3.1 spelling of a nullable value (`anyOf: [{type: X}, {type: 'null'}]`,
# or a $ref beside `{type: 'null'}`) as "widened to any", its members as added, and the old
# keywords as removed. The two spellings describe the same values; the diff reads them alike.
# Checked on the documents themselves: the base node says `nullable: true` (3.0) and the
# revision's is an anyOf/oneOf with a `type: 'null'` member.
_SUFFIXES = ("/anyOf", "/oneOf", "/properties", "/items", "/additionalProperties", "/type",
             "/maxLength", "/minLength", "/maxItems", "/minimum", "/maxProperties", "/required")


@functools.lru_cache(maxsize=8)
def _document(path: Path) -> Any:
    import yaml_rs

    return yaml_rs.loads(path.read_text(encoding="utf-8"), parse_datetime=False)


def _node(doc: Any, pointer: str | None) -> Any:
    """The schema node at a pointer (a trailing keyword dropped, local $refs followed)."""
    if not pointer:
        return None
    pointer = pointer.removeprefix("#")
    for suffix in _SUFFIXES:
        if pointer.endswith(suffix):
            pointer = pointer[: -len(suffix)]
            break
    node = doc
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            return None
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and len(node) == 1:
        node = _node(doc, node["$ref"])
    return node


def _nullable_rewrite(change: Breaking, old: Path, new: Path) -> bool:
    if change.rule not in RATED_LOWER:
        return False
    before = _node(_document(old), change.base or change.at)
    after = _node(_document(new), change.revision or change.at)
    if not (isinstance(before, dict) and isinstance(after, dict)):
        return False
    members = [m for m in after.get("anyOf") or after.get("oneOf") or [] if isinstance(m, dict)]
    others = [m for m in members if m.get("type") != "null"]
    same_type = len(others) != 1 or others[0].get("type") in (None, before.get("type"))
    return (before.get("nullable") is True and len(others) < len(members) and same_type)


def _pointer(at: str | None) -> str | None:
    """A JSON pointer from a node id (`file#/a/b`, `#/a/b` or `a/b`)."""
    if not at:
        return None
    pointer = at.partition("#")[2] if "#" in at else at
    return pointer if pointer.startswith("/") else "/" + pointer


def _related(ours: str, theirs: str) -> bool:
    return ours == theirs or ours.startswith(theirs + "/") or theirs.startswith(ours + "/")


_AT_OPERATION = re.compile(r"^(/paths/[^/]+/[a-z]+)(.*)$")


def _operation_pointer(operation: str) -> str:
    method, _, path = operation.partition(" ")
    return "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method.lower()


def _places(entry: dict[str, Any]) -> list[str]:
    """Where an entry is: its pointers, and for a change folded over many operations (one API
    entry, located at the first) the same place in every operation it reaches."""
    ours = [p for p in map(_pointer, (entry["origin"], entry["old_at"], entry["new_at"])) if p]
    for pointer in list(ours):
        if at := _AT_OPERATION.match(pointer):
            ours += [_operation_pointer(r["operation"]) + at.group(2) for r in entry["reach"]]
    return ours


def _found(change: Breaking, entries: list[dict[str, Any]]) -> bool:
    """Whether a breaking entry of ours sits where Redocly's verdict does (or contains it)."""
    theirs = change.pointers()
    return any(_related(o, t) for entry in entries for o in _places(entry) for t in theirs)


# Kinds of change Redocly rates `major` that specloom judges by direction and rates lower; the
# change must still be among specloom's entries, at its place, naming what changed.
RATED_LOWER: dict[str, str] = {
    "enum-values-added": "a value added to a response enum is a warning (strict readers may"
    " reject it; specloom's own models accept unknown values), to a request enum info",
    "enum-values-removed": "a value a response no longer sends is info: every reader still"
    " understands what it gets",
    "property-removed": "an optional property removed from a response is a warning (the issue's"
    " direction rule), from a request a warning or info; only required ones break",
    "schema-combinator-changed": "Redocly rates any change to an allOf/anyOf/oneOf list as"
    " breaking, pairing members by position; specloom matches members by reference, shape,"
    " title or const and rates what the change does by side (a member added to a response union"
    " is a warning, to a request union info)",
    "schema-type-changed": "a type widened in a response (most often to a union with null, the"
    " 3.1 spelling of nullable) is a warning, in a request info; the 3.0 and 3.1 idioms of one"
    " type are no change",
    "schema-constraint-changed": "a bound removed from a response value is a warning (readers"
    " that relied on it may break), from a request value info; `format` is advice",
    "required-properties-removed": "when the property's shape changed as well (became a union"
    " with null, a reference to a new schema) specloom reports that change, at a warning",
    "required-properties-added": "the schema was replaced (a new component for the same body):"
    " specloom reports the replacement and the new component",
    "parameter-removed": "an optional parameter removed is a warning: a call that still sends it"
    " is not broken by the description",
    "response-removed": "an error status (4xx/5xx) no longer documented is a warning; only a"
    " success status removed breaks callers",
    "security-scheme-changed": "a security scheme component removed is a warning; what callers"
    " must send is judged on the operations' security requirements",
}
_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
_KEYWORDS = {"properties", "items", "allOf", "anyOf", "oneOf", "type", "enum", "required",
             "additionalProperties", "schema", "content", "responses", "parameters", "name",
             "requestBody", "components", "schemas", "paths", "prefixItems", "not"}


def _named(pointer: str) -> str:
    """The last name in a pointer that is not a keyword or an index (what a note must name)."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/") if t]
    names = [t for t in tokens if t not in _KEYWORDS and not t.isdigit() and t not in _METHODS
             and not t.startswith(("max", "min", "exclusive", "format", "multipleOf",
                                   "pattern", "const", "default", "nullable"))]
    return names[-1] if names else ""


def _at_any_level(change: Breaking, entries: list[dict[str, Any]]) -> bool:
    """Whether an entry of ours (not documentation, not an extension) is at Redocly's place and
    names the thing that changed."""
    for entry in entries:
        if entry["docs_only"] or entry["kind"].startswith("api-extension"):
            continue
        text = json.dumps([entry["area"], entry["message"], entry["params"], entry["details"]],
                          ensure_ascii=False)
        for ours in _places(entry):
            for theirs in change.pointers():
                if _related(ours, theirs) and (ours.startswith(theirs) or _named(theirs) in text):
                    return True
    return False


@pytest.mark.corpus
@pytest.mark.parametrize(("old", "new"), _pairs())
def test_redocly_breaking_changes_are_among_ours(
    old: Path, new: Path, redocly: Tool, capsys: pytest.CaptureFixture[str], request: Any
) -> None:
    ident = request.node.callspec.id
    data = json.loads(_changelog(capsys, old, new, "--format", "json")[1])
    entries = [e for s in data["sections"] for e in s["entries"]]
    breaking = [e for e in entries if e["level"] == "breaking"]
    missed = []
    for change in redocly_breaking(old, new, redocly):
        if _redocly_wrong(ident, change, old, new) or _found(change, breaking):
            continue
        if change.rule in RATED_LOWER and _at_any_level(change, entries):
            continue
        missed.append(f"{change.rule} at {change.at}: {change.message}")
    assert missed == []
