"""Rewrite the golden client project under tests/fixtures/client/golden/ (review the diff!).

    .venv/bin/python -m tests.regen_client
"""

from __future__ import annotations

from tests.client_support import GOLDEN, write_golden

if __name__ == "__main__":
    print(f"{GOLDEN}: {write_golden()} files")
