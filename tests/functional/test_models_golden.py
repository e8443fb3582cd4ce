"""Golden models projects for a 3.0 and a 3.1 kitchen-sink spec (tests/regen_models.py)."""

from __future__ import annotations

import json
from pathlib import Path

import black
import pytest

from tests.models_support import FIXTURES, GOLDEN_CASES, golden_files, render

REGEN = "regenerate with `.venv/bin/python -m tests.regen_models` and review the diff"


@pytest.mark.parametrize("case", sorted(GOLDEN_CASES))
def test_output_matches_the_golden_project(case: str) -> None:
    got = render(FIXTURES / case, GOLDEN_CASES[case])
    want = golden_files(case)
    assert sorted(got) == sorted(want), REGEN
    changed = [rel for rel in sorted(got) if got[rel] != want[rel]]
    assert changed == [], REGEN


@pytest.mark.parametrize("case", sorted(GOLDEN_CASES))
def test_golden_python_is_black_stable(case: str) -> None:
    assert_black_stable(golden_files(case))


def assert_black_stable(files: dict[str, str]) -> None:
    """Black (pinned) would change none of the Python files."""
    mode = black.Mode()
    changed = []
    for rel, text in sorted(files.items()):
        if not rel.endswith(".py"):
            continue
        try:
            black.format_file_contents(text, fast=False, mode=mode)
        except black.NothingChanged:
            continue
        changed.append(rel)
    assert changed == []


def test_lock_keeps_every_name_when_the_kitchen_sink_is_reordered_and_grows(tmp_path: Path) -> None:
    """Reverse the order of the components, add a schema whose name an inline schema had,
    and regenerate with the lock: no existing class, field or module changes its name."""
    import yaml_rs

    from generator.naming import loads
    from generator.write import write_tree

    spec = FIXTURES / "kitchen-31.yaml"
    first = render(spec, "kitchen")
    write_tree(tmp_path / "out", first)
    data = yaml_rs.loads(spec.read_text(encoding="utf-8"), parse_datetime=False)
    schemas = data["components"]["schemas"]
    grown = dict(reversed(list(schemas.items())))
    grown["PetBaseOwner"] = {"type": "integer"}  # the inline owner object's name
    grown["Zebra"] = {"type": "object", "properties": {"stripes": {"type": "integer"}}}
    data["components"]["schemas"] = grown
    moved = tmp_path / "kitchen-31.json"
    moved.write_text(json.dumps(data), encoding="utf-8")
    second = render(moved, "kitchen", lock_dir=tmp_path / "out")
    old, new = loads(first["specloom.lock.json"]), loads(second["specloom.lock.json"])
    for kind in ("classes", "fields", "modules"):
        before, after = getattr(old, kind), getattr(new, kind)
        assert {k: after.get(k) for k in before} == before, kind
    assert new.classes["#/components/schemas/PetBaseOwner"] == "PetBaseOwnerModel"
    assert new.classes["#/components/schemas/Zebra"] == "Zebra"


def test_a_generated_project_builds_a_wheel(tmp_path: Path) -> None:
    import subprocess
    import sys
    import zipfile

    from generator.write import write_tree

    write_tree(tmp_path / "proj", render(FIXTURES / "kitchen-31.yaml", "kitchen31"))
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
         str(tmp_path / "dist")],
        cwd=tmp_path / "proj", check=True, capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("kitchen31-2.1.0-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"kitchen31/__init__.py", "kitchen31/_base.py", "kitchen31/py.typed"} <= set(names)
