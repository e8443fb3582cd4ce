"""Building APIs from fixture pairs and inline YAML for the changelog tests."""

from __future__ import annotations

from pathlib import Path

from generator.changelog import judge_pair
from generator.changelog.model import Section
from generator.changelog.settings import ChangelogSettings
from generator.ir.build import build_api
from generator.ir.model import Api
from generator.spec.load import load_spec
from tests.conftest import REPO

CASES = REPO / "tests" / "fixtures" / "diff"


def api_of(path: Path) -> Api:
    """The IR of one spec file."""
    return build_api(load_spec(path))


def api_from_text(tmp: Path, name: str, text: str) -> Api:
    """The IR of a spec given as YAML text (written to `tmp/name.yaml`)."""
    path = tmp / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return api_of(path)


def judge_case(case: str, *, reverse: bool = False,
               settings: ChangelogSettings | None = None) -> Section:
    """The section for a fixture pair (`reverse`: revision -> base)."""
    base, revision = api_of(CASES / case / "base.yaml"), api_of(CASES / case / "revision.yaml")
    if reverse:
        base, revision = revision, base
    return judge_pair(base, revision, old_label="base", new_label="revision",
                      settings=settings or ChangelogSettings())


def kinds(section: Section) -> set[str]:
    """The kinds of a section's entries."""
    return {e.kind for e in section.entries}
