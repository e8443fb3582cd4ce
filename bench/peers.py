"""The peer tools: installed by the harness (never globally), and versioned.

Redocly CLI comes from npm into tests/node, pinned there by package.json and package-lock.json
(one place for the tests and the bench; `make test` installs it with `npm ci`); openapi-spec-
validator is already a dependency in the venv. Installation is idempotent: a present install
at the pinned version is kept. Redocly phones home unless told not to (an anonymous telemetry
event per command, and an npm-registry update check on a terminal), so it always runs with
REDOCLY_ENV and a config that says `telemetry: off`; network_check() verifies that with strace
when it is there.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REDOCLY_PACKAGE = "@redocly/cli"
NODE_DIR = Path(__file__).resolve().parent.parent / "tests" / "node"
# The recommended ruleset, as `redocly lint` applies it with no config of one's own.
REDOCLY_CONFIG = "extends:\n  - recommended\ntelemetry: off\n"
REDOCLY_ENV: Mapping[str, str] = {
    "REDOCLY_TELEMETRY": "off",
    "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
    "REDOCLY_SUPPRESS_NOTIFICATIONS": "true",
    # Belt and braces: should a telemetry send ever fire, it goes to a closed loopback port.
    "OTEL_TRACES_URL": "http://127.0.0.1:9/v1/traces",
}
_NPM_ENV = {"npm_config_update_notifier": "false", "npm_config_fund": "false"}
_VERSION = re.compile(r"\bv?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)")
_CONNECT = re.compile(
    r"connect\(\d+, \{sa_family=(AF_INET6?),.*?sin6?_port=htons\((\d+)\).*?"
    r"(?:inet_addr\(\"([^\"]+)\"\)|inet_pton\(AF_INET6, \"([^\"]+)\")"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Tool:
    """A peer program: where it is and its version, or why it cannot run."""

    name: str
    path: Path | None
    version: str | None
    unavailable: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Peers:
    """Every peer a bench run needs."""

    redocly: Tool
    redocly_config: Path
    node_version: str | None


def parse_version(text: str) -> str | None:
    """The first x.y.z version in a tool's output (`v20.20.2` -> `20.20.2`), or None."""
    match = _VERSION.search(text)
    return match.group(1) if match else None


def package_json_version(text: str) -> str | None:
    """The `version` of a package.json text, or None when it has none or is not JSON."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    version = data.get("version") if isinstance(data, dict) else None
    return version if isinstance(version, str) else None


def pinned_version(node_dir: Path = NODE_DIR) -> str | None:
    """The exact @redocly/cli version `node_dir/package.json` pins, or None without one."""
    try:
        data = json.loads((node_dir / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    deps = data.get("dependencies") if isinstance(data, dict) else None
    version = deps.get(REDOCLY_PACKAGE) if isinstance(deps, dict) else None
    return version if isinstance(version, str) and _VERSION.fullmatch(version) else None


REDOCLY_VERSION = pinned_version() or "unknown"


def _run_text(argv: Sequence[str], *, timeout: float = 60) -> str | None:
    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout + done.stderr if done.returncode == 0 else None


def _installed(prefix: Path) -> str | None:
    manifest = prefix / "node_modules" / REDOCLY_PACKAGE / "package.json"
    try:
        return package_json_version(manifest.read_text(encoding="utf-8"))
    except OSError:
        return None


def _npm_ci(npm: str, node_dir: Path) -> str | None:
    """`npm ci` in `node_dir` (its .npmrc applies); the failure text, or None on success."""
    argv = [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"]
    env = {**os.environ, **_NPM_ENV}
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=900, env=env, cwd=node_dir
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return str(exc)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        return lines[-1] if lines else f"exit {done.returncode}"
    return None


def _unavailable(reason: str, version: str | None = None) -> Tool:
    return Tool(name="redocly", path=None, version=version, unavailable=reason)


def ensure_redocly(node_dir: Path = NODE_DIR, *, install: bool = True) -> Tool:
    """Redocly CLI at the version pinned in node_dir, installing it (`npm ci`) when absent."""
    pinned = pinned_version(node_dir)
    if pinned is None:
        return _unavailable(f"no exact {REDOCLY_PACKAGE} version in {node_dir}/package.json")
    binary = node_dir / "node_modules" / ".bin" / "redocly"
    if shutil.which("node") is None:
        return _unavailable("node missing")
    note = "already installed"
    if _installed(node_dir) != pinned:
        npm = shutil.which("npm")
        if npm is None:
            return _unavailable("npm missing")
        if not install:
            return _unavailable(f"{REDOCLY_PACKAGE}@{pinned} not installed in {node_dir} "
                                "(make test installs it)")
        failure = _npm_ci(npm, node_dir)
        if failure is not None:
            return _unavailable(f"npm ci failed: {failure}")
        note = "installed by this run"
    if _installed(node_dir) != pinned or not binary.exists():
        return _unavailable(
            f"{REDOCLY_PACKAGE}@{pinned} not found after install", _installed(node_dir)
        )
    reported = parse_version(_run_text([str(binary), "--version"]) or "")
    if reported is None:
        return _unavailable(f"{binary} --version failed (node too old?)", pinned)
    return Tool(name="redocly", path=binary, version=reported, note=note)


def ensure_peers(bench_dir: Path, *, install: bool = True, node_dir: Path = NODE_DIR) -> Peers:
    """Install (if needed) and describe every peer; write Redocly's config into bench_dir."""
    bench_dir.mkdir(parents=True, exist_ok=True)
    config = bench_dir / "redocly.yaml"
    if not config.exists() or config.read_text(encoding="utf-8") != REDOCLY_CONFIG:
        config.write_text(REDOCLY_CONFIG, encoding="utf-8")
    node = _run_text(["node", "--version"]) if shutil.which("node") else None
    return Peers(
        redocly=ensure_redocly(node_dir, install=install),
        redocly_config=config,
        node_version=parse_version(node or ""),
    )


def distribution_versions(names: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """(name, installed version) for each Python distribution, 'not installed' when absent."""
    found: list[tuple[str, str]] = []
    for name in names:
        try:
            found.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            found.append((name, "not installed"))
    return tuple(found)


def foreign_connects(strace_log: str) -> tuple[str, ...]:
    """host:port of every IPv4/IPv6 connect() in an strace log that is not to loopback."""
    found: list[str] = []
    for match in _CONNECT.finditer(strace_log):
        family, port, ipv4, ipv6 = match.groups()
        host = ipv4 if family == "AF_INET" else ipv6
        if host is None or host.startswith("127.") or host == "::1":
            continue
        found.append(f"[{host}]:{port}" if family == "AF_INET6" else f"{host}:{port}")
    return tuple(found)


def network_check(argv: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> str:
    """Run `argv` once under strace and say whether it tried to reach the network."""
    strace = shutil.which("strace")
    if strace is None:
        return "not checked (strace missing)"
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "trace"
        trace = [strace, "-f", "-qq", "-e", "trace=connect", "-o", str(log), *argv]
        try:
            subprocess.run(
                trace,
                env=dict(env),
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=900,
            )
            text = log.read_text(encoding="utf-8", errors="replace")
        except (OSError, subprocess.SubprocessError) as exc:
            return f"not checked (strace failed: {type(exc).__name__})"
    attempts = sorted(set(foreign_connects(text)))
    if not attempts:
        return "no connection outside loopback (checked with strace)"
    return f"tried to connect to {', '.join(attempts)} (strace)"
