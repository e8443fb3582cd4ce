"""`specloom bundle` end to end: output, formats, exit codes, and a failure writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from generator.spec.parse import parse_bytes
from tests.conftest import REPO
from tests.functional.test_cli import specloom

FIXTURES = REPO / "tests" / "fixtures" / "bundle"
TREE = str(FIXTURES / "tree" / "openapi.yaml")
BROKEN = str(FIXTURES / "broken" / "openapi.yaml")


def test_bundle_to_stdout_is_yaml() -> None:
    result = specloom("bundle", TREE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("openapi: 3.0.3\ninfo:\n")
    assert result.stderr == ""


def test_format_follows_the_output_suffix_unless_given(tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    assert specloom("bundle", TREE, "-o", str(out)).returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "Pet-schemas" in data["components"]["schemas"]
    forced = tmp_path / "b.txt"
    assert specloom("bundle", TREE, "-o", str(forced), "--format", "json").returncode == 0
    assert json.loads(forced.read_text(encoding="utf-8")) == data
    yaml_out = tmp_path / "b.yaml"
    assert specloom("bundle", TREE, "--output", str(yaml_out)).returncode == 0
    assert parse_bytes(yaml_out.read_bytes(), "b.yaml")[0] == data


def test_a_failure_is_located_exits_1_and_leaves_the_output_alone(tmp_path: Path) -> None:
    out = tmp_path / "bundle.yaml"
    out.write_text("previous\n", encoding="utf-8")
    result = specloom("bundle", BROKEN, "-o", str(out))
    assert result.returncode == 1
    assert f"{BROKEN}:14:23: error[ref-unreadable]" in result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["bundle.yaml"]


def test_unloadable_input_exits_1(tmp_path: Path) -> None:
    result = specloom("bundle", str(tmp_path / "absent.yaml"))
    assert result.returncode == 1
    assert "error[io-read]" in result.stderr
    assert result.stdout == ""


def test_a_wrong_command_line_exits_2() -> None:
    assert specloom("bundle").returncode == 2
    assert specloom("bundle", TREE, "--format", "xml").returncode == 2


def test_warnings_do_not_fail_it() -> None:
    # The tree has nonstandard refs (ref-nonstandard warnings): the bundle is still written.
    result = specloom("bundle", TREE, "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["info"]["description"].startswith("# Pets")
