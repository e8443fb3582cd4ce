"""What is compared: a registry of Comparison(name, contenders, target ratios).

Every contender is a command run in a fresh process; in-process contenders are that process
running bench/child.py. To add a contender, add a few lines to a builder below (or a new
builder to BUILDERS): a label, the command, and, if it has one, the target ratio of its
median to the comparison's baseline.
"""

from __future__ import annotations

import enum
import importlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bench.peers import REDOCLY_ENV, Peers


class Metric(enum.Enum):
    """Which figure a comparison ranks by."""

    INNER = "in-process time"
    WALL = "wall time"


@dataclass(frozen=True, slots=True, kw_only=True)
class Contender:
    """One program (or call) measured in a comparison."""

    name: str
    label: str
    argv: tuple[str, ...]
    shown: str
    env: Mapping[str, str] = field(default_factory=dict)
    target_ratio: float | None = None
    max_rss_mib: float | None = None  # a ceiling on the median peak RSS, part of the target
    unavailable: str | None = None
    setup: tuple[tuple[str, ...], ...] = ()
    warmup: bool = True
    batch: int = 1
    check_network: bool = False
    # A command that must exit 0 for the contender to be measured (a subcommand that may not
    # exist yet): when it fails, the row reads "not available" with its output.
    requires: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """Contenders ranked by one metric against a baseline contender."""

    name: str
    title: str
    metric: Metric
    baseline: str
    contenders: tuple[Contender, ...]
    note: str = ""

    def contender(self, name: str) -> Contender:
        """The contender called `name`."""
        return next(c for c in self.contenders if c.name == name)


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """Where things are for one bench run."""

    repo: Path
    bench_dir: Path
    python: Path
    spec: Path
    peers: Peers
    cache_dir: Path
    warm_cache_dir: Path
    # `redocly split SPEC` (its folder), for the multi-file rows; None with the reason why not.
    tree: Path | None = None
    tree_unavailable: str = "no split tree"


def _child(ctx: Context, task: str) -> tuple[str, ...]:
    return (str(ctx.python), "-m", "bench.child", task, str(ctx.spec))


def _missing_call(module: str, name: str) -> str | None:
    """Why `module.name` cannot be called here, or None when it can."""
    try:
        mod = importlib.import_module(module)
    except Exception as exc:  # any import failure makes the contender unavailable
        return f"{module} cannot be imported ({type(exc).__name__})"
    return None if callable(getattr(mod, name, None)) else f"{module}.{name} missing"


def _script(ctx: Context, name: str) -> tuple[Path, str | None]:
    path = ctx.python.parent / name
    return path, None if os.access(path, os.X_OK) else f"console script {name} missing (run make)"


def in_process(ctx: Context) -> Comparison:
    """Cold and warm load + resolve + IR against a bare fast-path YAML parse."""
    no_ir = _missing_call("generator.pipeline", "build_ir")
    warm_env = {"SPECLOOM_CACHE_DIR": str(ctx.warm_cache_dir)}
    return Comparison(
        name="in-process",
        title="Load + resolve + IR, in process",
        metric=Metric.INNER,
        baseline="bare-parse",
        note="Timed inside a fresh process around the call: imports before it are excluded,"
        " modules the call imports lazily are counted. Three runs per repetition: each takes"
        " a tenth of a second, and the parse alone varies by a third between runs here.",
        contenders=(
            Contender(
                name="bare-parse",
                label="bare yaml_rs.loads",
                argv=_child(ctx, "bare-parse"),
                batch=3,
                shown="yaml_rs.loads(text, parse_datetime=False)",
            ),
            Contender(
                name="build-ir-cold",
                label="build_ir, no cache (cold)",
                argv=_child(ctx, "build-ir-cold"),
                batch=3,
                shown="generator.pipeline.build_ir(SPEC, use_cache=False)",
                target_ratio=2.0,
                unavailable=no_ir,
            ),
            Contender(
                name="build-ir-warm",
                label="build_ir, IR cache (warm)",
                argv=_child(ctx, "build-ir-warm"),
                batch=3,
                shown="generator.pipeline.build_ir(SPEC, use_cache=True), cache primed once",
                env=warm_env,
                setup=(_child(ctx, "build-ir-warm"),),
                target_ratio=0.5,
                unavailable=no_ir,
            ),
        ),
    )


def validate(ctx: Context) -> Comparison:
    """`specloom validate` against `redocly lint`, with openapi-spec-validator beside them."""
    specloom, no_specloom = _script(ctx, "specloom")
    osv, no_osv = _script(ctx, "openapi-spec-validator")
    spec = str(ctx.spec)
    redocly = ctx.peers.redocly
    osv_all = (str(osv), "--validation-errors", "all", spec)
    ours = (str(specloom), "validate", spec, "--no-cache")
    no_ours = no_specloom or _missing_call("generator.cli", "main")
    return Comparison(
        name="validate",
        title="Validate a spec, whole process",
        metric=Metric.WALL,
        baseline="redocly-lint",
        note="Exit 0 and 1 both count as a run (1: the tool found problems in the spec)."
        " specloom validates a spec this big in two processes, the second forked to run half"
        " of the passes; its peak RSS is the larger of the two (the kernel reports the maximum"
        " over a process and the children it waited for, not their sum: together they hold"
        " up to twice that). The one-process row shows the same work without the fork.",
        contenders=(
            Contender(
                name="redocly-lint",
                label=f"redocly lint (@redocly/cli {redocly.version or '?'})",
                argv=(
                    str(redocly.path),
                    "lint",
                    spec,
                    "--config",
                    str(ctx.peers.redocly_config),
                    "--format=stylish",
                ),
                shown="redocly lint SPEC --config redocly.yaml --format=stylish "
                "(extends: recommended; telemetry off)",
                env=REDOCLY_ENV,
                unavailable=redocly.unavailable,
                check_network=True,
            ),
            Contender(
                name="specloom-validate",
                label="specloom validate --no-cache",
                argv=ours,
                shown="specloom validate SPEC --no-cache",
                target_ratio=0.3,
                unavailable=no_ours,
                check_network=True,
            ),
            Contender(
                name="specloom-validate-serial",
                label="specloom validate --no-cache, one process",
                argv=ours,
                shown="SPECLOOM_PARALLEL=never specloom validate SPEC --no-cache",
                env={"SPECLOOM_PARALLEL": "never"},
                unavailable=no_ours,
            ),
            Contender(
                name="osv-all",
                label="openapi-spec-validator (all errors)",
                argv=osv_all,
                shown="openapi-spec-validator --validation-errors all SPEC",
                unavailable=no_osv,
                warmup=False,  # seconds of CPU per run; nothing to warm that matters
            ),
            Contender(
                name="osv-first",
                label="openapi-spec-validator (default: stops at first error)",
                argv=(str(osv), spec),
                shown="openapi-spec-validator SPEC",
                unavailable=no_osv,
            ),
        ),
    )


def startup(ctx: Context) -> Comparison:
    """`specloom --version` against a bare interpreter start."""
    specloom, no_specloom = _script(ctx, "specloom")
    return Comparison(
        name="startup",
        title="Start-up, whole process",
        metric=Metric.WALL,
        baseline="python-pass",
        note="Same interpreter (the venv's). Five runs per repetition: each is a few ms.",
        contenders=(
            Contender(
                name="python-pass",
                label="python -c pass",
                argv=(str(ctx.python), "-c", "pass"),
                shown="python -c pass",
                batch=5,
            ),
            Contender(
                name="specloom-version",
                label="specloom --version",
                argv=(str(specloom), "--version"),
                shown="specloom --version",
                target_ratio=5.0,
                unavailable=no_specloom,
                batch=5,
            ),
        ),
    )


TREE_ROOT = "openapi.yaml"  # the root document of a `redocly split` tree
_TREE_NOTE = (
    " TREE is the folder `redocly split SPEC --outDir TREE` writes ({files} files; made once"
    " and cached in build/split-cache/), TREE/openapi.yaml its root."
)


def _tree(ctx: Context) -> tuple[str, str | None, str]:
    """The tree's root document, why there is none, and the note that describes it."""
    if ctx.tree is None:
        return "", ctx.tree_unavailable, ""
    files = sum(1 for p in ctx.tree.rglob("*") if p.is_file())
    return str(ctx.tree / TREE_ROOT), None, _TREE_NOTE.format(files=f"{files:,}")


def _redocly(ctx: Context, *args: str) -> tuple[str, ...]:
    config = ("--config", str(ctx.peers.redocly_config))
    return (str(ctx.peers.redocly.path), *args, *config)


def multi_validate(ctx: Context) -> Comparison:
    """`specloom validate` against `redocly lint` on a multi-file tree."""
    specloom, no_specloom = _script(ctx, "specloom")
    root, no_tree, note = _tree(ctx)
    redocly = ctx.peers.redocly
    return Comparison(
        name="multi-validate",
        title="Validate a multi-file spec, whole process",
        metric=Metric.WALL,
        baseline="redocly-lint-tree",
        note="Exit 0 and 1 both count as a run." + note,
        contenders=(
            Contender(
                name="redocly-lint-tree",
                label=f"redocly lint, tree (@redocly/cli {redocly.version or '?'})",
                argv=(*_redocly(ctx, "lint", root), "--format=stylish"),
                shown="redocly lint TREE/openapi.yaml --config redocly.yaml --format=stylish",
                env=REDOCLY_ENV,
                unavailable=redocly.unavailable or no_tree,
            ),
            Contender(
                name="specloom-validate-tree",
                label="specloom validate --no-cache, tree",
                argv=(str(specloom), "validate", root, "--no-cache"),
                shown="specloom validate TREE/openapi.yaml --no-cache",
                target_ratio=0.5,
                unavailable=no_specloom or no_tree,
            ),
        ),
    )


def multi_inspect(ctx: Context) -> Comparison:
    """`specloom inspect` of a multi-file tree against that of the single file it came from."""
    specloom, no_specloom = _script(ctx, "specloom")
    root, no_tree, note = _tree(ctx)
    return Comparison(
        name="multi-inspect",
        title="Inspect a multi-file spec against its single file, whole process",
        metric=Metric.WALL,
        baseline="specloom-inspect-single",
        note="The same API in one file and in many: the ratio is the cost of the files." + note,
        contenders=(
            Contender(
                name="specloom-inspect-single",
                label="specloom inspect --no-cache, single file",
                argv=(str(specloom), "inspect", str(ctx.spec), "--no-cache"),
                shown="specloom inspect SPEC --no-cache",
                unavailable=no_specloom,
            ),
            Contender(
                name="specloom-inspect-tree",
                label="specloom inspect --no-cache, tree",
                argv=(str(specloom), "inspect", root, "--no-cache"),
                shown="specloom inspect TREE/openapi.yaml --no-cache",
                target_ratio=2.0,
                unavailable=no_specloom or no_tree,
            ),
        ),
    )


def multi_bundle(ctx: Context) -> Comparison:
    """`specloom bundle` beside `redocly bundle` of a multi-file tree (no target)."""
    specloom, no_specloom = _script(ctx, "specloom")
    root, no_tree, note = _tree(ctx)
    redocly = ctx.peers.redocly
    out = ctx.cache_dir.parent  # the run's scratch folder
    return Comparison(
        name="multi-bundle",
        title="Bundle a multi-file spec into one file, whole process",
        metric=Metric.WALL,
        baseline="redocly-bundle-tree",
        note="Both reported, no target. OUT is a file in a temporary folder." + note,
        contenders=(
            Contender(
                name="redocly-bundle-tree",
                label=f"redocly bundle (@redocly/cli {redocly.version or '?'})",
                argv=_redocly(ctx, "bundle", root, "-o", str(out / "redocly-bundle.yaml")),
                shown="redocly bundle TREE/openapi.yaml -o OUT --config redocly.yaml",
                env=REDOCLY_ENV,
                unavailable=redocly.unavailable or no_tree,
            ),
            Contender(
                name="specloom-bundle-tree",
                label="specloom bundle",
                argv=(str(specloom), "bundle", root, "-o", str(out / "specloom-bundle.yaml")),
                shown="specloom bundle TREE/openapi.yaml -o OUT",
                unavailable=no_specloom or no_tree,
                requires=(str(specloom), "bundle", "--help"),
            ),
        ),
    )


# What the models rows generate and import (a realistic first use: a chat completion).
_PAYLOAD = (
    '{"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o",'
    ' "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null, "message":'
    ' {"role": "assistant", "content": "Hello there", "refusal": null}}],'
    ' "usage": {"prompt_tokens": 9, "completion_tokens": 3, "total_tokens": 12}}'
)
_FIRST_USE = "import json; from {module} import CreateChatCompletionResponse as M; "
_FIRST_USE += "M.model_validate(json.loads({payload!r}))"


def _model_commands(ctx: Context) -> dict[str, tuple[str, ...]]:
    specloom, _ = _script(ctx, "specloom")
    dmcg, _ = _script(ctx, "datamodel-codegen")
    out = ctx.bench_dir / "models"
    return {
        "dmcg": (str(dmcg), "--input", str(ctx.spec), "--input-file-type", "openapi",
                 "--output", str(out / "dmcg_models.py"),
                 "--output-model-type", "pydantic_v2.BaseModel"),
        "ours": (str(specloom), "generate", str(ctx.spec), "-o", str(out / "specloom"),
                 "--models-only", "--package", "openai_models"),
    }


def _with_output(argv: tuple[str, ...], out: Path) -> tuple[str, ...]:
    """`argv` with the folder after `-o` replaced by `out`."""
    at = argv.index("-o") + 1
    return (*argv[:at], str(out), *argv[at + 1:])


def models(ctx: Context) -> Comparison:
    """`specloom generate --models-only` against the datamodel-codegen CLI."""
    _, no_specloom = _script(ctx, "specloom")
    _, no_dmcg = _script(ctx, "datamodel-codegen")
    commands = _model_commands(ctx)
    warm_env = {"SPECLOOM_CACHE_DIR": str(ctx.warm_cache_dir)}
    cold = ctx.bench_dir / "models" / "specloom-cold"
    return Comparison(
        name="models",
        title="Generate pydantic v2 models, whole process",
        metric=Metric.WALL,
        baseline="dmcg",
        note="datamodel-codegen with its defaults (black and isort format its output);"
        " specloom renders black-stable code directly. Cold: no IR cache and no output folder"
        " (its removal is timed too), with a ceiling on peak RSS; warm: the IR cache holds the"
        " spec and the output folder is already what would be written.",
        contenders=(
            Contender(
                name="dmcg",
                label="datamodel-codegen (default formatting)",
                argv=commands["dmcg"],
                shown="datamodel-codegen --input SPEC --input-file-type openapi --output OUT.py"
                " --output-model-type pydantic_v2.BaseModel",
                unavailable=no_dmcg,
                warmup=False,  # ~18 s per run
            ),
            Contender(
                name="specloom-generate-cold",
                label="specloom generate --models-only --no-cache",
                # cold: no IR cache and no output yet (a run over its own earlier output would
                # write nothing); removing it is timed too
                argv=("/bin/sh", "-c", 'rm -rf -- "$0" && exec "$@"', str(cold),
                      *_with_output(commands["ours"], cold), "--no-cache"),
                shown="rm -rf OUT && specloom generate SPEC -o OUT --models-only --no-cache",
                target_ratio=0.15,
                max_rss_mib=250,
                unavailable=no_specloom,
            ),
            Contender(
                name="specloom-generate-warm",
                label="specloom generate --models-only, second run",
                argv=commands["ours"],
                shown="specloom generate SPEC -o OUT --models-only (IR cache primed)",
                env=warm_env,
                setup=(commands["ours"],),
                unavailable=no_specloom,
            ),
        ),
    )


def models_import(ctx: Context) -> Comparison:
    """Importing the generated models, and a first use of one model."""
    commands = _model_commands(ctx)
    out = ctx.bench_dir / "models"
    _, no_specloom = _script(ctx, "specloom")
    _, no_dmcg = _script(ctx, "datamodel-codegen")
    ours_env = {"PYTHONPATH": str(out / "specloom")}
    dmcg_env = {"PYTHONPATH": str(out)}
    python = str(ctx.python)
    first = {m: _FIRST_USE.format(module=m, payload=_PAYLOAD)
             for m in ("dmcg_models", "openai_models")}
    return Comparison(
        name="models-import",
        title="Import the generated models, whole process",
        metric=Metric.WALL,
        baseline="dmcg-import",
        note="python -c 'import ...' of each tool's output for the same spec (interpreter"
        " start-up included); the first-use rows also validate a chat completion response.",
        contenders=(
            Contender(name="dmcg-import", label="import datamodel-codegen's module",
                      argv=(python, "-c", "import dmcg_models"), env=dmcg_env,
                      shown="python -c 'import dmcg_models'", setup=(commands["dmcg"],),
                      unavailable=no_dmcg),
            Contender(name="specloom-import", label="import specloom's package",
                      argv=(python, "-c", "import openai_models"), env=ours_env,
                      shown="python -c 'import openai_models'", setup=(commands["ours"],),
                      target_ratio=0.1, unavailable=no_specloom),
            Contender(name="dmcg-first-use", label="datamodel-codegen: import + validate one",
                      argv=(python, "-c", first["dmcg_models"]), env=dmcg_env,
                      shown="import, then CreateChatCompletionResponse.model_validate(...)",
                      unavailable=no_dmcg),
            Contender(name="specloom-first-use", label="specloom: import + validate one",
                      argv=(python, "-c", first["openai_models"]), env=ours_env,
                      shown="import, then CreateChatCompletionResponse.model_validate(...)",
                      unavailable=no_specloom),
        ),
    )


def _changelog_builders() -> tuple[Callable[[Context], Comparison], ...]:
    from bench.changelog_rows import changelog_history, changelog_pair

    return (changelog_pair, changelog_history)


BUILDERS: tuple[Callable[[Context], Comparison], ...] = (
    in_process,
    validate,
    startup,
    multi_validate,
    multi_inspect,
    multi_bundle,
    models,
    models_import,
    *_changelog_builders(),
)


def _client_builders() -> tuple[Callable[[Context], Comparison], ...]:
    """The typed-client rows (bench/client_rows.py builds on the classes above)."""
    from bench import client_rows

    return (client_rows.client_generate, client_rows.client_first_request,
            client_rows.client_overhead_sync, client_rows.client_overhead_async)


def comparisons(ctx: Context, only: tuple[str, ...] = ()) -> tuple[Comparison, ...]:
    """Every registered comparison (or those named in `only`), in report order."""
    built = tuple(build(ctx) for build in (*BUILDERS, *_client_builders()))
    names = [c.name for comp in built for c in comp.contenders]
    if len(names) != len(set(names)):
        raise ValueError(f"contender names must be unique: {names}")
    return tuple(comp for comp in built if not only or comp.name in only)
