"""The generate half of the pipeline: render models projects, write them or check them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Diagnostic, SpecError

if TYPE_CHECKING:
    from generator.config import ApiConfig
    from generator.ir.model import Api

def spec_display(path: str | Path, root: Path) -> str:
    """How banners name a spec: its path relative to the project root, else its file name."""
    if str(path) == "-":
        return "<stdin>"
    full = Path(path).resolve()
    try:
        return full.relative_to(root.resolve()).as_posix()
    except ValueError:
        return full.name


def default_package(title: str) -> str:
    """A package name from the spec's title (`Azure OpenAI API` -> `azure_openai_api`)."""
    from generator.naming import snake

    name = snake(title) or "models"
    return name if not name[0].isdigit() else f"models_{name}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Generated:
    """A rendered models project, or the findings that stopped it."""

    files: dict[str, str] | None
    diagnostics: tuple[Diagnostic, ...]
    problem: str | None = None  # a problem that is not the spec's (an unreadable lock)


def render_project(
    spec: str | Path, *, out: Path, package: str | None, root: Path, strict: bool, use_cache: bool,
    models_only: bool = True,
) -> Generated:
    """Load a spec and render its client project, or its models project with `models_only`
    (in memory), keeping `out`'s name lock."""
    from generator.naming import LOCK_FILE, LockError, loads
    from generator.pipeline import _strict, build_ir, check_spec, has_errors
    from generator.render.models import render_models
    from generator.write import read_lock

    if strict:
        checked = check_spec(spec, with_ir=True)
        found, api = _strict(checked.diagnostics), checked.api
        if api is None or has_errors(found, strict=True):
            return Generated(files=None, diagnostics=tuple(found))
    else:
        try:
            api, built = build_ir(spec, use_cache=use_cache)
        except SpecError as exc:
            from generator.spec.positions import locate

            return Generated(files=None, diagnostics=tuple(locate(exc.diagnostics, exc.texts)))
        found = list(built)
    try:
        lock = loads(read_lock(out, LOCK_FILE))
    except LockError as exc:
        return Generated(files=None, diagnostics=tuple(found), problem=f"{out}: {exc}")
    name = package or default_package(api.title)
    if models_only:
        rendered = render_models(api, package=name, spec=spec_display(spec, root), lock=lock)
    else:
        from generator.render.client import render_client

        rendered = render_client(api, package=name, spec=spec_display(spec, root), lock=lock)
    return Generated(files=rendered.files, diagnostics=tuple(found))


def generate_command(
    spec: str, *, out: Path, package: str | None, check: bool, strict: bool, use_cache: bool,
    black: bool = False, models_only: bool = True,
) -> tuple[str, str, int]:
    """`specloom generate [--models-only]`: (stdout, stderr, exit code)."""
    from generator.config import load_config
    from generator.reporting import format_text

    if package is not None and not package.isidentifier():
        return "", f"specloom generate: --package {package!r} is not a Python identifier\n", 2
    root = load_config().root
    result = render_project(spec, out=out, package=package, root=root, strict=strict,
                            use_cache=use_cache, models_only=models_only)
    report = format_text(result.diagnostics, 1) if result.diagnostics else ""
    if result.problem is not None:
        report += f"specloom: error: {result.problem}\n"
    if result.files is None:
        return "", report, 1
    files = result.files
    if black:
        files = _format_black(files, use_cache=use_cache)
    if check:
        diff = tree_diff(out, files)
        if diff:
            return "", report + diff, 1
        return f"{out}: up to date\n", report, 0
    if out.is_dir() and not tree_diff(out, files):
        return f"{out}: up to date, nothing written\n", report, 0
    problem = _replace_tree(out, files)
    if problem:
        return "", report + problem, 1
    return f"wrote {len(files)} files to {out}\n", report, 0


def _replace_tree(out: Path, files: Mapping[str, str]) -> str | None:
    """Swap `out` for `files`; refuse to replace a folder specloom did not write."""
    from generator.naming import LOCK_FILE
    from generator.write import write_tree

    if out.exists() and not out.is_dir():
        return f"specloom: error: {out} exists and is not a folder\n"
    if out.is_dir() and any(out.iterdir()) and not (out / LOCK_FILE).is_file():
        return (f"specloom: error: {out} is not empty and holds no {LOCK_FILE}: "
                "refusing to replace a folder specloom did not write\n")
    try:
        write_tree(out, files)
    except OSError as exc:
        return f"specloom: error: cannot write {out}: {exc.strerror or exc}\n"
    return None


def tree_diff(out: Path, files: Mapping[str, str], *, limit: int = 40) -> str:
    """A short report of how the folder `out` differs from `files` ("" when it does not)."""
    import difflib

    from generator.write import read_tree

    present = read_tree(out) or {}
    lines: list[str] = []
    for rel in sorted(set(present) | set(files)):
        old, new = present.get(rel), files.get(rel)
        if old == new:
            continue
        if old is None:
            lines.append(f"missing: {out / rel}\n")
        elif new is None:
            lines.append(f"unexpected: {out / rel}\n")
        else:
            lines.append(f"stale: {out / rel}\n")
            diff = difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                        f"{rel} (on disk)", f"{rel} (generated)", n=1)
            lines.extend(list(diff)[:limit])
    if lines and not lines[-1].endswith("\n"):
        lines.append("\n")
    return "".join(lines)


def build_models(
    entry: ApiConfig, built: Mapping[str, tuple[Path, Api]], *, root: Path, check: bool,
    extra: Mapping[str, str] | None = None, clients: bool = False,
) -> tuple[str, bool]:
    """Render the models project (or with `clients`, the client project) of each configured
    version into one tree and swap it in (or, with `check`, compare):
    `generated/<api>/<label>/`, the name lock of each kept; `extra` files (the notes) join
    the same tree."""
    from generator.naming import LOCK_FILE, LockError, loads
    from generator.render.client import render_client
    from generator.render.models import render_models
    from generator.write import read_lock, write_tree

    render = render_client if clients else render_models
    files: dict[str, str] = {}
    for label, (path, api) in sorted(built.items()):
        try:
            lock = loads(read_lock(entry.output / label, LOCK_FILE))
        except LockError as exc:
            return f"specloom: error: {entry.output / label}: {exc}\n", False
        rendered = render(api, package=entry.package, spec=spec_display(path, root), lock=lock)
        files.update({f"{label}/{rel}": text for rel, text in rendered.files.items()})
    files.update(extra or {})
    where = entry.output.relative_to(root) if entry.output.is_relative_to(root) else entry.output
    if check:
        diff = tree_diff(entry.output, files)
        if diff:
            return f"{where}: stale; run `specloom build`\n{diff}", False
        return f"{where}: up to date ({len(files)} files)\n", True
    try:
        write_tree(entry.output, files)
    except OSError as exc:
        return f"specloom: error: cannot write {entry.output}: {exc.strerror or exc}\n", False
    return f"{where}: wrote {len(files)} files\n", True


def _format_black(files: dict[str, str], *, use_cache: bool) -> dict[str, str]:
    """`files` through the pinned black; each file's output cached by its content's hash, so a
    regeneration that changed a few models formats only those (a 30,000-line package takes
    black ~15 s)."""
    from importlib.metadata import version

    from generator.formatting import format_black

    if not use_cache:
        return format_black(files)
    from generator.cache import black_hits, store_black

    black_version = version("black")
    hits = black_hits(files, black_version)
    todo = {rel: text for rel, text in files.items() if rel not in hits}
    done = format_black(todo)
    store_black(
        [(todo[rel], done[rel]) for rel in sorted(todo) if rel.endswith(".py")], black_version
    )
    return {**done, **hits}
