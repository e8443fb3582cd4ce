"""The notes on real histories: every consecutive corpus pair in every format without a crash,
the whole Azure history in one command, and Redocly's breaking changes found among ours.

`make test` runs a bounded set of pairs (the small histories and one Azure step); the `slow`
marker (`make test-slow`) runs every pair of every history.
"""

from __future__ import annotations

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
REDOCLY_WRONG: dict[tuple[str, str, str], str] = {
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


@pytest.mark.corpus
@pytest.mark.parametrize(("old", "new"), _pairs())
def test_redocly_breaking_changes_are_among_ours(
    old: Path, new: Path, redocly: Tool, capsys: pytest.CaptureFixture[str], request: Any
) -> None:
    ident = request.node.callspec.id
    data = json.loads(_changelog(capsys, old, new, "--format", "json")[1])
    ours = [e for s in data["sections"] for e in s["entries"] if e["level"] == "breaking"]
    missed = []
    for change in redocly_breaking(old, new, redocly):
        if (ident, change.rule, change.at) in REDOCLY_WRONG or _found(change, ours):
            continue
        missed.append(f"{change.rule} at {change.at}: {change.message}")
    assert missed == []
