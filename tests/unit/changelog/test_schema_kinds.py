"""Every schema kind of the registry, exercised: its row placed in its family, both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.changelog import judge_pair
from generator.changelog.kinds_schema import SUFFIXES, Family
from generator.changelog.model import Section
from generator.changelog.registry import KINDS
from generator.changelog.settings import ChangelogSettings
from tests.unit.changelog.helpers import api_from_text, kinds
from tests.unit.changelog.kind_cases import PROPERTY_ROWS, SCHEMA_ROWS, placed, placed_object

# swapped, a deprecated property removed is an optional property added (not the reverse)
ONE_WAY = {"removed-after-deprecation"}
SCHEMA_KINDS = sorted(k for k, v in KINDS.items() if v.group.startswith("schemas:"))


def _split(kind: str) -> tuple[Family, str]:
    for family in sorted(Family, key=lambda f: -len(f.value)):
        if kind.startswith(family.value + "-"):
            return family, kind[len(family.value) + 1:]
    raise AssertionError(kind)


def _judge(tmp: Path, family: Family, suffix: str, *, reverse: bool = False) -> Section:
    if suffix in PROPERTY_ROWS:
        old, new = PROPERTY_ROWS[suffix]
        texts = placed_object(family.value, old), placed_object(family.value, new)
    else:
        old, new = SCHEMA_ROWS[suffix]
        texts = placed(family.value, old), placed(family.value, new)
    if reverse:
        texts = texts[::-1]
    base, revision = api_from_text(tmp, "base", texts[0]), api_from_text(tmp, "rev", texts[1])
    return judge_pair(base, revision, old_label="base", new_label="revision",
                      settings=ChangelogSettings())


def test_every_suffix_has_a_row() -> None:
    assert {s.suffix for s in SUFFIXES} == set(SCHEMA_ROWS) | set(PROPERTY_ROWS)


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_schema_kind_is_produced(kind: str, tmp_path: Path) -> None:
    family, suffix = _split(kind)
    section = _judge(tmp_path, family, suffix)
    assert kind in kinds(section), sorted(kinds(section))
    [entry] = [e for e in section.entries if e.kind == kind]
    assert entry.level is KINDS[kind].level
    assert [r.operation for r in entry.reach] == ["POST /things"]


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_schema_kind_reversed_gives_its_inverse(kind: str, tmp_path: Path) -> None:
    family, suffix = _split(kind)
    inverse = KINDS[kind].inverse
    assert inverse is not None
    if suffix not in ONE_WAY:
        assert KINDS[inverse].inverse == kind
    assert inverse in kinds(_judge(tmp_path, family, suffix, reverse=True))
