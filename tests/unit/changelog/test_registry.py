"""The registry as a whole: ids, levels, inverses, the oasdiff table, the generated docs."""

from __future__ import annotations

import re

import pytest

from generator.changelog.kinds_doc import kinds_markdown
from generator.changelog.model import Level
from generator.changelog.oasdiff_map import COVERAGE, KEYWORDS, OTHER, SAME
from generator.changelog.registry import KINDS, Kind
from tests.conftest import REPO

REFERENCE = REPO.parent / "shared" / "reference" / "diff-anchors.md"


def test_at_least_150_kinds_with_stable_ids() -> None:
    assert len(KINDS) >= 150
    for ident, kind in KINDS.items():
        assert isinstance(kind, Kind) and kind.id == ident
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", ident), ident
        assert isinstance(kind.level, Level) and kind.template


def test_inverses_exist_and_docs_kinds_are_info() -> None:
    for kind in KINDS.values():
        assert kind.inverse is None or kind.inverse in KINDS, kind.id
        if kind.docs_only:
            assert kind.level is Level.INFO and kind.id.startswith("docs-")


def test_direction_rule_mirrors_request_and_response() -> None:
    # narrowing breaks a request and is info in a response; widening the other way round
    assert KINDS["request-property-max-length-decreased"].level is Level.BREAKING
    assert KINDS["response-property-max-length-decreased"].level is Level.INFO
    assert KINDS["request-body-enum-value-added"].level is Level.INFO
    assert KINDS["response-body-enum-value-added"].level is Level.WARNING
    assert KINDS["request-property-added-required"].level is Level.BREAKING
    assert KINDS["response-property-removed-required"].level is Level.BREAKING
    assert KINDS["response-property-removed-optional"].level is Level.WARNING
    assert KINDS["request-property-type-specialized"].level is Level.BREAKING
    assert KINDS["response-property-type-generalized"].level is Level.WARNING


def test_oasdiff_table_maps_every_id_to_a_kind_or_a_reason() -> None:
    assert len(SAME) == len(set(SAME))
    assert not set(SAME) & set(OTHER) and not set(KEYWORDS) & (set(SAME) | set(OTHER))
    assert len(COVERAGE) == 509
    for ident, (kind, note) in COVERAGE.items():
        if kind:
            assert kind in KINDS, ident
        else:
            assert len(note) > 20, ident


def test_oasdiff_table_matches_the_reference() -> None:
    if not REFERENCE.is_file():
        pytest.skip(f"reference not found at {REFERENCE}")
    text = REFERENCE.read_text(encoding="utf-8")
    listed = re.findall(r"^\| \d+ \| `([^`]+)` \|", text, flags=re.M)
    assert len(listed) == 509 and set(listed) == set(COVERAGE)


def test_docs_are_generated_from_the_registry() -> None:
    committed = (REPO / "docs" / "changelog-kinds.md").read_text(encoding="utf-8")
    assert committed == kinds_markdown(), (
        "docs/changelog-kinds.md is stale: python -m generator.changelog.kinds_doc "
        "> docs/changelog-kinds.md")
    for ident in KINDS:
        assert f"| `{ident}` |" in committed
