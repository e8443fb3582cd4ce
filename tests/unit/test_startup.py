"""Start-up is part of the product: the CLI module imports nothing heavy."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

HEAVY = (
    "pydantic",
    "jinja2",
    "black",
    "datamodel_code_generator",
    "openapi_spec_validator",
    "ruamel",
)


def _run(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_import_cli_loads_nothing_heavy() -> None:
    code = (
        "import sys, generator.cli\n"
        f"heavy = {HEAVY!r}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
        "print('dataclasses' in sys.modules, 'generator.ir' in sys.modules)"
    )
    loaded, flags = _run(code).splitlines()
    assert loaded == "[]"
    assert flags == "False False"


def test_version_is_a_literal_and_printed() -> None:
    import generator

    out = _run("from generator.cli import main; main(['--version'])")
    assert out == f"specloom {generator.__version__}"
    assert generator.__version__.count(".") == 2


def test_help_lists_commands() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "generator", "--help"], cwd=REPO, capture_output=True, text=True
    )
    assert out.returncode == 0
    for command in ("validate", "inspect", "bundle", "build"):
        assert command in out.stdout


def test_bad_command_line_exits_2() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--format", "nope", "x.yaml"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
