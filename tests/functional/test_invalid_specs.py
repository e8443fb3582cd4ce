"""Every bad input: exit 1, the expected located diagnostics, and never a traceback.

Each `tests/fixtures/invalid/<case>.{yaml,json}` has `<case>.expected.txt`: one line per expected
finding, `LINE:COL: SEVERITY[CODE]` (`-:-` where no position applies). Regenerate after a
reviewed change with `python -m tests.regen_invalid`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

INVALID = REPO / "tests" / "fixtures" / "invalid"
CASES = sorted(p for p in INVALID.iterdir() if p.suffix in {".yaml", ".json"})
LINE = re.compile(
    r"^(?P<file>.+?):(?:(?P<line>\d+):(?P<col>\d+):)? "
    r"(?P<sev>error|warning|info)\[(?P<code>[a-z0-9-]+)\]: (?P<msg>.+)$"
)


def run_validate(path: Path) -> subprocess.CompletedProcess[str]:
    """`specloom validate PATH` in a child process (a crash fails the test, not the run)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "generator", "validate", path.name, "--no-cache"],
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def findings(stdout: str, name: str) -> list[str]:
    """The `LINE:COL: SEVERITY[CODE]` view of the text output's finding lines."""
    out = []
    for raw in stdout.splitlines()[:-1]:
        match = LINE.match(raw)
        assert match, f"not a diagnostic line: {raw!r}"
        assert match["msg"].strip(), raw
        assert match["file"].startswith(name) or match["file"].startswith("_parts/"), raw
        where = f"{match['line']}:{match['col']}" if match["line"] else "-:-"
        out.append(f"{where}: {match['sev']}[{match['code']}]")
    return sorted(out)


def expected_path(case: Path) -> Path:
    """`<case>.expected.txt` beside the fixture."""
    return case.with_name(case.stem + ".expected.txt")


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_invalid_fixture(case: Path) -> None:
    result = run_validate(case)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == 1, result.stdout + result.stderr
    expected = expected_path(case).read_text(encoding="utf-8").split("\n")
    assert findings(result.stdout, case.name) == sorted(line for line in expected if line)


def test_every_fixture_has_expectations() -> None:
    missing = [p.name for p in CASES if not expected_path(p).is_file()]
    assert missing == []
    assert len(CASES) >= 25
