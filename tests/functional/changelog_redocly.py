"""`redocly diff BASE REVISION` as an oracle for breaking changes, with a results cache.

Redocly's `--format json` report (reportVersion 1) lists changes with an `impact`
(`major`/`minor`/`patch`) and verdicts that locate each judgement (`location.pointer`, at the
component where the change happens, like specloom's origins). The major verdicts are what the
tests compare with specloom's breaking entries. A run takes seconds on a big pair, so what it
found is cached by (both files' sha256, Redocly's version, this wrapper's version) in
`build/oracle-cache/`, as the validator oracle's results are.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.peers import REDOCLY_ENV, Tool

REPO = Path(__file__).resolve().parents[2]
CACHE_DIR = REPO / "build" / "oracle-cache"
WRAPPER_VERSION = 1  # bump when what is recorded changes
# Redocly's own defaults (its diff rules on), telemetry off.
_CONFIG = "telemetry: off\nextends:\n  - diff-recommended\n"


@dataclass(frozen=True, slots=True)
class Breaking:
    """One change Redocly rated `major`, with every pointer it gave for it."""

    rule: str
    message: str
    path: str  # where the change was met (through an operation)
    at: str  # the verdict's location: where it happens
    base: str | None
    revision: str | None

    def pointers(self) -> tuple[str, ...]:
        """The pointers that locate the change, `#` dropped."""
        found = (self.at, self.base, self.revision, self.path)
        return tuple(p.removeprefix("#") for p in found if p)


def _key(base: Path, revision: Path, version: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"redocly-diff {version} wrapper {WRAPPER_VERSION}\0".encode())
    for path in (base, revision):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def redocly_breaking(base: Path, revision: Path, redocly: Tool) -> list[Breaking]:
    """The changes Redocly rates major between `base` and `revision` (cached)."""
    assert redocly.path is not None and redocly.version is not None
    entry = CACHE_DIR / f"redocly-diff-{_key(base, revision, redocly.version)}.json"
    if entry.is_file():
        return [Breaking(**item) for item in json.loads(entry.read_text(encoding="utf-8"))]
    found = _run(base, revision, redocly.path)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=CACHE_DIR, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump([asdict(b) for b in found], handle)
    os.replace(tmp, entry)
    return found


def _run(base: Path, revision: Path, binary: Path) -> list[Breaking]:
    with tempfile.TemporaryDirectory(prefix="redocly-diff-") as work:
        config = Path(work) / "redocly.yaml"
        config.write_text(_CONFIG, encoding="utf-8")
        out = Path(work) / "report.json"
        argv = [str(binary), "diff", str(base.resolve()), str(revision.resolve()),
                "--format", "json", "--fail-on", "none", "-o", str(out),
                "--config", str(config)]
        done = subprocess.run(argv, cwd=work, env={**os.environ, **REDOCLY_ENV},
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=900)
        # exit 1 also means "the revision has lint errors" (Azure's unresolvable external
        # examples): the report is still complete for what could be read
        if done.returncode not in (0, 1) or not out.is_file():
            tail = (done.stderr + done.stdout).strip()[-600:]
            raise RuntimeError(f"redocly diff exited {done.returncode}: {tail}")
        report = json.loads(out.read_text(encoding="utf-8"))
    return _major(report)


def _major(report: dict[str, object]) -> list[Breaking]:
    found = []
    changes = report.get("changes", [])
    assert isinstance(changes, list)
    for change in changes:
        for verdict in change.get("verdicts", []):
            if verdict.get("impact") != "major":
                continue
            found.append(Breaking(
                rule=verdict.get("ruleId", "?"),
                message=verdict.get("message", ""),
                path=change.get("path", ""),
                at=(verdict.get("location") or {}).get("pointer", ""),
                base=(change.get("base") or {}).get("pointer"),
                revision=(change.get("revision") or {}).get("pointer"),
            ))
    return found
