"""The benchmark harness's own logic: statistics, parsing, scheduling and the report layout.

Speed itself is measured by `make bench`, never asserted here.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from bench.child import main as child_main
from bench.machine import Machine, cpu_model, mem_total, os_name
from bench.measure import (
    Sample,
    Summary,
    Verdict,
    parse_child_output,
    ratio,
    run_once,
    summarize,
    verdict,
)
from bench.peers import Peers, Tool, foreign_connects, package_json_version, parse_version
from bench.registry import Comparison, Contender, Context, Metric, comparisons
from bench.report import (
    BenchReport,
    SpecInfo,
    fmt_duration,
    fmt_mib,
    fmt_ratio,
    fmt_seconds,
    render_markdown,
    render_summary,
    row,
)
from bench.run import ComparisonResult, ContenderResult, execute, schedule

# --- statistics ---------------------------------------------------------------------------


def test_summarize_odd_count_takes_middle_value() -> None:
    assert summarize([3.0, 1.0, 2.0]) == Summary(median=2.0, low=1.0, high=3.0, count=3)


def test_summarize_even_count_averages_middle_pair() -> None:
    summary = summarize([4.0, 1.0, 3.0, 2.0])
    assert summary is not None
    assert summary.median == 2.5
    assert (summary.low, summary.high, summary.count) == (1.0, 4.0, 4)


def test_summarize_nothing_is_none() -> None:
    assert summarize([]) is None


def test_median_resists_one_outlier() -> None:
    summary = summarize([1.0, 1.1, 0.9, 1.0, 50.0])
    assert summary is not None
    assert summary.median == 1.0
    assert summary.high == 50.0


def test_ratio_divides_by_baseline() -> None:
    assert ratio(0.6, 2.0) == pytest.approx(0.3)


@pytest.mark.parametrize(("value", "baseline"), [(None, 1.0), (1.0, None), (1.0, 0.0), (1.0, -1)])
def test_ratio_unknown_when_either_side_missing_or_not_positive(
    value: float | None, baseline: float | None
) -> None:
    assert ratio(value, baseline) is None


def test_verdict_target_is_inclusive() -> None:
    assert verdict(0.3, 0.3) is Verdict.PASS
    assert verdict(0.29, 0.3) is Verdict.PASS
    assert verdict(0.31, 0.3) is Verdict.MISS
    assert verdict(None, 0.3) is Verdict.NONE
    assert verdict(0.1, None) is Verdict.NONE


# --- the child protocol and one real process ------------------------------------------------


def test_child_output_takes_last_marker_line_among_noise() -> None:
    text = 'warning: x\nbench-result:{"inner": 1.0}\nbench-result:{"inner": 0.25}\ntrailing\n'
    assert parse_child_output(text) == 0.25


def test_child_output_without_marker_is_none() -> None:
    assert parse_child_output("nothing here\n") is None
    assert parse_child_output('bench-result:{"other": 1}') is None


def test_child_refuses_unknown_task(capsys: pytest.CaptureFixture[str]) -> None:
    assert child_main(["no-such-task", "spec.yaml"]) == 2
    assert "usage" in capsys.readouterr().err


def _python(code: str) -> tuple[str, ...]:
    return (sys.executable, "-c", code)


def test_run_once_reads_child_timing_and_memory(tmp_path: Path) -> None:
    code = "print('noise'); print('bench-result:{\"inner\": 0.5}')"
    sample = run_once(_python(code), env={}, cwd=tmp_path, timeout=60, expect_inner=True)
    assert sample.ok, sample.error
    assert sample.inner == 0.5
    assert sample.returncode == 0
    assert sample.max_rss_kib > 0
    assert sample.wall > 0


def test_run_once_exit_1_counts_as_ran(tmp_path: Path) -> None:
    sample = run_once(_python("raise SystemExit(1)"), env={}, cwd=tmp_path, timeout=60)
    assert sample.ok
    assert sample.returncode == 1


def test_run_once_other_exit_code_is_a_failed_run(tmp_path: Path) -> None:
    code = "import sys; sys.stderr.write('boom'); raise SystemExit(3)"
    sample = run_once(_python(code), env={}, cwd=tmp_path, timeout=60)
    assert not sample.ok
    assert sample.error is not None and sample.error.startswith("exit 3") and "boom" in sample.error


def test_run_once_traceback_is_a_failed_run_even_with_exit_1(tmp_path: Path) -> None:
    sample = run_once(_python("import no_such_module_x"), env={}, cwd=tmp_path, timeout=60)
    assert sample.returncode == 1
    assert not sample.ok
    assert sample.error is not None and "ModuleNotFoundError" in sample.error


def test_run_once_missing_timing_is_a_failed_run(tmp_path: Path) -> None:
    sample = run_once(_python("pass"), env={}, cwd=tmp_path, timeout=60, expect_inner=True)
    assert not sample.ok
    assert sample.error is not None and "no timing" in sample.error


def test_run_once_kills_on_timeout(tmp_path: Path) -> None:
    sample = run_once(_python("import time; time.sleep(60)"), env={}, cwd=tmp_path, timeout=0.3)
    assert not sample.ok
    assert sample.error == "timed out after 0.3 s"


def test_run_once_missing_program_is_a_failed_run(tmp_path: Path) -> None:
    sample = run_once((str(tmp_path / "absent"),), env={}, cwd=tmp_path, timeout=5)
    assert not sample.ok


# --- peers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.77.0\n", "2.77.0"),
        ("v20.20.2\n", "20.20.2"),
        ("openapi-spec-validator 0.9.0", "0.9.0"),
        ("@redocly/cli 2.77.0-beta.1 (node)", "2.77.0-beta.1"),
        ("npm WARN something\n11.19.1\n", "11.19.1"),
        ("no version", None),
        ("", None),
    ],
)
def test_parse_version(text: str, expected: str | None) -> None:
    assert parse_version(text) == expected


def test_package_json_version() -> None:
    assert package_json_version('{"name": "@redocly/cli", "version": "2.77.0"}') == "2.77.0"
    assert package_json_version('{"name": "x"}') is None
    assert package_json_version("[1, 2]") is None
    assert package_json_version("not json") is None


_V6 = "sin6_flowinfo=htonl(0), inet_pton(AF_INET6, {!r}, &sin6_addr), sin6_scope_id=0"
STRACE_LOG = "\n".join(
    [
        "5663  connect(19, {sa_family=AF_INET, sin_port=htons(53), "
        'sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
        '5663  connect(20, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1',
        "5664  connect(21, {sa_family=AF_INET, sin_port=htons(9), "
        'sin_addr=inet_addr("127.0.0.1")}, 16) = -1',
        "5664  connect(22, {sa_family=AF_INET6, sin6_port=htons(443), "
        + _V6.format("2606:4700::1").replace("'", '"')
        + "}, 28) = -1",
        "5664  connect(23, {sa_family=AF_INET6, sin6_port=htons(80), "
        + _V6.format("::1").replace("'", '"')
        + "}, 28) = 0",
    ]
)


def test_foreign_connects_keeps_only_non_loopback_internet_addresses() -> None:
    assert foreign_connects(STRACE_LOG) == ("10.255.255.53:53", "[2606:4700::1]:443")


def test_foreign_connects_empty_log() -> None:
    assert foreign_connects("") == ()


# --- machine ----------------------------------------------------------------------------------


def test_machine_parsing() -> None:
    cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD  EPYC 7B13\n"
    assert cpu_model(cpuinfo) == "AMD EPYC 7B13"
    assert cpu_model("processor : 0\n") == "unknown"
    assert mem_total("MemFree: 1 kB\nMemTotal:       24684084 kB\n") == 24684084 * 1024
    assert mem_total("") is None
    assert os_name('NAME="Debian"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n') == (
        "Debian GNU/Linux 12 (bookworm)"
    )


# --- scheduling -------------------------------------------------------------------------------


def test_schedule_runs_each_contender_once_per_repetition_rotating() -> None:
    plan = schedule(["a", "b", "c"], 4)
    assert plan == [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"], ["a", "b", "c"]]


def test_schedule_edge_cases() -> None:
    assert schedule(["a"], 2) == [["a"], ["a"]]
    assert schedule([], 2) == [[], []]
    assert schedule(["a", "b"], 0) == []


# --- registry ---------------------------------------------------------------------------------


def _context(tmp_path: Path, redocly: Tool) -> Context:
    peers = Peers(redocly=redocly, redocly_config=tmp_path / "redocly.yaml", node_version=None)
    return Context(
        repo=tmp_path,
        bench_dir=tmp_path,
        python=Path(sys.executable),
        spec=tmp_path / "spec.yaml",
        peers=peers,
        cache_dir=tmp_path / "c",
        warm_cache_dir=tmp_path / "w",
    )


NO_NPM = Tool(name="redocly", path=None, version=None, unavailable="npm missing")


def test_registry_holds_the_issue_targets(tmp_path: Path) -> None:
    targets = {
        c.name: c.target_ratio
        for comp in comparisons(_context(tmp_path, NO_NPM))
        for c in comp.contenders
        if c.target_ratio is not None
    }
    expected = {"build-ir-cold": 2.0, "build-ir-warm": 0.5, "specloom-validate": 0.3}
    multi = {"specloom-validate-tree": 0.5, "specloom-inspect-tree": 2.0}
    models = {"specloom-generate-cold": 0.15, "specloom-import": 0.1}
    changelog = {"specloom-changelog-cold": 0.25, "specloom-changelog-warm": 0.1}
    clients = {"specloom-client-cold": 0.3, "specloom-first": 0.4, "specloom-sync": 1.0,
               "specloom-async": 1.0}
    assert targets == {
        **expected, "specloom-version": 5.0, **multi, **models, **changelog, **clients
    }


def test_registry_baselines_exist_and_names_are_unique(tmp_path: Path) -> None:
    built = comparisons(_context(tmp_path, NO_NPM))
    names = [c.name for comp in built for c in comp.contenders]
    assert len(names) == len(set(names))
    for comp in built:
        assert comp.contender(comp.baseline).target_ratio is None


def test_registry_missing_npm_makes_redocly_unavailable(tmp_path: Path) -> None:
    (validate,) = comparisons(_context(tmp_path, NO_NPM), ("validate",))
    assert validate.contender("redocly-lint").unavailable == "npm missing"


def test_registry_warm_contender_primes_its_own_cache(tmp_path: Path) -> None:
    (in_process,) = comparisons(_context(tmp_path, NO_NPM), ("in-process",))
    warm = in_process.contender("build-ir-warm")
    assert warm.env["SPECLOOM_CACHE_DIR"] == str(tmp_path / "w")
    assert warm.setup == (warm.argv,)


MULTI = ("multi-validate", "multi-inspect", "multi-bundle")
REDOCLY = Tool(name="redocly", path=Path("/x/redocly"), version="2.77.0")


def test_multi_file_rows_without_a_tree_are_unavailable_saying_why(tmp_path: Path) -> None:
    ctx = replace(_context(tmp_path, REDOCLY), tree_unavailable="no split tree: boom")
    built = comparisons(ctx, MULTI)
    assert [comp.name for comp in built] == list(MULTI)
    unavailable = {c.name: c.unavailable for comp in built for c in comp.contenders}
    assert unavailable.pop("specloom-inspect-single") is None  # the single file needs no tree
    assert set(unavailable.values()) == {"no split tree: boom"}


def test_multi_file_rows_run_on_the_tree_root(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "paths").mkdir(parents=True)
    (tree / "openapi.yaml").write_text("openapi: 3.1.0\n", encoding="utf-8")
    (tree / "paths" / "a.yaml").write_text("get: {}\n", encoding="utf-8")
    validate, inspect, bundle = comparisons(replace(_context(tmp_path, REDOCLY), tree=tree), MULTI)
    root = str(tree / "openapi.yaml")
    assert validate.contender("redocly-lint-tree").argv[:3] == ("/x/redocly", "lint", root)
    assert validate.contender("specloom-validate-tree").argv[1:] == ("validate", root, "--no-cache")
    assert inspect.contender("specloom-inspect-single").argv[2] == str(tmp_path / "spec.yaml")
    assert inspect.contender("specloom-inspect-tree").argv[2] == root
    ours = bundle.contender("specloom-bundle-tree")
    assert ours.argv[1:3] == ("bundle", root) and ours.requires[1:] == ("bundle", "--help")
    assert ours.target_ratio is None and bundle.contender("redocly-bundle-tree").unavailable is None
    assert "(2 files;" in validate.note


def test_contender_whose_requirement_fails_is_not_available_and_not_run(tmp_path: Path) -> None:
    code = "import sys; sys.stderr.write('usage: x' + chr(10) + 'x: error: no such command')"
    code += "; sys.exit(2)"
    fails = (sys.executable, "-c", code)
    comp = Comparison(
        name="c",
        title="C",
        metric=Metric.WALL,
        baseline="base",
        contenders=(
            Contender(name="base", label="base", argv=_python("pass"), shown="pass"),
            Contender(
                name="new", label="new", argv=_python("pass"), shown="new", requires=fails
            ),
        ),
    )
    (result,) = execute(
        _context(tmp_path, NO_NPM), (comp,), runs=1, warmup=False, timeout=60,
        progress=lambda line: None,
    )
    new = result.result("new")
    assert new.samples == ()
    assert new.setup_error is not None and new.setup_error.startswith("not available: ")
    assert new.setup_error.endswith("(exit 2: x: error: no such command)")
    assert "\n" not in new.setup_error  # one table cell: the last line of the error only
    assert len(result.result("base").samples) == 1


# --- report -----------------------------------------------------------------------------------


def _sample(
    wall: float, *, inner: float | None = None, code: int = 0, err: str | None = None
) -> Sample:
    return Sample(wall=wall, inner=inner, max_rss_kib=102400, returncode=code, error=err)


def _contender(name: str, target: float | None = None, unavailable: str | None = None) -> Contender:
    return Contender(
        name=name,
        label=f"{name} label",
        argv=("x",),
        shown=f"{name} SPEC",
        target_ratio=target,
        unavailable=unavailable,
    )


def _wall_result() -> ComparisonResult:
    comp = Comparison(
        name="validate",
        title="Validate",
        metric=Metric.WALL,
        baseline="peer",
        contenders=(
            _contender("peer"),
            _contender("ours", 0.3),
            _contender("slow", 0.3),
            _contender("gone", unavailable="npm missing"),
        ),
    )
    results = (
        ContenderResult(
            contender=comp.contenders[0], samples=tuple(_sample(w, code=1) for w in (2.0, 3.0, 2.5))
        ),
        ContenderResult(
            contender=comp.contenders[1],
            samples=(_sample(0.5), _sample(0.6), _sample(0.0, code=-9, err="boom")),
        ),
        ContenderResult(contender=comp.contenders[2], samples=(_sample(1.0),)),
        ContenderResult(contender=comp.contenders[3]),
    )
    return ComparisonResult(comparison=comp, results=results)


def _report(results: tuple[ComparisonResult, ...]) -> BenchReport:
    machine = Machine(
        cpu="AMD EPYC", cores=2, memory_bytes=2**34, os="Debian", python="CPython 3.11"
    )
    return BenchReport(
        date="2026-01-01 00:00 UTC",
        command="make bench",
        machine=machine,
        versions=(("specloom", "0.1.0"), ("@redocly/cli", "2.77.0")),
        spec=SpecInfo(display="openai/2026-08-21.yaml", size=2970649, sha256="ab" * 32),
        runs=3,
        warmup=True,
        duration="3 min 2 s",
        results=results,
    )


def test_row_ratio_against_baseline_median() -> None:
    result = _wall_result()
    ours = row(result, "ours")
    assert ours.baseline_median == 2.5
    assert ours.median == pytest.approx(0.55)  # the failed run is left out
    assert ours.ratio == pytest.approx(0.22)
    assert ours.verdict is Verdict.PASS
    assert row(result, "slow").verdict is Verdict.MISS
    assert row(result, "gone").verdict is Verdict.NONE


def test_markdown_has_verdicts_unavailable_rows_and_failures() -> None:
    text = render_markdown(_report((_wall_result(),)))
    assert (
        "| ours label | 550 ms | 500 ms – 600 ms | 100 MiB | 0.22x | ≤ 0.30x | **PASS** | 2/3 |"
        in text
    )
    assert (
        "| slow label | 1.00 s | 1.00 s – 1.00 s | 100 MiB | 0.40x | ≤ 0.30x | **MISS** |" in text
    )
    assert "| gone label | not available: npm missing |" in text
    assert "- Failed run, ours label: boom" in text
    assert "| peer label | 2.50 s | 2.00 s – 3.00 s | 100 MiB | baseline |" in text
    assert "`openai/2026-08-21.yaml`: 2,970,649 bytes, sha256 `abababababababab…`." in text
    assert "| CPU | AMD EPYC |" in text and "| Memory | 16.0 GiB |" in text
    assert "| @redocly/cli | 2.77.0 |" in text
    assert "2026-01-01 00:00 UTC" in text and "read the ratios" in text


def test_markdown_tables_have_as_many_cells_as_headers() -> None:
    text = render_markdown(_report((_wall_result(),)))
    table: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            table.append(line)
        elif table:
            widths = {len(r.strip().strip("|").split("|")) for r in table}
            assert len(widths) == 1, table
            table = []


def test_markdown_is_deterministic() -> None:
    assert render_markdown(_report((_wall_result(),))) == render_markdown(
        _report((_wall_result(),))
    )


def test_inner_metric_table_ranks_by_in_process_time() -> None:
    comp = Comparison(
        name="in-process",
        title="In process",
        metric=Metric.INNER,
        baseline="bare",
        contenders=(_contender("bare"), _contender("cold", 2.0)),
    )
    result = ComparisonResult(
        comparison=comp,
        results=(
            ContenderResult(contender=comp.contenders[0], samples=(_sample(0.2, inner=0.1),)),
            ContenderResult(contender=comp.contenders[1], samples=(_sample(0.4, inner=0.25),)),
        ),
    )
    text = render_markdown(_report((result,)))
    assert (
        "| cold label | 250 ms | 250 ms – 250 ms | 400 ms | 100 MiB | 2.50x | ≤ 2.00x | **MISS** |"
        in text
    )


def test_summary_lists_targets_and_unavailable_contenders() -> None:
    text = render_summary(_report((_wall_result(),)))
    assert "ours label" in text and "0.22x" in text and "PASS" in text
    assert "slow label" in text and "MISS" in text
    assert "gone label: not available: npm missing" in text


@pytest.mark.parametrize(
    ("value", "text"), [(0.0042, "4.2 ms"), (0.412, "412 ms"), (2.614, "2.61 s"), (None, "–")]
)
def test_fmt_seconds(value: float | None, text: str) -> None:
    assert fmt_seconds(value) == text


def test_other_formats() -> None:
    assert fmt_ratio(0.2444) == "0.24x"
    assert fmt_ratio(0.0312) == "0.031x"
    assert fmt_ratio(None) == "–"
    assert fmt_mib(146432) == "143 MiB"
    assert fmt_duration(48.4) == "48 s"
    assert fmt_duration(192) == "3 min 12 s"


def test_main_refuses_bad_runs_and_missing_spec(tmp_path: Path) -> None:
    from bench.__main__ import main

    out = tmp_path / "B.md"
    assert main(["--runs", "0", "--output", str(out)]) == 2
    assert main(["--spec", str(tmp_path / "absent.yaml"), "--output", str(out)]) == 2
    assert not out.exists()
