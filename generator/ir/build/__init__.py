"""Stage 2: SpecDocument -> Api (the API model)."""

from __future__ import annotations

from generator.ir.build.api import build_api

__all__ = ["build_api"]
