"""The changelog rows: `specloom changelog --format json` against `redocly diff` on one OpenAI
pair (cold and warm), and the whole four-version OpenAI history (cold and warm).

Both tools print their whole report as JSON; Redocly runs with its diff rules on
(`extends: diff-recommended`), as `redocly diff` does with no config of one's own. The number
of entries each prints for the pair is counted once (cached in build/bench/ by the files'
hashes) and shown in the note, beside the times.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

from bench.peers import REDOCLY_ENV
from bench.registry import Comparison, Contender, Context, Metric

# The pair the issue names: the two newest OpenAI specs of the corpus, beside the bench spec.
PAIR = ("2026-05-13.yaml", "2026-08-21.yaml")
REDOCLY_DIFF_CONFIG = "extends:\n  - diff-recommended\ntelemetry: off\n"


def _pair(ctx: Context) -> tuple[Path, Path, str | None]:
    old, new = (ctx.spec.parent / name for name in PAIR)
    missing = [p.name for p in (old, new) if not p.is_file()]
    return old, new, f"{', '.join(missing)} not beside the spec" if missing else None


def _specloom(ctx: Context) -> tuple[str, str | None]:
    path = ctx.python.parent / "specloom"
    return str(path), None if os.access(path, os.X_OK) else "console script specloom missing"


def _diff_config(ctx: Context) -> Path:
    config = ctx.bench_dir / "redocly-diff.yaml"
    if not config.is_file() or config.read_text(encoding="utf-8") != REDOCLY_DIFF_CONFIG:
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(REDOCLY_DIFF_CONFIG, encoding="utf-8")
    return config


def changelog_pair(ctx: Context) -> Comparison:
    """`specloom changelog --format json` cold and warm against `redocly diff --format json`."""
    old, new, no_pair = _pair(ctx)
    specloom, no_specloom = _specloom(ctx)
    redocly = ctx.peers.redocly
    out = ctx.cache_dir.parent / "redocly-diff.json"
    theirs = (str(redocly.path), "diff", str(old), str(new), "--format", "json",
              "--fail-on", "none", "-o", str(out), "--config", str(_diff_config(ctx)))
    ours = (specloom, "changelog", str(old), str(new), "--format", "json")
    warm_env = {"SPECLOOM_CACHE_DIR": str(ctx.warm_cache_dir)}
    counts = "" if no_pair or redocly.unavailable else _counts(ctx, theirs, ours)
    return Comparison(
        name="changelog",
        title="Version-change notes of one OpenAI pair, whole process",
        metric=Metric.WALL,
        baseline="redocly-diff",
        note=f"OLD, NEW: corpus openai/{PAIR[0]} and openai/{PAIR[1]}. Peak memory is reported"
        " beside the times (the target: below Redocly's)." + counts,
        contenders=(
            Contender(name="redocly-diff",
                      label=f"redocly diff --format json (@redocly/cli {redocly.version or '?'})",
                      argv=theirs, env=REDOCLY_ENV, unavailable=redocly.unavailable or no_pair,
                      shown="redocly diff OLD NEW --format json -o OUT --config redocly-diff.yaml"
                      " (extends: diff-recommended; telemetry off)", check_network=True),
            Contender(name="specloom-changelog-cold", label="specloom changelog --no-cache",
                      argv=(*ours, "--no-cache"), target_ratio=0.25,
                      shown="specloom changelog OLD NEW --format json --no-cache",
                      unavailable=no_specloom or no_pair, check_network=True),
            Contender(name="specloom-changelog-warm", label="specloom changelog, warm cache",
                      argv=ours, env=warm_env, setup=(ours,), target_ratio=0.1,
                      shown="specloom changelog OLD NEW --format json (cache primed: the IRs"
                      " and the judged pair)",
                      unavailable=no_specloom or no_pair),
            Contender(name="specloom-changelog-ir-only", label="specloom changelog, IR cache only",
                      argv=ours, env={"SPECLOOM_CACHE_DIR": str(_ir_only_cache(ctx))},
                      setup=(ours,),
                      shown="specloom changelog OLD NEW --format json (IR cache primed; judged"
                      " parts cannot be kept: notes-pairs/ and notes-versions/ are files)",
                      unavailable=no_specloom or no_pair),
        ),
    )


def _ir_only_cache(ctx: Context) -> Path:
    """A cache folder that keeps IRs but no judged parts (its `notes-pairs` and
    `notes-versions` are files, so every such entry fails to be written, as on a read-only
    cache): the judging cost on its own."""
    import shutil

    from generator.pipeline.notes_cache import PAIRS, VERSIONS

    folder = ctx.bench_dir / "cache-ir-only"
    folder.mkdir(parents=True, exist_ok=True)
    for kind in (PAIRS, VERSIONS):
        blocker = folder / kind
        if blocker.is_dir():
            shutil.rmtree(blocker)
        if not blocker.is_file():
            blocker.write_text("judged parts are not kept in this bench cache\n", "utf-8")
    return folder


def changelog_history(ctx: Context) -> Comparison:
    """The whole OpenAI history folder in one `specloom changelog`, cold and warm."""
    specloom, no_specloom = _specloom(ctx)
    folder = ctx.spec.parent
    versions = sorted(p.name for p in folder.glob("*.yaml")) if folder.is_dir() else []
    ours = (specloom, "changelog", str(folder), "--format", "json")
    warm_env = {"SPECLOOM_CACHE_DIR": str(ctx.warm_cache_dir)}
    return Comparison(
        name="changelog-history",
        title="Version-change notes of the whole OpenAI history, whole process",
        metric=Metric.WALL,
        baseline="specloom-history-cold",
        note=f"DIR: the corpus folder of the spec ({len(versions)} versions: "
        f"{', '.join(versions) or 'absent'}); each version's IR built once, each consecutive"
        " pair diffed once. Reported, no target.",
        contenders=(
            Contender(name="specloom-history-cold", label="specloom changelog DIR --no-cache",
                      argv=(*ours, "--no-cache"), warmup=False,
                      shown="specloom changelog DIR --format json --no-cache",
                      unavailable=no_specloom),
            Contender(name="specloom-history-warm", label="specloom changelog DIR, warm cache",
                      argv=ours, env=warm_env, setup=(ours,),
                      shown="specloom changelog DIR --format json (cache primed)",
                      unavailable=no_specloom),
        ),
    )


def _counts(ctx: Context, theirs: tuple[str, ...], ours: tuple[str, ...]) -> str:
    """" Entries printed: ..." for the note, computed once per pair of files and versions."""
    digest = hashlib.sha256()
    for part in (*theirs[2:4], ctx.peers.redocly.version or "", ctx.python.name):
        digest.update(Path(part).read_bytes() if Path(part).is_file() else part.encode())
    # and specloom's own code: another judge prints other entries
    for source in sorted((Path(__file__).resolve().parents[1] / "generator").rglob("*.py")):
        digest.update(source.read_bytes())
    cache = ctx.bench_dir / f"changelog-counts-{digest.hexdigest()[:16]}.json"
    if not cache.is_file():
        try:
            found = {"redocly": _redocly_count(theirs), "specloom": _specloom_count(ours)}
        except (OSError, subprocess.SubprocessError, ValueError, KeyError) as exc:
            return f" Entries printed: not counted ({type(exc).__name__})."
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(found), encoding="utf-8")
    found = json.loads(cache.read_text(encoding="utf-8"))
    return f" Entries printed: Redocly {found['redocly']}; specloom {found['specloom']}."


def _redocly_count(argv: tuple[str, ...]) -> str:
    subprocess.run(argv, env={**os.environ, **REDOCLY_ENV}, capture_output=True, timeout=600,
                   check=True, stdin=subprocess.DEVNULL)
    report = json.loads(Path(argv[argv.index("-o") + 1]).read_text(encoding="utf-8"))
    summary = report["summary"]
    return (f"{len(report['changes'])} changes ({summary['major']} major, "
            f"{summary['minor']} minor, {summary['patch']} patch)")


def _specloom_count(argv: tuple[str, ...]) -> str:
    done = subprocess.run(argv, capture_output=True, timeout=600, check=True,
                          stdin=subprocess.DEVNULL)
    entries = [e for s in json.loads(done.stdout)["sections"] for e in s["entries"]]
    levels = {level: sum(e["level"] == level for e in entries)
              for level in ("breaking", "warning", "info")}
    docs = sum(e["docs_only"] for e in entries)
    return (f"{len(entries)} entries ({levels['breaking']} breaking, {levels['warning']}"
            f" warning, {levels['info']} info, of which {docs} documentation-only)")
