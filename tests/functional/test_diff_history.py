"""The diff on real histories: the shipped Azure specs (checked against specs/README.md's
change tables) and every consecutive corpus pair (no crash, bounded time)."""

from __future__ import annotations

import re
import time
from itertools import pairwise
from pathlib import Path

import pytest

from generator.diff import Action, ApiDiff, Aspect, Change, Subject, diff_apis
from generator.pipeline import build_ir, ordered_specs
from tests.conftest import CORPUS, REPO

SHIPPED = REPO / "specs" / "azure-openai"
_SECTION = re.compile(r"^### (\S+) → (\S+)$")
_ROW = re.compile(r"^\| ([a-z ]+) \| `([^`]+)` \|")


def _listed() -> dict[tuple[str, str], list[tuple[str, str]]]:
    table: dict[tuple[str, str], list[tuple[str, str]]] = {}
    pair: tuple[str, str] | None = None
    for line in (REPO / "specs" / "README.md").read_text(encoding="utf-8").splitlines():
        head = _SECTION.match(line)
        if head:
            pair = (head.group(1), head.group(2))
            table[pair] = []
        row = _ROW.match(line)
        if row and pair is not None and row.group(1) != "change":
            table[pair].append((row.group(1), row.group(2)))
    return table


def _schema_at(at: str | None, where: str) -> bool:
    schema, _, prop = where.partition(".")
    place = f"/schemas/{schema}" + (f"/properties/{prop}" if prop else "")
    return at is not None and (at.endswith(place) or f"{place}/" in at)


def _finds(kind: str, where: str, c: Change) -> bool:
    action, subject, aspect = c.action, c.subject, c.aspect
    if kind == "operation added":
        return action is Action.ADDED and subject is Subject.OPERATION and c.new == where
    if kind == "operation removed":
        return action is Action.REMOVED and subject is Subject.OPERATION and c.old == where
    if kind == "operation moved":
        return action is Action.MOVED and c.name == where
    if kind == "operation deprecated":
        return aspect is Aspect.DEPRECATED and subject is Subject.OPERATION and c.name == where
    if kind in ("property added", "required property added"):
        sub = Subject.PROPERTY if kind == "property added" else Subject.REQUIRED
        _, _, prop = where.rpartition(".")
        return action is Action.ADDED and subject is sub and c.name == prop and _schema_at(
            c.new_at if sub is Subject.PROPERTY else c.new_at + f"/properties/{prop}", where
        )
    if kind == "property deprecated":
        return aspect is Aspect.DEPRECATED and _schema_at(c.new_at, where)
    if kind == "enum widened":
        return subject is Subject.ENUM_VALUE and action is Action.ADDED and _schema_at(
            c.new_at, where
        )
    if kind.startswith("parameter now"):
        return aspect is Aspect.REQUIRED and c.name.endswith(where.partition("/")[2])
    if kind in ("parameter added", "parameter removed"):
        wanted = Action.ADDED if kind.endswith("added") else Action.REMOVED
        _, _, name = where.partition("/")
        return action is wanted and subject is Subject.PARAMETER and c.name == name
    if kind.startswith("security scheme"):
        return subject is Subject.SECURITY_SCHEME and c.name == where
    if kind == "server changed":
        return subject is Subject.SERVER and aspect is Aspect.URL and c.new == where
    if kind == "union member added":
        return subject is Subject.UNION_MEMBER and _schema_at(c.old_at, where)
    if kind == "response content added":
        status_media = where.split("/", 1)[1].replace("/", " ", 1)
        return subject is Subject.MEDIA_TYPE and c.name == status_media
    raise AssertionError(f"no check for {kind!r}")


def _diff(old: Path, new: Path) -> ApiDiff:
    return diff_apis(build_ir(old)[0], build_ir(new)[0])


def test_the_shipped_history_finds_every_listed_change() -> None:
    specs = ordered_specs(SHIPPED)
    listed = _listed()
    assert len(listed) == len(specs) - 1
    missing = []
    for old, new in pairwise(specs):
        diff = _diff(old, new)
        for kind, where in listed[(old.stem, new.stem)]:
            if not any(_finds(kind, where, c) for c in diff.changes):
                missing.append((old.stem, new.stem, kind, where))
    assert missing == []


def _corpus_pairs() -> list[object]:
    if not CORPUS.is_dir():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason="no corpus"))]
    out: list[object] = []
    for name in ("azure-openai-inference", "openai", "stripe", "museum", "train-travel"):
        specs = ordered_specs(CORPUS / name)
        for old, new in pairwise(specs):
            out.append(pytest.param(old, new, id=f"{name}/{old.stem}..{new.stem}"))
    return out


@pytest.mark.corpus
@pytest.mark.parametrize(("old", "new"), _corpus_pairs())
def test_every_consecutive_corpus_pair_diffs(old: Path, new: Path) -> None:
    a, b = build_ir(old)[0], build_ir(new)[0]
    started = time.perf_counter()
    diff = diff_apis(a, b)
    assert time.perf_counter() - started < 20
    assert diff.old_label == a.label and diff.new_label == b.label


