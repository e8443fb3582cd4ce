"""The architecture in DESIGN.md, enforced: imports point one way; one reader, one writer."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "generator"

# What each stage may import from generator.* (besides itself). Stages not yet written are
# listed so the rule is in place before their code lands.
ALLOWED = {
    "spec": {"diagnostics"},
    "ir": {"diagnostics", "spec", "versions"},
    "diff": {"diagnostics", "ir", "versions"},
    "changelog": {"diagnostics", "ir", "diff", "versions", "naming"},
    "naming": {"diagnostics", "ir"},
    "render": {"diagnostics", "ir", "naming", "changelog", "resources", "versions"},
    "formatting": {"diagnostics"},
    "write": set(),
    "cache": {"diagnostics", "ir", "spec", "write", "versions"},
    "versions": set(),
    "diagnostics": set(),
    "reporting": {"diagnostics"},
    "config": set(),
    "resources": set(),
    "teardown": set(),
}
COMPOSERS = {"pipeline", "cli", "__main__", "__init__"}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _stage(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "generator" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_imports_point_one_way() -> None:
    wrong = []
    for path in _modules():
        stage = _stage(path)
        if stage in COMPOSERS:
            continue
        assert stage in ALLOWED, f"{path}: new top-level module {stage!r}: add it to ALLOWED"
        for target in _imports(path) - {stage, "__init__"}:
            if target not in ALLOWED[stage]:
                wrong.append(f"{path.relative_to(REPO)} imports generator.{target}")
    assert wrong == []


WRITE_CALLS = {
    "write_text",
    "write_bytes",
    "mkstemp",
    "mkdtemp",
    "rmtree",
    "unlink",
    "os.replace",
    "os.rename",
}


def _calls(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                names.add(func.attr)
                if isinstance(func.value, ast.Name):
                    names.add(f"{func.value.id}.{func.attr}")
            elif isinstance(func, ast.Name):
                names.add(func.id)
    return names


def test_only_write_py_writes() -> None:
    writers = [
        str(p.relative_to(REPO))
        for p in _modules()
        if p.name != "write.py" and _calls(p) & WRITE_CALLS
    ]
    assert writers == []


def test_only_spec_reads_spec_files() -> None:
    # config.py reads pyproject.toml, cache.py its own entries, write.py the output trees it
    # owns (the name lock, --check); resources.py nothing but paths.
    exempt = {"config", "cache", "write"}
    readers = [
        str(p.relative_to(REPO))
        for p in _modules()
        if _stage(p) not in {"spec", *exempt} and _calls(p) & {"read_bytes", "read_text", "open"}
    ]
    assert readers == []
