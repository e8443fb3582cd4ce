"""Bytes -> JSON-compatible Python data. (Minimal version; hardened in the parsing work.)"""

from __future__ import annotations

import json
from typing import Any

from generator.diagnostics import Location, SpecError, error


def decode(data: bytes, display: str) -> str:
    """Decode UTF-8 (a BOM is accepted); anything else is a located error."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        loc = Location(file=display, line=line, col=col)
        raise SpecError(error("parse-encoding", "file is not valid UTF-8", loc)) from None


def parse_text(text: str, display: str) -> Any:
    """Parse YAML or JSON text into plain data; raise SpecError with a located diagnostic."""
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            pass
    import yaml_rs

    try:
        return yaml_rs.loads(text, parse_datetime=False)
    except Exception as exc:  # noqa: BLE001 - every parser failure becomes a diagnostic
        raise SpecError(error("parse-yaml", f"invalid YAML: {exc}", Location(file=display))) from None
