"""The in-process side: `python -m bench.child TASK SPEC` times one call and prints the seconds.

Imports happen before the clock starts, so the figure is the call itself: the bare parse
excludes `import yaml_rs`, and build_ir likewise excludes importing yaml_rs and the stages it
composes on its usual path (their import time is start-up, measured on its own; the exact YAML
path, imported only for the files that need it, is not imported beforehand). Each run is a
fresh process, so nothing warmed by one contender helps another. To add an in-process
contender, add a task here and name it in registry.py.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

CHILD_MARKER = "bench-result:"  # same as measure.CHILD_MARKER; not imported, to stay light


def _bare_parse(path: Path) -> float:
    import yaml_rs

    text = path.read_text(encoding="utf-8")
    start = time.perf_counter()
    yaml_rs.loads(text, parse_datetime=False)
    return time.perf_counter() - start


def _build_ir(path: Path, *, use_cache: bool) -> float:
    import yaml_rs  # noqa: F401  - as the bare parse imports it before its clock

    import generator.cache
    import generator.ir.build
    import generator.spec._yaml_fast
    import generator.spec._yaml_scan
    import generator.spec.load
    import generator.spec.refs  # noqa: F401  - imported lazily by the loader
    from generator.pipeline import build_ir

    start = time.perf_counter()
    build_ir(path, use_cache=use_cache)
    return time.perf_counter() - start


TASKS: dict[str, Callable[[Path], float]] = {
    "bare-parse": _bare_parse,
    "build-ir-cold": lambda path: _build_ir(path, use_cache=False),
    "build-ir-warm": lambda path: _build_ir(path, use_cache=True),
}


def main(argv: list[str]) -> int:
    """Run one task on one spec and print its in-process seconds; 2 on a bad command line."""
    if len(argv) != 2 or argv[0] not in TASKS:
        print(f"usage: python -m bench.child {{{','.join(sorted(TASKS))}}} SPEC", file=sys.stderr)
        return 2
    seconds = TASKS[argv[0]](Path(argv[1]))
    print(CHILD_MARKER + json.dumps({"inner": seconds}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
