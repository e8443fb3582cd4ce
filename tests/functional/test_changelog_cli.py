"""`specloom changelog`: inputs, formats, the CI gate, accepted changes, bad input, -o."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import REPO

SPECS = REPO / "specs" / "azure-openai"
OLD, NEW = SPECS / "2025-04-01-preview.yaml", SPECS / "v1.yaml"


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["changelog", *(str(a) for a in args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_markdown_pair_breaking_first_with_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, OLD, NEW)
    assert (code, err) == (0, "")
    assert "## Changes between `2025-04-01-preview` and `v1`" in out
    summary = re.search(r"\*\*Summary:\*\* (\d+) breaking, (\d+) warnings?, (\d+) info", out)
    assert summary is not None and int(summary.group(1)) > 0
    levels = [out.index(h) for h in ("### Breaking changes", "### Warnings", "### Other changes")
              if h in out]
    assert levels == sorted(levels) and out.index("### Breaking changes") == levels[0]


def test_json_matches_the_markdown_counts(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, OLD, NEW, "--format", "json")
    data = json.loads(out)
    assert data["schema_version"] == 1 and data["versions"] == ["2025-04-01-preview", "v1"]
    (section,) = data["sections"]
    entries = section["entries"]
    assert section["counts"]["breaking"] == sum(e["level"] == "breaking" for e in entries) > 0
    assert all(re.fullmatch(r"[0-9a-f]{16}", e["fingerprint"]) for e in entries)
    _, markdown, _ = _run(capsys, OLD, NEW)
    assert f"**Summary:** {section['counts']['breaking']} breaking" in markdown


def test_fail_on_gates_and_an_ignore_file_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, OLD, NEW, "--fail-on", "breaking")[0] == 1
    data = json.loads(_run(capsys, OLD, NEW, "--format", "json")[1])
    entries = data["sections"][0]["entries"]
    breaking = [e for e in entries if e["level"] == "breaking"]
    ignore = tmp_path / "accepted.txt"
    lines = ["# changes we accepted for v1", ""]
    lines += [f"{e['fingerprint']}  {e['message']}" for e in breaking]
    ignore.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = _run(capsys, OLD, NEW, "--fail-on", "breaking", "--ignore", ignore)
    assert code == 0
    assert out.count("*(accepted)*") == len(breaking)
    warnings = [e for e in entries if e["level"] == "warning"]
    code = _run(capsys, OLD, NEW, "--fail-on", "warning", "--ignore", ignore)[0]
    assert code == (1 if warnings else 0)


def test_identical_specs_say_no_changes(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, NEW, NEW, "--format", "text")[:2] == (0, "no changes\n")
    code, out, _ = _run(capsys, NEW, NEW, "--fail-on", "warning")
    assert code == 0 and "No changes." in out


def test_a_folder_is_a_history_newest_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, SPECS, "--format", "json")
    data = json.loads(out)
    assert code == 0
    labels = [p.stem for p in sorted(SPECS.glob("*.yaml"))]
    assert data["versions"] == ["2024-08-01-preview", "2024-09-01-preview", "2024-10-21",
                                "2025-04-01-preview", "v1"] == sorted(labels)
    pairs = [(s["old"], s["new"]) for s in data["sections"]]
    assert pairs == list(reversed(list(zip(data["versions"], data["versions"][1:], strict=False))))
    assert data["lifecycle"], "a history has a lifecycle index"


def test_three_specs_are_ordered_by_label(capsys: pytest.CaptureFixture[str]) -> None:
    given = [SPECS / "v1.yaml", SPECS / "2024-10-21.yaml", SPECS / "2025-04-01-preview.yaml"]
    data = json.loads(_run(capsys, *given, "--format", "json")[1])
    assert data["versions"] == ["2024-10-21", "2025-04-01-preview", "v1"]


def test_two_specs_are_old_then_new_as_given(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_run(capsys, NEW, OLD, "--format", "json")[1])
    assert data["versions"] == ["v1", "2025-04-01-preview"]


def test_unloadable_spec_on_either_side_is_located_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.1.0\ninfo: [unclosed\n", encoding="utf-8")
    target = tmp_path / "notes.md"
    target.write_text("previous notes\n", encoding="utf-8")
    for args in ((bad, NEW), (OLD, bad)):
        code, out, err = _run(capsys, *args, "-o", target)
        assert (code, out) == (1, "")
        assert f"{bad}:3:1: error[parse-syntax]" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "previous notes\n"


@pytest.mark.parametrize(("count", "bad_side"), [(3, 0), (3, 1), (3, 2), (2, 0), (2, 1)])
def test_a_forked_build_changes_nothing(
    count: int, bad_side: int, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    # three specs: every second IR built in a child, the diffs in another; a pair: the child
    # that builds NEW also diffs the pair (pipeline/fork_pair.py)
    specs = [SPECS / "2024-10-21.yaml", OLD, NEW][-count:]
    monkeypatch.setenv("SPECLOOM_CACHE_DIR", str(tmp_path / "cache"))
    runs = []
    for mode in ("never", "always"):  # each spec's IR here, or every second one in a child
        monkeypatch.setenv("SPECLOOM_PARALLEL", mode)
        runs.append(_run(capsys, *specs, "--format", "json", "--no-cache"))
    for _ in range(2):  # through the cache: cold, then warm
        runs.append(_run(capsys, *specs, "--format", "json"))
    assert all(run == runs[0] for run in runs) and runs[0][0] == 0
    bad = tmp_path / "v2.yaml"
    bad.write_text("openapi: 3.1.0\ninfo: [unclosed\n", encoding="utf-8")
    specs[bad_side] = bad
    for mode in ("never", "always"):
        monkeypatch.setenv("SPECLOOM_PARALLEL", mode)
        code, out, err = _run(capsys, *specs, "--no-cache")
        assert (code, out) == (1, "") and f"{bad}:3:1: error[parse-syntax]" in err


def test_strict_stops_on_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = NEW.read_text(encoding="utf-8")
    loose = tmp_path / "v2.yaml"  # its IR builds, but validation finds an undeclared parameter
    extra = '  /extra/{id}:\n    get:\n      responses:\n        "200": {description: ok}\n'
    loose.write_text(text.replace("paths:\n", "paths:\n" + extra, 1), encoding="utf-8")
    assert _run(capsys, NEW, loose)[0] == 0
    code, out, err = _run(capsys, NEW, loose, "--strict")
    assert (code, out) == (1, "") and f"{loose}:" in err and "path-param-undeclared" in err


def test_output_file_is_what_stdout_would_be(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _, printed, _ = _run(capsys, OLD, NEW, "--format", "html")
    target = tmp_path / "deep" / "notes.html"
    code, out, _ = _run(capsys, OLD, NEW, "--format", "html", "-o", target)
    assert code == 0 and out == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8") == printed
    assert [p.name for p in target.parent.iterdir()] == ["notes.html"]  # no temporary left


def test_include_docs_shows_documentation_only_changes(
    capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(_run(capsys, SPECS, "--format", "json")[1])
    docs = [e for s in data["sections"] for e in s["entries"] if e["docs_only"]]
    assert docs, "the shipped history changes the api-version example every step"
    _, hidden, _ = _run(capsys, SPECS)
    _, shown, _ = _run(capsys, SPECS, "--include-docs")
    assert "documentation-only not shown" in hidden and "documentation-only" not in shown
    assert len(shown) > len(hidden)


def test_bad_command_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, OLD)
    assert code == 1 and "give OLD NEW" in err
    code, _, err = _run(capsys, OLD, NEW, "--ignore", tmp_path / "absent.txt")
    assert code == 1 and "cannot read the ignore file" in err


def test_a_set_up_error_stops_the_pair_child_started_before_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from generator.pipeline.fork_pair import ForkedPair

    started: list[ForkedPair] = []
    start = ForkedPair.start

    def recorded(*args: object, **kwargs: object) -> ForkedPair | None:
        pair = start(*args, **kwargs)  # type: ignore[arg-type]
        started.extend([pair] if pair is not None else [])
        return pair

    monkeypatch.setattr(ForkedPair, "start", recorded)
    monkeypatch.setenv("SPECLOOM_PARALLEL", "always")  # --no-cache: the child starts first
    code, _, err = _run(capsys, OLD, NEW, "--no-cache", "--ignore", tmp_path / "absent.txt")
    assert code == 1 and "cannot read the ignore file" in err
    assert len(started) == 1
    with pytest.raises(ChildProcessError):  # stopped and reaped: no child is left
        os.waitpid(started[0]._child._pid, os.WNOHANG)
    with pytest.raises(SystemExit) as exc:
        main(["changelog", str(OLD), str(NEW), "--format", "pdf"])
    assert exc.value.code == 2


def test_project_levels_come_from_pyproject(tmp_path: Path) -> None:
    data = json.loads(_cli(tmp_path, OLD, NEW, "--format", "json").stdout)
    kind = next(e["kind"] for e in data["sections"][0]["entries"] if e["level"] == "breaking")
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.specloom.changelog]\nlevels = {{ "{kind}" = "off" }}\n', encoding="utf-8")
    turned = json.loads(_cli(tmp_path, OLD, NEW, "--format", "json").stdout)
    assert kind not in {e["kind"] for e in turned["sections"][0]["entries"]}
    (tmp_path / "pyproject.toml").write_text(
        '[tool.specloom.changelog]\nlevels = { "no-such-kind" = "off" }\n', encoding="utf-8")
    done = _cli(tmp_path, OLD, NEW)
    assert done.returncode == 1 and "no-such-kind" in done.stderr


def _cli(cwd: Path, *args: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "generator", "changelog", *(str(a) for a in args)]
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env})


def _on_a_terminal(*args: str | Path, env: dict[str, str]) -> str:
    """What the command prints when its standard output is a terminal."""
    main_fd, child_fd = pty.openpty()
    argv = [sys.executable, "-m", "generator", "changelog", *(str(a) for a in args)]
    proc = subprocess.Popen(argv, stdout=child_fd, stderr=subprocess.DEVNULL,
                            env={k: v for k, v in env.items()})
    os.close(child_fd)
    chunks = []
    while True:
        try:
            chunk = os.read(main_fd, 1 << 16)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(main_fd)
    return b"".join(chunks).decode("utf-8", "replace")


def test_text_is_coloured_only_on_a_terminal_without_no_color(
    capsys: pytest.CaptureFixture[str]
) -> None:
    base = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    assert "\x1b[" in _on_a_terminal(OLD, NEW, "--format", "text", env=base)
    plain = _on_a_terminal(OLD, NEW, "--format", "text", env={**base, "NO_COLOR": "1"})
    assert "\x1b" not in plain and "Changes between" in plain
    _, piped, _ = _run(capsys, OLD, NEW, "--format", "text")  # captured: not a terminal
    assert "\x1b" not in piped


def test_a_pair_child_that_delivers_nothing_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.pipeline import fork_pair

    monkeypatch.setenv("SPECLOOM_PARALLEL", "never")
    serial = _run(capsys, OLD, NEW, "--format", "json", "--no-cache")
    monkeypatch.setenv("SPECLOOM_PARALLEL", "always")
    asked: list[int] = []

    def unreadable(data: bytes) -> None:
        asked.append(len(data))
        return None

    # NEW's IR is unreadable here (built here instead), OLD's in the child (no diff sent)
    monkeypatch.setattr(fork_pair, "decode_ir", unreadable)
    assert _run(capsys, OLD, NEW, "--format", "json", "--no-cache") == serial
    assert asked  # the child was there, and its IR was refused


@pytest.mark.parametrize("reverse", [False, True])
def test_the_pair_child_builds_either_side(
    reverse: bool, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.pipeline import _size
    from generator.pipeline.fork_pair import ForkedPair

    pair = (NEW, OLD) if reverse else (OLD, NEW)
    assert _size(OLD) != _size(NEW)  # so one order has the child build OLD, the other NEW
    monkeypatch.setenv("SPECLOOM_PARALLEL", "never")
    serial = _run(capsys, *pair, "--format", "json", "--no-cache")
    monkeypatch.setenv("SPECLOOM_PARALLEL", "always")
    roles: list[bool] = []
    start = ForkedPair.start

    def recorded(*args: object, **kwargs: object) -> ForkedPair | None:
        found = start(*args, **kwargs)  # type: ignore[arg-type]
        roles.extend([found.child_builds_old] if found is not None else [])
        return found

    monkeypatch.setattr(ForkedPair, "start", recorded)
    assert _run(capsys, *pair, "--format", "json", "--no-cache") == serial
    assert roles == [_size(pair[0]) < _size(pair[1])]
