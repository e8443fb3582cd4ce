"""Validation in two processes finds exactly what it finds in one.

Big specs are validated by the parent and a forked child, each running half of the passes
(`validate(..., part="main" | "values")`). These tests hold the halves to the whole on every
corpus spec, hold forked runs to serial runs, and show that a child that fails or dies costs
nothing but time: the parent then does its half itself.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from generator import pipeline
from generator.pipeline import check_spec
from generator.spec.load import load_spec
from generator.spec.validate import validate
from tests.conftest import REPO, corpus_params

SHIPPED = sorted((REPO / "specs" / "azure-openai").glob("*.yaml"))
INVALID = sorted((REPO / "tests" / "fixtures" / "invalid").glob("*.*"))
INVALID = [p for p in INVALID if not p.name.endswith(".expected.txt") and p.is_file()]


def _validate(path: Path, part: pipeline.Part) -> set[object]:
    return set(validate(load_spec(path), part=part))


@pytest.mark.parametrize("path", corpus_params())
def test_halves_find_what_the_whole_finds(path: Path) -> None:
    try:
        whole = _validate(path, "all")
    except pipeline.SpecError:
        pytest.skip("the spec does not load; nothing is validated in either mode")
    assert _validate(path, "main") | _validate(path, "values") == whole


def _checked(path: Path, mode: str, monkeypatch: pytest.MonkeyPatch) -> pipeline.Checked:
    monkeypatch.setenv("SPECLOOM_PARALLEL", mode)
    return check_spec(path)


@pytest.mark.parametrize("path", SHIPPED + INVALID, ids=lambda p: p.name)
def test_forked_equals_serial(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = _checked(path, "never", monkeypatch)
    assert _checked(path, "always", monkeypatch).diagnostics == serial.diagnostics


# Findings in both halves: an example its schema rejects (values), a duplicate operationId
# (main), and a deprecated schema `example` in a 3.1 file (main; an info finding).
BOTH_HALVES = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: same
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: integer, example: "not a number"}
  /b:
    get:
      operationId: same
      responses:
        "200": {description: ok}
"""


@pytest.fixture
def both_halves(tmp_path: Path) -> Path:
    path = tmp_path / "both.yaml"
    path.write_text(BOTH_HALVES, encoding="utf-8")
    return path


def test_child_delivers_its_half(both_halves: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPECLOOM_PARALLEL", "always")
    helper = pipeline._Helper.start(lambda: pipeline._check_half(both_halves, {}), 0)
    assert helper is not None
    delivered = helper.join()
    assert delivered == pipeline._check_half(both_halves, {})
    assert {d.code for d in delivered or []} == {"example-invalid"}
    forked = _checked(both_halves, "always", monkeypatch).diagnostics
    assert forked == _checked(both_halves, "never", monkeypatch).diagnostics
    codes = {d.code for d in forked}
    assert {"operation-id-duplicate", "example-invalid", "schema-example-deprecated"} <= codes


def _failing_in_child(action: str, monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    real = pipeline._check_half

    def half(path: str | Path, overrides: dict[str, str]) -> list[object]:
        if os.getpid() != parent:
            if action == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            raise RuntimeError("the child fails")
        return real(path, overrides)  # type: ignore[return-value]

    monkeypatch.setattr(pipeline, "_check_half", half)


@pytest.mark.parametrize("action", ["raise", "kill"])
def test_a_failing_child_changes_nothing(
    action: str, both_halves: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = _checked(both_halves, "never", monkeypatch)
    _failing_in_child(action, monkeypatch)
    assert _checked(both_halves, "always", monkeypatch).diagnostics == serial.diagnostics


def test_small_specs_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPECLOOM_PARALLEL", raising=False)
    assert not pipeline._parallel_wanted(pipeline.PARALLEL_MIN_BYTES - 1)
    monkeypatch.setenv("SPECLOOM_PARALLEL", "never")
    assert pipeline._Helper.start(lambda: [], 10 * pipeline.PARALLEL_MIN_BYTES) is None


def test_no_fork_while_other_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setenv("SPECLOOM_PARALLEL", "always")
    assert pipeline._parallel_wanted(0)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not pipeline._parallel_wanted(0)
    finally:
        release.set()
        other.join()
