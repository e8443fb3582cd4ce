"""Interleaved runs: each repetition runs every contender once, so machine noise hits all alike."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.measure import Sample, Summary, run_once, summarize
from bench.peers import network_check
from bench.registry import Comparison, Contender, Context, Metric

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class ContenderResult:
    """Every sample of one contender, and what else was learnt about it."""

    contender: Contender
    samples: tuple[Sample, ...] = ()
    setup_error: str | None = None
    network: str = ""

    def values(self, metric: Metric) -> tuple[float, ...]:
        """The ranked figure of every successful run."""
        if metric is Metric.INNER:
            return tuple(s.inner for s in self.samples if s.ok and s.inner is not None)
        return tuple(s.wall for s in self.samples if s.ok)

    def summary(self, metric: Metric) -> Summary | None:
        """Median/min/max of the ranked figure."""
        return summarize(self.values(metric))

    def wall(self) -> Summary | None:
        """Median/min/max of the whole-process wall time."""
        return self.summary(Metric.WALL)

    def rss_kib(self) -> Summary | None:
        """Median/min/max of the peak resident memory, KiB."""
        return summarize([float(s.max_rss_kib) for s in self.samples if s.ok])

    def failures(self) -> tuple[Sample, ...]:
        """The runs that did not count."""
        return tuple(s for s in self.samples if not s.ok)


@dataclass(frozen=True, slots=True, kw_only=True)
class ComparisonResult:
    """One comparison's results, contenders in registry order."""

    comparison: Comparison
    results: tuple[ContenderResult, ...]

    def result(self, name: str) -> ContenderResult:
        """The result of the contender called `name`."""
        return next(r for r in self.results if r.contender.name == name)


def schedule(names: Sequence[str], runs: int) -> list[list[str]]:
    """Round-robin order: every repetition runs each name once, the first one rotating."""
    count = len(names)
    return [[names[(rep + i) % count] for i in range(count)] for rep in range(runs)]


def child_env(ctx: Context, extra: Mapping[str, str]) -> dict[str, str]:
    """The environment of a measured process: ours, an isolated IR cache, then its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}
    env["SPECLOOM_CACHE_DIR"] = str(ctx.cache_dir)
    env.update(extra)
    return env


def _once(ctx: Context, c: Contender, metric: Metric, timeout: float) -> Sample:
    return run_once(
        c.argv,
        env=child_env(ctx, c.env),
        cwd=ctx.repo,
        timeout=timeout,
        expect_inner=metric is Metric.INNER,
    )


def _prepare(
    ctx: Context, c: Contender, metric: Metric, warmup: bool, timeout: float, progress: Progress
) -> str | None:
    """Check what a contender requires, run its setup and its warm-up; the failure, if any."""
    if c.requires:
        progress(f"check    {c.label}")
        probe = run_once(c.requires, env=child_env(ctx, c.env), cwd=ctx.repo, timeout=timeout)
        if probe.error is not None or probe.returncode != 0:
            lines = (probe.error or "").strip().splitlines()
            why = f"exit {probe.returncode}: {lines[-1]}" if lines else f"exit {probe.returncode}"
            if probe.error is not None and not probe.error.startswith("exit "):
                why = probe.error.strip().splitlines()[-1]  # could not start, or timed out
            shown = " ".join([Path(c.requires[0]).name, *c.requires[1:]])
            return f"not available: `{shown}` failed ({why})"
    for argv in c.setup:
        progress(f"setup    {c.label}")
        sample = run_once(
            argv,
            env=child_env(ctx, c.env),
            cwd=ctx.repo,
            timeout=timeout,
            expect_inner=metric is Metric.INNER,
        )
        if not sample.ok:
            return f"setup failed: {sample.error}"
    if warmup and c.warmup:
        progress(f"warm-up  {c.label}")
        _once(ctx, c, metric, timeout)
    return None


def _measure(
    ctx: Context,
    live: Mapping[str, tuple[Contender, Metric]],
    runs: int,
    timeout: float,
    progress: Progress,
) -> dict[str, list[Sample]]:
    """The interleaved repetitions proper."""
    samples: dict[str, list[Sample]] = {name: [] for name in live}
    for rep, names in enumerate(schedule(list(live), runs), start=1):
        for name in names:
            c, metric = live[name]
            for _ in range(c.batch):
                sample = _once(ctx, c, metric, timeout)
                samples[name].append(sample)
            shown = f"wall {sample.wall:.3f} s"
            if sample.inner is not None:
                shown = f"in process {sample.inner:.3f} s, {shown}"
            if not sample.ok:
                shown = f"FAILED ({sample.error})"
            progress(f"run {rep}/{runs}  {c.label}: {shown}")
    return samples


def execute(
    ctx: Context,
    comparisons: Sequence[Comparison],
    *,
    runs: int,
    warmup: bool,
    timeout: float,
    progress: Progress,
) -> tuple[ComparisonResult, ...]:
    """Measure every available contender `runs` times, interleaved, and check the network."""
    errors: dict[str, str] = {}
    live: dict[str, tuple[Contender, Metric]] = {}
    for comp in comparisons:
        for c in comp.contenders:
            failure = (
                None if c.unavailable else _prepare(ctx, c, comp.metric, warmup, timeout, progress)
            )
            if failure is not None:
                errors[c.name] = failure
            elif c.unavailable is None:
                live[c.name] = (c, comp.metric)
    samples = _measure(ctx, live, runs, timeout, progress)
    network: dict[str, str] = {}
    for name, (c, _) in live.items():
        if c.check_network:
            progress(f"network  {c.label}")
            network[name] = network_check(c.argv, env=child_env(ctx, c.env), cwd=ctx.repo)

    def result(c: Contender) -> ContenderResult:
        return ContenderResult(
            contender=c,
            samples=tuple(samples.get(c.name, ())),
            setup_error=errors.get(c.name),
            network=network.get(c.name, ""),
        )

    return tuple(
        ComparisonResult(comparison=comp, results=tuple(result(c) for c in comp.contenders))
        for comp in comparisons
    )
