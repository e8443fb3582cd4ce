"""Every kind that is not a schema kind, exercised by its named row; symmetry of inverses."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.changelog import judge_pair
from generator.changelog.model import Section
from generator.changelog.registry import KINDS
from generator.changelog.settings import ChangelogSettings
from tests.unit.changelog.helpers import api_from_text, kinds
from tests.unit.changelog.part_cases import BACKWARD, FORWARD, row

PART_KINDS = sorted(k for k, v in KINDS.items() if not v.group.startswith("schemas:"))
# Inverses that need history to come out exactly: a removal swapped is an addition, but an
# addition swapped is a removal "without deprecation" only when nothing was deprecated.
ONE_WAY = {"endpoint-removed-after-deprecation", "request-parameter-removed-after-deprecation"}


def _judge(tmp: Path, texts: tuple[str, str]) -> Section:
    base, revision = api_from_text(tmp, "base", texts[0]), api_from_text(tmp, "rev", texts[1])
    return judge_pair(base, revision, old_label="base", new_label="revision",
                      settings=ChangelogSettings())


def test_every_kind_has_a_row() -> None:
    assert set(FORWARD) | set(BACKWARD) == set(PART_KINDS)


@pytest.mark.parametrize("kind", PART_KINDS)
def test_kind_is_produced(kind: str, tmp_path: Path) -> None:
    section = _judge(tmp_path, row(kind))
    assert kind in kinds(section), sorted(kinds(section))
    entry = next(e for e in section.entries if e.kind == kind)
    assert entry.docs_only is KINDS[kind].docs_only
    assert entry.fingerprint and entry.template == KINDS[kind].template


@pytest.mark.parametrize("kind", PART_KINDS)
def test_swapping_versions_gives_the_inverse(kind: str, tmp_path: Path) -> None:
    inverse = KINDS[kind].inverse
    assert inverse is not None and inverse in KINDS
    if kind not in ONE_WAY:
        assert KINDS[inverse].inverse == kind
    old, new = row(kind)
    assert inverse in kinds(_judge(tmp_path, (new, old)))


def test_explode_of_a_scalar_parameter_is_no_change(tmp_path: Path) -> None:
    from tests.unit.changelog.part_cases import _one, _param, operation

    section = _judge(tmp_path, (_one(operation(parameters=[_param()])),
                                _one(operation(parameters=[_param(explode=False)]))))
    assert kinds(section) == set()
