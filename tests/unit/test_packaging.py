"""The wheel works on its own: console script, literal version, templates shipped inside."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import generator
from generator.resources import templates_dir
from tests.conftest import REPO


def test_templates_found_from_checkout() -> None:
    assert templates_dir() == REPO / "templates"


def test_wheel_installs_and_runs(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("specloom-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/templates/README.md" in names
    assert not any(n.startswith(("tests/", "specs/")) for n in names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-index"]
    subprocess.run([*pip, "--no-deps", str(wheel)], check=True, capture_output=True)

    out = subprocess.run(
        [str(venv / "bin" / "specloom"), "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"specloom {generator.__version__}"
    where = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "from generator.resources import templates_dir; print(templates_dir())",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout.strip()
    assert Path(where).is_relative_to(venv)
    assert (Path(where) / "README.md").is_file()
