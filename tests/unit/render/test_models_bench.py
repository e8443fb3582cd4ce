"""The models bench rows: the generate row holds a memory ceiling beside its time ratio."""

from __future__ import annotations

from pathlib import Path

from bench.measure import Sample, Verdict
from bench.registry import Comparison, Contender, Metric
from bench.report import fmt_target, row
from bench.run import ComparisonResult, ContenderResult
from tests.unit.test_bench import NO_NPM, _context


def _result(rss_mib: int) -> ComparisonResult:
    comp = Comparison(name="models", title="Models", metric=Metric.WALL, baseline="peer",
                      contenders=(Contender(name="peer", label="peer", argv=("x",), shown="x"),
                                  Contender(name="ours", label="ours", argv=("x",), shown="x",
                                            target_ratio=0.15, max_rss_mib=250)))
    samples = [(10.0, 400), (1.0, rss_mib)]
    return ComparisonResult(comparison=comp, results=tuple(
        ContenderResult(contender=c, samples=(Sample(wall=w, inner=None, max_rss_kib=m * 1024,
                                                     returncode=0, error=None),))
        for c, (w, m) in zip(comp.contenders, samples, strict=True)))


def test_generate_row_targets_time_and_peak_rss(tmp_path: Path) -> None:
    from bench.registry import comparisons

    (models,) = comparisons(_context(tmp_path, NO_NPM), ("models",))
    cold = models.contender("specloom-generate-cold")
    assert (cold.target_ratio, cold.max_rss_mib) == (0.15, 250)


def test_over_the_memory_ceiling_is_a_miss_even_when_fast() -> None:
    assert row(_result(200), "ours").verdict is Verdict.PASS
    assert row(_result(300), "ours").verdict is Verdict.MISS
    assert fmt_target(0.15, 250) == "≤ 0.15x, ≤ 250 MiB peak RSS"
