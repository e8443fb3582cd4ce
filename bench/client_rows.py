"""The typed-client rows (issue 13): generation against openapi-python-client, and requests
against openai-python on a local server.

Our contenders need `specloom generate SPEC -o DIR` to write a client; until it does, each
reads "not available" with the generator's own answer (their `requires` is that command).
The request rows share one local server (bench/local_server.py), started by their setup on a
port chosen when the rows are built and stopped when the bench ends.
"""

from __future__ import annotations

import functools
import os
import shlex
import sys

from bench.local_server import free_port
from bench.registry import Comparison, Contender, Context, Metric, _script

PACKAGE = "openai_client"
# openapi-python-client's own venv (Makefile, from bench/opc-requirements.lock).
OPC_VENV = "build/opc-venv"


@functools.cache
def _port() -> int:
    """The request rows' server port, chosen once per bench run."""
    return free_port()


def _paths(ctx: Context) -> dict[str, str]:
    out = ctx.bench_dir / "client"
    return {"ours": str(out / "specloom"), "cold": str(out / "cold"), "opc": str(out / "opc")}


def _generate(ctx: Context, folder: str = "ours") -> tuple[str, ...]:
    specloom, _ = _script(ctx, "specloom")
    return (str(specloom), "generate", str(ctx.spec), "-o", _paths(ctx)[folder],
            "--package", PACKAGE)


def _opc(ctx: Context) -> Contender:
    """openapi-python-client generate, from its own venv (it needs httpx < 0.29)."""
    opc_bin = ctx.repo / OPC_VENV / "bin"
    opc = opc_bin / "openapi-python-client"
    return Contender(
        name="opc-generate", label="openapi-python-client generate",
        argv=(str(opc), "generate", "--path", str(ctx.spec), "--output-path",
              _paths(ctx)["opc"], "--overwrite"),
        shown="openapi-python-client generate --path SPEC --output-path OUT --overwrite",
        # It runs `ruff` from PATH over its output (its default post-hooks): its venv's own.
        env={"PATH": f"{opc_bin}{os.pathsep}{os.environ.get('PATH', '')}"},
        unavailable=None if opc.exists() else f"{opc} missing (make bench installs it)",
        warmup=False,
    )


def client_generate(ctx: Context) -> Comparison:
    """`specloom generate` (client + models) against openapi-python-client generate."""
    _, no_specloom = _script(ctx, "specloom")
    ours = _generate(ctx)
    cold = (*_generate(ctx, "cold"), "--no-cache")
    # Cold writes into an empty folder each run, as openapi-python-client's --overwrite does.
    cold_argv = ("/bin/sh", "-c", f"rm -rf {shlex.quote(_paths(ctx)['cold'])} && exec "
                 + shlex.join(cold))
    return Comparison(
        name="client-generate",
        title="Generate a typed client (client + models), whole process",
        metric=Metric.WALL,
        baseline="opc-generate",
        note="openapi-python-client with its defaults (ruff formats its output; it skips the"
        " operations it cannot handle, with warnings). Cold: no IR cache and an empty output"
        " folder; second run: the IR cache holds the spec and the folder is already current.",
        contenders=(
            _opc(ctx),
            Contender(
                name="specloom-client-cold", label="specloom generate --no-cache (cold)",
                argv=cold_argv, shown="rm -rf OUT && specloom generate SPEC -o OUT --no-cache",
                target_ratio=0.3, unavailable=no_specloom, requires=cold,
            ),
            Contender(
                name="specloom-client-warm", label="specloom generate, second run",
                argv=ours, shown="specloom generate SPEC -o OUT (IR cache primed, OUT current)",
                env={"SPECLOOM_CACHE_DIR": str(ctx.warm_cache_dir)}, setup=(ours,),
                unavailable=no_specloom, requires=ours,
            ),
        ),
    )


def _request_contenders(ctx: Context, task: str, target: float) -> tuple[Contender, ...]:
    """openai-python and our client running `bench.client_child TASK`, same server."""
    python, url = str(ctx.python), f"http://127.0.0.1:{_port()}/v1"
    server = (python, "-m", "bench.local_server", str(_port()), str(os.getpid()))
    ours = _generate(ctx)
    _, no_specloom = _script(ctx, "specloom")
    batch = 3 if task == "first" else 1
    # pip compiles a package's bytecode when it installs it (openai-python's is compiled): the
    # generated one is compiled too, or PYTHONDONTWRITEBYTECODE would recompile it every run.
    # A setup step of an in-process row must report a timing: it prints a zero one.
    compile_ours = (python, "-c", "import compileall, sys; ok = compileall.compile_dir("
                    "sys.argv[1], quiet=1); print('bench-result: {\"inner\": 0.0}');"
                    " sys.exit(not ok)", _paths(ctx)["ours"])
    return (
        Contender(
            name=f"openai-{task}", label=f"openai-python ({_version('openai')})",
            argv=(python, "-m", "bench.client_child", task, "openai", url),
            shown=f"python -m bench.client_child {task} openai URL", setup=(server,),
            batch=batch,
        ),
        Contender(
            name=f"specloom-{task}", label="specloom's generated client",
            argv=(python, "-m", "bench.client_child", task, "ours", url),
            shown=f"python -m bench.client_child {task} ours URL",
            env={"PYTHONPATH": _paths(ctx)["ours"]}, setup=(server, compile_ours),
            requires=ours,
            target_ratio=target, unavailable=no_specloom, batch=batch,
        ),
    )


def _version(distribution: str) -> str:
    from bench.peers import distribution_versions

    return distribution_versions([distribution])[0][1]


def client_first_request(ctx: Context) -> Comparison:
    """A fresh process: import, make a client, one chat completion from a local server."""
    return Comparison(
        name="client-first-request",
        title="Import to first completed request, whole process",
        metric=Metric.WALL,
        baseline="openai-first",
        note="python -m bench.client_child first SDK URL: import the client, construct it,"
        " create one chat completion against a loopback server that answers at once, check"
        " the parsed answer. Interpreter start-up included; the generated package's bytecode is"
        f" compiled first, as pip does on install. Python {sys.version.split()[0]}.",
        contenders=_request_contenders(ctx, "first", 0.4),
    )


def client_overhead(ctx: Context, mode: str) -> Comparison:
    """1,000 sequential chat completions from a warm client, sync or async."""
    return Comparison(
        name=f"client-overhead-{mode}",
        title=f"Per-request overhead, 1,000 requests, {mode}",
        metric=Metric.INNER,
        baseline=f"openai-{mode}",
        note="Timed in process after one warm-up request: build the request, send it over a"
        " kept-alive loopback connection, parse the chat completion into the SDK's model."
        " The server answers a canned body at once, so the figure is the client's cost.",
        contenders=_request_contenders(ctx, mode, 1.0),
    )


def client_overhead_sync(ctx: Context) -> Comparison:
    """Per-request overhead, sync client."""
    return client_overhead(ctx, "sync")


def client_overhead_async(ctx: Context) -> Comparison:
    """Per-request overhead, async client."""
    return client_overhead(ctx, "async")
