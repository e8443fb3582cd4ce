"""docs/BENCHMARKS.md and the stdout summary, rendered from results: pure, fixed layout."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import dataclass

from bench.machine import Machine
from bench.measure import Summary, Verdict, ratio, verdict
from bench.registry import Comparison, Metric
from bench.run import ComparisonResult, ContenderResult


@dataclass(frozen=True, slots=True, kw_only=True)
class SpecInfo:
    """The spec measured."""

    display: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True, kw_only=True)
class BenchReport:
    """Everything docs/BENCHMARKS.md shows."""

    date: str
    command: str
    machine: Machine
    versions: tuple[tuple[str, str], ...]
    spec: SpecInfo
    runs: int
    warmup: bool
    duration: str
    results: tuple[ComparisonResult, ...]
    notes: tuple[str, ...] = ()
    load: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """One contender's figures against its comparison's baseline."""

    label: str
    median: float | None
    baseline_median: float | None
    ratio: float | None
    target: float | None
    verdict: Verdict
    rss_ratio: float | None
    max_rss_mib: float | None = None


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=96, break_long_words=False, break_on_hyphens=False)


def fmt_seconds(value: float | None) -> str:
    """Seconds for a table: `4.2 ms`, `412 ms`, `2.61 s`; an en dash when unknown."""
    if value is None:
        return "–"
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


def fmt_duration(seconds: float) -> str:
    """A run's length: `48 s`, `3 min 12 s`."""
    whole = round(seconds)
    return f"{whole} s" if whole < 60 else f"{whole // 60} min {whole % 60} s"


def fmt_ratio(value: float | None) -> str:
    """A ratio for a table: `0.24x`, `0.031x` below 0.1; an en dash when unknown."""
    if value is None:
        return "–"
    return f"{value:.3f}x" if value < 0.1 else f"{value:.2f}x"


def fmt_mib(kib: float | None) -> str:
    """KiB as whole MiB: `143 MiB`."""
    return "–" if kib is None else f"{kib / 1024:.0f} MiB"


def fmt_target(target: float | None, max_rss_mib: float | None = None) -> str:
    """`≤ 0.30x` (and `, ≤ 250 MiB` with a memory ceiling), or empty when there is none."""
    text = "" if target is None else f"≤ {target:.2f}x"
    return text if max_rss_mib is None else f"{text}, ≤ {max_rss_mib:.0f} MiB peak RSS"


def _median(summary: Summary | None) -> float | None:
    return None if summary is None else summary.median


def _span(summary: Summary | None) -> str:
    return "–" if summary is None else f"{fmt_seconds(summary.low)} – {fmt_seconds(summary.high)}"


def row(result: ComparisonResult, name: str) -> Row:
    """The figures of contender `name` against the baseline of its comparison."""
    comp = result.comparison
    mine, base = result.result(name), result.result(comp.baseline)
    median = _median(mine.summary(comp.metric))
    base_median = _median(base.summary(comp.metric))
    value = ratio(median, base_median)
    target = mine.contender.target_ratio
    judged = verdict(value, target)
    limit = mine.contender.max_rss_mib
    rss = _median(mine.rss_kib())
    if judged is Verdict.PASS and limit is not None and (rss is None or rss / 1024 > limit):
        judged = Verdict.MISS  # fast enough, but over its memory ceiling
    return Row(
        label=mine.contender.label,
        median=median,
        baseline_median=base_median,
        ratio=value,
        target=target,
        verdict=judged,
        rss_ratio=ratio(rss, _median(base.rss_kib())),
        max_rss_mib=limit,
    )


def targeted_rows(results: tuple[ComparisonResult, ...]) -> Iterator[tuple[Comparison, Row]]:
    """Every contender that has a target, with its comparison, in report order."""
    for result in results:
        for r in result.results:
            if r.contender.target_ratio is not None:
                yield result.comparison, row(result, r.contender.name)


def _runs(r: ContenderResult) -> str:
    ok = len(r.samples) - len(r.failures())
    return f"{ok}/{len(r.samples)}"


def _exits(r: ContenderResult) -> str:
    return ", ".join(str(code) for code in sorted({s.returncode for s in r.samples}))


def _status(r: ContenderResult) -> str | None:
    if r.contender.unavailable is not None:
        return f"not available: {r.contender.unavailable}"
    if r.setup_error is not None:
        return r.setup_error
    if not r.samples:
        return "not run"
    return None


def _table_head(metric: Metric) -> list[str]:
    wall = " Process wall |" if metric is Metric.INNER else ""
    head = f"| Contender | Median ({metric.value}) | Min – max |{wall} Peak RSS | Ratio | Target |"
    head += " Result | Runs | Exit |"
    return [head, "|" + "---|" * (head.count("|") - 1)]


def _table_row(result: ComparisonResult, r: ContenderResult) -> str:
    comp, c = result.comparison, r.contender
    status = _status(r)
    cells = 9 if comp.metric is Metric.INNER else 8
    if status is not None:
        return f"| {c.label} | {status} |" + " |" * (cells - 1)
    figures = row(result, c.name)
    summary = r.summary(comp.metric)
    parts = [c.label, fmt_seconds(figures.median), _span(summary)]
    if comp.metric is Metric.INNER:
        parts.append(fmt_seconds(_median(r.wall())))
    is_base = c.name == comp.baseline
    parts += [
        fmt_mib(_median(r.rss_kib())),
        "baseline" if is_base else fmt_ratio(figures.ratio),
        fmt_target(figures.target, figures.max_rss_mib),
        f"**{figures.verdict.value}**" if figures.verdict is not Verdict.NONE else "",
        _runs(r),
        _exits(r),
    ]
    return "| " + " | ".join(parts) + " |"


def _comparison_section(result: ComparisonResult) -> list[str]:
    comp = result.comparison
    base = comp.contender(comp.baseline).label
    about = f"Ratio: median {comp.metric.value} / that of {base}. {comp.note}".strip()
    lines = [f"## {comp.title}", "", _wrap(about)]
    lines += ["", *_table_head(comp.metric)]
    lines += [_table_row(result, r) for r in result.results]
    lines += ["", "Commands (SPEC is the spec above):", ""]
    lines += [f"- {r.contender.label}: `{r.contender.shown}`" for r in result.results]
    extra = [f"- Network, {r.contender.label}: {r.network}" for r in result.results if r.network]
    for r in result.results:
        extra += [f"- Failed run, {r.contender.label}: {s.error}" for s in r.failures()]
    return [*lines, *(["", *extra] if extra else []), ""]


def _summary_table(results: tuple[ComparisonResult, ...]) -> list[str]:
    lines = [
        "| Comparison | Contender | Median | Baseline median | Ratio | Target | Result |"
        " Peak RSS ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for comp, r in targeted_rows(results):
        result = f"**{r.verdict.value}**" if r.verdict is not Verdict.NONE else "not measured"
        lines.append(
            f"| {comp.title} | {r.label} | {fmt_seconds(r.median)} |"
            f" {fmt_seconds(r.baseline_median)} | {fmt_ratio(r.ratio)} |"
            f" {fmt_target(r.target, r.max_rss_mib)} |"
            f" {result} | {fmt_ratio(r.rss_ratio)} |"
        )
    return lines


def _machine_section(report: BenchReport) -> list[str]:
    m = report.machine
    memory = "unknown" if m.memory_bytes is None else f"{m.memory_bytes / 2**30:.1f} GiB"
    lines = ["## Machine", "", "| | |", "|---|---|", f"| CPU | {m.cpu} |", f"| Cores | {m.cores} |"]
    lines += [f"| Memory | {memory} |", f"| OS | {m.os} |", f"| Python | {m.python} |"]
    if report.load is not None:
        start, end = report.load
        lines.append(f"| Load (1-minute average) | {start:.2f} at start, {end:.2f} at end |")
    lines.append("")
    lines += ["## Versions", "", "| Tool | Version |", "|---|---|"]
    lines += [f"| {name} | {version} |" for name, version in report.versions]
    return [*lines, ""]


def render_markdown(report: BenchReport) -> str:
    """docs/BENCHMARKS.md for `report`."""
    s = report.spec
    runs = "1 run" if report.runs == 1 else f"{report.runs} interleaved runs"
    warm = ", each contender after one untimed warm-up run" if report.warmup else ""
    intro = (
        f"Figures are medians of {runs}{warm}. Every repetition runs each contender once, in"
        " rotating order, so machine noise hits all alike. The machine is a noisy shared"
        f" {report.machine.cores}-core one: absolute times drift between runs, so read the"
        " ratios, which compare contenders measured together. Each run is a fresh process;"
        " peak RSS is that process's maximum resident set, from the kernel (os.wait4)."
    )
    lines = [
        "# Benchmarks",
        "",
        _wrap(
            f"Written by `{report.command}` on {report.date} (the run took {report.duration});"
            " regenerate it rather than edit it."
        ),
        "",
        _wrap(intro),
        "",
        "## Spec",
        "",
        f"`{s.display}`: {s.size:,} bytes, sha256 `{s.sha256[:16]}…`.",
        "",
        "## Targets",
        "",
        *_summary_table(report.results),
        "",
        *_machine_section(report),
    ]
    for result in report.results:
        lines += _comparison_section(result)
    if report.notes:
        notes = [
            textwrap.indent(_wrap(f"- {note}"), "  ").removeprefix("  ") for note in report.notes
        ]
        lines += ["## Notes", "", *notes, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_summary(report: BenchReport) -> str:
    """A few lines for stdout: each target's ratio and verdict."""
    lines = [f"bench: {report.spec.display}, {report.runs} run(s), medians"]
    for comp, r in targeted_rows(report.results):
        verdict_text = r.verdict.value or "not measured"
        lines.append(
            f"  {comp.name:<14} {r.label:<32} {fmt_seconds(r.median):>8}"
            f" vs {fmt_seconds(r.baseline_median):>8} = {fmt_ratio(r.ratio):>7}"
            f" (target {fmt_target(r.target, r.max_rss_mib)}) {verdict_text}"
        )
    for result in report.results:
        for c in result.results:
            status = _status(c)
            if status is not None:
                lines.append(f"  {result.comparison.name:<14} {c.contender.label}: {status}")
    return "\n".join(lines) + "\n"
