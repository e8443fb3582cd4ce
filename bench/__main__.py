"""`python -m bench [--runs N | --quick] [--only NAME] [--spec FILE] [--output FILE]`.

(`make bench BENCH_ARGS=--quick` passes options through make.)

Installs the peers (Redocly CLI into tests/node), measures every registered comparison in one
interleaved run, writes docs/BENCHMARKS.md and prints a summary. Exit 0 when it measured
(a missed target is a finding, not a failure; --fail-on-miss makes it one), 2 when the spec
is absent or the command line is wrong.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.machine import this_machine
from bench.measure import Verdict
from bench.peers import Peers, distribution_versions, ensure_peers
from bench.registry import Context, comparisons
from bench.report import (
    BenchReport,
    SpecInfo,
    fmt_duration,
    render_markdown,
    render_summary,
    targeted_rows,
)
from bench.run import ComparisonResult, execute

REPO = Path(__file__).resolve().parent.parent
SPEC_IN_CORPUS = Path("openai") / "2026-08-21.yaml"
DISTRIBUTIONS = (
    "yaml-rs",
    "jsonschema-rs",
    "ruamel.yaml",
    "ruamel.yaml.clib",
    "openapi-spec-validator",
)


def corpus_dir() -> Path:
    """The corpus: $SPECLOOM_CORPUS, else ../shared/corpus beside the repo."""
    return Path(os.environ.get("SPECLOOM_CORPUS", REPO.parent / "shared" / "corpus"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Measure specloom against its peers; write docs/BENCHMARKS.md.",
    )
    parser.add_argument("--runs", type=int, default=5, metavar="N", help="repetitions (5)")
    parser.add_argument("--quick", action="store_true", help="one repetition, no warm-up")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="measure only this comparison (repeatable): in-process, validate, startup,"
        " multi-validate, multi-inspect, multi-bundle, models, models-import, changelog,"
        " changelog-history, client-generate, client-first-request, client-overhead-sync,"
        " client-overhead-async",
    )
    parser.add_argument("--spec", type=Path, help=f"spec to measure (corpus/{SPEC_IN_CORPUS})")
    parser.add_argument(
        "--output",
        type=Path,
        default=REPO / "docs" / "BENCHMARKS.md",
        help="report to write (docs/BENCHMARKS.md)",
    )
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run (600)")
    parser.add_argument("--no-install", action="store_true", help="use peers already installed")
    parser.add_argument("--fail-on-miss", action="store_true", help="exit 1 if a target is missed")
    return parser


def _spec_info(spec: Path) -> SpecInfo:
    data = spec.read_bytes()
    try:
        display = spec.resolve().relative_to(corpus_dir().resolve()).as_posix()
    except ValueError:
        display = spec.name
    return SpecInfo(display=display, size=len(data), sha256=hashlib.sha256(data).hexdigest())


def _versions(peers: Peers) -> tuple[tuple[str, str], ...]:
    import generator

    return (
        ("specloom", generator.__version__),
        *distribution_versions(DISTRIBUTIONS),
        ("@redocly/cli", peers.redocly.version or f"not available: {peers.redocly.unavailable}"),
        ("node", peers.node_version or "not available"),
    )


def _notes(peers: Peers) -> tuple[str, ...]:
    redocly = peers.redocly
    state = redocly.note or f"not available: {redocly.unavailable}"
    return (
        f"Redocly CLI: {state}; installed by `npm ci` under tests/node (pinned by its lock),"
        " never globally.",
        "Redocly runs with REDOCLY_TELEMETRY=off, REDOCLY_SUPPRESS_UPDATE_NOTICE=true, "
        "REDOCLY_SUPPRESS_NOTIFICATIONS=true, `telemetry: off` in its config and "
        "OTEL_TRACES_URL on a closed loopback port: without them it resolves and contacts its "
        "telemetry host on every command.",
        "openapi-spec-validator stops at the first error by default; `--validation-errors all` "
        "is the like-for-like row (specloom reports every finding).",
        "specloom's bytecode is compiled before the runs, as pip compiles it when it installs "
        "the wheel (an editable install under PYTHONDONTWRITEBYTECODE would recompile every "
        "module in every run).",
    )


class UsageError(Exception):
    """The command line or the environment does not allow a run (exit 2)."""


def _checked(args: argparse.Namespace) -> tuple[int, Path]:
    """The number of repetitions and the spec, or UsageError."""
    runs = 1 if args.quick else int(args.runs)
    if runs < 1:
        raise UsageError("--runs must be at least 1")
    spec = Path(args.spec) if args.spec else corpus_dir() / SPEC_IN_CORPUS
    if not spec.is_file():
        raise UsageError(f"spec not found at {spec} (set SPECLOOM_CORPUS or pass --spec)")
    return runs, spec


def _measure(
    args: argparse.Namespace, spec: Path, peers: Peers, runs: int
) -> tuple[ComparisonResult, ...]:
    """Every chosen comparison, measured with isolated IR caches in a temporary folder."""
    tree, no_tree = _split(spec, peers, args.only)
    with tempfile.TemporaryDirectory(prefix="specloom-bench-") as tmp:
        ctx = Context(
            repo=REPO,
            bench_dir=REPO / "build" / "bench",
            python=Path(sys.executable),
            spec=spec.resolve(),
            peers=peers,
            cache_dir=Path(tmp) / "cache",
            warm_cache_dir=Path(tmp) / "warm-cache",
            tree=tree,
            tree_unavailable=no_tree,
        )
        chosen = comparisons(ctx, tuple(args.only))
        unknown = set(args.only) - {comp.name for comp in chosen}
        if unknown:
            raise UsageError(f"unknown comparison(s): {', '.join(sorted(unknown))}")
        return execute(
            ctx,
            chosen,
            runs=runs,
            warmup=not args.quick,
            timeout=args.timeout,
            progress=lambda line: print(f"bench: {line}", file=sys.stderr),
        )


def _split(spec: Path, peers: Peers, only: Sequence[str]) -> tuple[Path | None, str]:
    """The `redocly split` tree of `spec` for the multi-file rows (cached in build/split-cache,
    as the tests cache it), or None and why not."""
    if only and not any(name.startswith("multi-") for name in only):
        return None, "not measured in this run"
    if peers.redocly.unavailable is not None:
        return None, f"no split tree: Redocly CLI {peers.redocly.unavailable}"
    from tests.splits import SplitError, split_tree

    print(f"bench: redocly split {spec.name} (cached in build/split-cache/) ...", file=sys.stderr)
    try:
        return split_tree(spec, peers.redocly), ""
    except SplitError as exc:
        return None, f"no split tree: {exc}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; the exit code."""
    args = _parser().parse_args(argv)
    started, load_start = time.monotonic(), _load()
    try:
        runs, spec = _checked(args)
        _compile_bytecode()
        print("bench: checking peers (tests/node, build/bench/) ...", file=sys.stderr)
        peers = ensure_peers(REPO / "build" / "bench", install=not args.no_install)
        results = _measure(args, spec, peers, runs)
    except UsageError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    report = BenchReport(
        date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        command=_command(sys.argv[1:] if argv is None else argv),
        machine=this_machine(),
        versions=_versions(peers),
        spec=_spec_info(spec),
        runs=runs,
        warmup=not args.quick,
        duration=fmt_duration(time.monotonic() - started),
        results=results,
        notes=_notes(peers),
        load=(load_start, _load()),
    )
    from generator.write import atomic_write_bytes

    atomic_write_bytes(args.output, render_markdown(report).encode("utf-8"))
    print(render_summary(report), end="")
    print(f"bench: wrote {args.output}", file=sys.stderr)
    missed = any(r.verdict is Verdict.MISS for _, r in targeted_rows(results))
    return 1 if missed and args.fail_on_miss else 0


def _compile_bytecode() -> None:
    """Compile specloom's bytecode, as pip does when it installs the wheel.

    An editable install leaves it to the interpreter, which under PYTHONDONTWRITEBYTECODE
    (set on some machines) compiles every module again in every run: start-up users of the
    installed wheel never pay.
    """
    import compileall

    compileall.compile_dir(REPO / "generator", quiet=1)


def _load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0


def _command(words: Sequence[str]) -> str:
    return " ".join(["python -m bench", *words]) if words else "make bench"


if __name__ == "__main__":
    raise SystemExit(main())
