"""Objects the process keeps until it ends instead of freeing them when their work is done.

Run as the program, `specloom` ends with `os._exit` (see `cli.main`): nothing is torn down.
A command that loaded big specs would still free their IRs and diffs object by object when
the function holding them returns (~10 ms for a pair of 3 MB specs), just before the process
ends anyway; handing them to `hold` skips that. Called as a library (tests, `main(argv)`),
nothing is held and everything is freed as usual.
"""

from __future__ import annotations

_held: list[object] | None = None


def at_exit_only() -> None:
    """From now on, `hold` keeps what it is given until the process ends (the program's
    entry point calls this when it will end with `os._exit`)."""
    global _held
    if _held is None:
        _held = []


def hold(value: object) -> None:
    """Keep `value` until the process ends, when `at_exit_only` was called; else nothing."""
    if _held is not None:
        _held.append(value)
