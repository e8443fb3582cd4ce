"""The command line end to end: validate, inspect and build as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.pipeline import inspect_command
from tests.conftest import REPO, corpus_params
from tests.unit.ir.test_corpus import _count, _raw

SHIPPED = sorted((REPO / "specs" / "azure-openai").glob("*.yaml"))


def specloom(
    *args: str, stdin: str | None = None, cwd: Path = REPO
) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a child process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_shipped_specs_are_clean_under_strict() -> None:
    result = specloom("validate", "--strict", *map(str, SHIPPED))
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == f"0 errors, 0 warnings in {len(SHIPPED)} files"


def test_validate_reads_stdin() -> None:
    bad = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  pets: {}\n"
    result = specloom("validate", "-", stdin=bad)
    assert result.returncode == 1
    assert "<stdin>:4:9: error[path-leading-slash]" in result.stdout


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    spec = tmp_path / "unused.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"
        "paths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n"
        "components:\n  schemas:\n    Unused: {type: string}\n",
        encoding="utf-8",
    )
    assert specloom("validate", str(spec)).returncode == 0
    strict = specloom("validate", "--strict", str(spec))
    assert strict.returncode == 1
    assert "error[component-unused]" in strict.stdout


def test_rule_severity_override_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.specloom.rules]\ncomponent-unused = "error"\npath-leading-slash = "off"\n',
        encoding="utf-8",
    )
    spec = tmp_path / "a.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"
        "paths:\n  a:\n    get:\n      responses:\n        '200': {description: ok}\n"
        "components:\n  schemas:\n    Unused: {type: string}\n",
        encoding="utf-8",
    )
    result = specloom("validate", "a.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "error[component-unused]" in result.stdout
    assert "path-leading-slash" not in result.stdout


def test_unknown_rule_in_config_is_reported(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.specloom.rules]\nno-such-rule = "error"\n', encoding="utf-8"
    )
    (tmp_path / "a.yaml").write_text("openapi: 3.1.0\n", encoding="utf-8")
    result = specloom("validate", "a.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "no-such-rule" in result.stderr and "Traceback" not in result.stderr


def test_list_rules_json_names_every_code() -> None:
    result = specloom("validate", "--list-rules", "--format", "json")
    codes = [r["code"] for r in json.loads(result.stdout)]
    assert "operation-id-duplicate" in codes and codes == sorted(codes)


def test_inspect_v1_markers() -> None:
    result = specloom("inspect", str(REPO / "specs/azure-openai/v1.yaml"), "--format", "json")
    data = json.loads(result.stdout)
    assert (data["label"], data["openapi"]) == ("v1", "3.1.0")
    assert data["preview_operations"] >= 6 and data["streaming_operations"] >= 2
    assert data["servers"][0]["url"] == "https://{endpoint}/openai/v1"
    params = {(p["name"], p["in"]): p["required"] for p in data["api_parameters"]}
    assert params.get(("api-version", "query")) is False


def test_inspect_bad_file_is_a_located_error(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: [\n", encoding="utf-8")
    result = specloom("inspect", str(spec))
    assert result.returncode == 1
    assert "bad.yaml:" in result.stdout and "error[parse-syntax]" in result.stdout


def test_build_validates_the_configured_specs_and_generated_is_current() -> None:
    result = specloom("build", "--check", "--no-cache")
    assert result.returncode == 0, result.stdout
    assert f"azure-openai: {len(SHIPPED)} versions" in result.stdout
    assert "generated/azure_openai: up to date" in result.stdout


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params())
def test_inspect_json_counts_equal_independent_counts(path: Path) -> None:
    text, code = inspect_command(str(path), fmt="json", use_cache=False)
    assert code == 0
    data = json.loads(text)
    raw = _raw(path)
    assert data["operations"] == _count(raw, "paths")
    assert data["webhooks"] == _count(raw, "webhooks")
    assert data["schemas"] == len((raw.get("components") or {}).get("schemas") or {})
    assert 0 <= data["preview_operations"] <= data["operations"] + data["webhooks"]
    assert 0 <= data["streaming_operations"] <= data["operations"] + data["webhooks"]


def _peak_rss_kib(args: list[str]) -> int:
    import os

    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
        env={**os.environ, "SPECLOOM_PARALLEL": "never"},  # one process: its own peak
    )
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode in (0, 1)
    return int(usage.ru_maxrss)


def test_many_specs_in_one_run_do_not_pile_up_in_memory(corpus: Path) -> None:
    # The command line runs with the cyclic collector off; each spec's document must still be
    # freed before the next is loaded, or validating a folder would hold every spec at once.
    big = str(corpus / "openai" / "2026-08-21.yaml")
    once = _peak_rss_kib(["validate", "--no-cache", big])
    four = _peak_rss_kib(["validate", "--no-cache", big, big, big, big])
    assert four < once * 1.25  # without the collection between specs: about 1.7x
