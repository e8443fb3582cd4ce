"""Project configuration: `[tool.specloom]` in the nearest pyproject.toml."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

SEVERITY_WORDS = ("error", "warning", "info", "off")


class ConfigError(Exception):
    """The configuration cannot be used; the message says where and why."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiConfig:
    """One `[[tool.specloom.api]]` entry."""

    name: str
    specs: Path
    package: str
    output: Path
    versions: tuple[str, ...] = ()
    changelog: Path | None = None
    order: tuple[str, ...] = ()
    # true: `build` writes a vendorable models package per version (the models-only project
    # of `generate --models-only`) instead of a client (DESIGN.md's configuration).
    models_only: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """The whole `[tool.specloom]` table, paths resolved against the project folder."""

    root: Path
    apis: tuple[ApiConfig, ...] = ()
    rules: dict[str, str] = field(default_factory=dict)
    limits: dict[str, int] = field(default_factory=dict)  # [tool.specloom.limits], as written
    # [tool.specloom.changelog] as written; `changelog.load_settings` checks and reads it
    changelog: dict[str, Any] = field(default_factory=dict)


def load_config(start: Path | None = None) -> Config:
    """Read the configuration; a project without one gets the empty default."""
    start = (start or Path.cwd()).resolve()
    found = _nearest(start)
    if found is None:
        return Config(root=start)
    path, table = found
    return parse_config(table, path.parent, str(path))


def _nearest(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest pyproject.toml with a [tool.specloom] table and that table (read once)."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            tool = data.get("tool", {})
            if "specloom" in tool:
                return candidate, tool["specloom"]
    return None


def parse_config(data: dict[str, Any], root: Path, source: str) -> Config:
    """Check and convert a `[tool.specloom]` mapping."""
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise ConfigError(f"{source}: [tool.specloom.rules] must be a table")
    for code, level in rules.items():
        if level not in SEVERITY_WORDS:
            words = ", ".join(SEVERITY_WORDS)
            raise ConfigError(f"{source}: rule {code!r}: severity must be one of {words}")
    apis = tuple(_api(entry, root, source) for entry in data.get("api", []))
    changelog = data.get("changelog", {})
    if not isinstance(changelog, dict):
        raise ConfigError(f"{source}: [tool.specloom.changelog] must be a table")
    return Config(root=root, apis=apis, rules=dict(rules), limits=_limits(data, source),
                  changelog=dict(changelog))


LIMIT_KEYS = ("files", "bytes", "file-depth")


def _limits(data: dict[str, Any], source: str) -> dict[str, int]:
    limits = data.get("limits", {})
    if not isinstance(limits, dict):
        raise ConfigError(f"{source}: [tool.specloom.limits] must be a table")
    for name, value in limits.items():
        if name not in LIMIT_KEYS:
            known = ", ".join(LIMIT_KEYS)
            raise ConfigError(f"{source}: [tool.specloom.limits]: unknown limit {name!r} ({known})")
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"{source}: [tool.specloom.limits] {name} must be a positive integer")
    return dict(limits)


def _api(entry: Any, root: Path, source: str) -> ApiConfig:
    if not isinstance(entry, dict):
        raise ConfigError(f"{source}: each [[tool.specloom.api]] must be a table")
    try:
        name = str(entry["name"])
        specs = root / str(entry["specs"])
    except KeyError as exc:
        raise ConfigError(f"{source}: [[tool.specloom.api]] needs {exc.args[0]!r}") from None
    package = str(entry.get("package", name.replace("-", "_")))
    changelog = entry.get("changelog")
    models_only = entry.get("models_only", False)
    if not isinstance(models_only, bool):
        raise ConfigError(f"{source}: [[tool.specloom.api]] {name!r}: models_only must be"
                          " true or false")
    return ApiConfig(
        name=name,
        specs=specs,
        package=package,
        output=root / str(entry.get("output", f"generated/{package}")),
        versions=tuple(str(v) for v in entry.get("versions", ())),
        changelog=root / str(changelog) if changelog else None,
        order=tuple(str(v) for v in entry.get("order", ())),
        models_only=models_only,
    )


def read_ignore_file(path: Path) -> frozenset[str]:
    """The fingerprints of a `changelog --ignore` file: the first word of each line; `#`
    starts a comment. ConfigError when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the ignore file {path}: {exc}") from None
    found = set()
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            found.add(words[0])
    return frozenset(found)
