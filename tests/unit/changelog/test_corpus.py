"""Real histories: every consecutive corpus pair judges without a crash, deterministically,
with known kinds and located entries; the Azure preview pairs keep the api-version example
noise to one documentation entry. Museum, train-travel and the whole Azure history run in
`make test`; OpenAI and Stripe (megabytes each) under `slow`."""

from __future__ import annotations

import time
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest

from generator.changelog import history, judge_pair
from generator.changelog.model import Changelog, Level, Section
from generator.changelog.registry import KINDS
from generator.changelog.settings import ChangelogSettings
from generator.pipeline import build_ir, ordered_specs
from tests.conftest import CORPUS, CORPUS_MISSING

SMALL = ("museum", "train-travel")
LARGE = ("openai", "stripe")
# The consecutive Azure pairs whose every operation differs in the api-version example.
PREVIEW_PAIRS = (
    ("2024-08-01-preview", "2024-09-01-preview"), ("2024-09-01-preview", "2024-10-01-preview"),
    ("2024-12-01-preview", "2025-01-01-preview"), ("2025-01-01-preview", "2025-03-01-preview"),
    ("2025-03-01-preview", "2025-04-01-preview"),
)


def _pairs(names: tuple[str, ...]) -> list[object]:
    if not CORPUS.is_dir():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=CORPUS_MISSING))]
    return [
        pytest.param(old, new, id=f"{name}/{old.stem}..{new.stem}")
        for name in names for old, new in pairwise(ordered_specs(CORPUS / name))
    ]


def _check(section: Section) -> None:
    """What holds for every section: known kinds, sorted, located, reach for schema kinds."""
    order = [(-e.level.rank, e.area, e.kind) for e in section.entries]
    assert order == sorted(order)
    for entry in section.entries:
        kind = KINDS[entry.kind]
        assert entry.template == kind.template and "#" in entry.origin, entry
        assert len(entry.fingerprint) == 16
        # the kind's level, or info for a change in a schema no operation reaches
        assert entry.level is kind.level or (
            entry.level is Level.INFO and entry.params.get("unreached")), entry


def _judge(old: Path, new: Path) -> Section:
    a, b = build_ir(old)[0], build_ir(new)[0]
    started = time.perf_counter()
    section = judge_pair(a, b, old_label=a.label, new_label=b.label,
                         settings=ChangelogSettings())
    assert time.perf_counter() - started < 20
    _check(section)
    again = judge_pair(a, b, old_label=a.label, new_label=b.label,
                       settings=ChangelogSettings())
    assert again == section  # deterministic
    return section


@pytest.mark.corpus
@pytest.mark.parametrize(("old", "new"), _pairs(SMALL))
def test_small_corpus_pairs_judge(old: Path, new: Path) -> None:
    _judge(old, new)


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize(("old", "new"), _pairs(LARGE))
def test_large_corpus_pairs_judge(old: Path, new: Path) -> None:
    _judge(old, new)


@cache
def _azure() -> Changelog:
    specs = ordered_specs(CORPUS / "azure-openai-inference")
    versions = [(p.stem, build_ir(p)[0]) for p in specs]
    return history(versions, settings=ChangelogSettings(), title="Azure OpenAI")


@pytest.mark.corpus
def test_the_whole_azure_history_in_one_call() -> None:
    if not CORPUS.is_dir():
        pytest.skip(CORPUS_MISSING)
    changelog = _azure()
    assert len(changelog.sections) == len(changelog.versions) - 1 == 10
    for section in changelog.sections:
        _check(section)
    operations = {r.name: r for r in changelog.lifecycle if r.subject == "operation"}
    # present from the first version on
    assert operations["POST /deployments/{deployment-id}/embeddings"].introduced is None
    responses = operations["POST /responses"]
    assert responses.introduced == "2025-03-01-preview" and responses.removed == "v1"


@pytest.mark.corpus
@pytest.mark.parametrize(("old", "new"), PREVIEW_PAIRS)
def test_azure_preview_pairs_keep_the_example_noise_to_one_docs_entry(old: str,
                                                                       new: str) -> None:
    if not CORPUS.is_dir():
        pytest.skip(CORPUS_MISSING)
    [section] = [s for s in _azure().sections if (s.old_label, s.new_label) == (old, new)]
    examples = [e for e in section.entries if e.params.get("aspect") in ("example", "examples")]
    api_version = [e for e in examples if e.params.get("where") == "parameter query/api-version"]
    [entry] = api_version
    assert entry.docs_only and entry.level is Level.INFO and entry.area == "API"
    assert len(entry.reach) == 42 and entry.params["new"] == [new]
    assert all(e.docs_only for e in examples)
    # the schema changes are there, not buried: far fewer entries than operations
    changes = [e for e in section.entries if not e.docs_only]
    assert changes and len(section.entries) < 42
