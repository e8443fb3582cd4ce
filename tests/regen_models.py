"""Rewrite the golden models projects under tests/fixtures/models/golden/ (review the diff!).

    .venv/bin/python -m tests.regen_models
"""

from __future__ import annotations

from generator.write import write_tree
from tests.models_support import FIXTURES, GOLDEN, GOLDEN_CASES, render

if __name__ == "__main__":
    for case, package in GOLDEN_CASES.items():
        files = render(FIXTURES / case, package)
        write_tree(GOLDEN / case.removesuffix(".yaml"), files)
        print(f"{case}: {len(files)} files")
