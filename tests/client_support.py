"""The client golden project: the shipped v1 spec's client, without its `types/` (the models'
own goldens cover those). Rewritten by tests/regen_client.py."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO

SPEC = REPO / "specs" / "azure-openai" / "v1.yaml"
GOLDEN = REPO / "tests" / "fixtures" / "client" / "golden" / "azure-v1"
PACKAGE = "azure_openai"


def render_golden() -> dict[str, str]:
    """The golden files as the renderer makes them now."""
    from generator.pipeline import build_ir
    from generator.render.client import render_client

    api, _ = build_ir(SPEC, use_cache=True)
    files = render_client(api, package=PACKAGE, spec="specs/azure-openai/v1.yaml").files
    return {rel: text for rel, text in files.items() if "/types/" not in rel}


def golden_files() -> dict[str, str]:
    """The golden files on disk."""
    return {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(GOLDEN.rglob("*")) if p.is_file()}


def write_golden() -> int:
    """Rewrite the golden folder; the number of files."""
    import shutil

    from generator.write import write_tree

    files = render_golden()
    shutil.rmtree(GOLDEN, ignore_errors=True)
    write_tree(Path(GOLDEN), files)
    return len(files)
