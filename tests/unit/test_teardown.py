"""`generator.teardown`: what the program holds until its end, and what a library call frees."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHECK = textwrap.dedent("""
    import weakref
    from generator import teardown

    class Big:
        pass

    def use(first):
        if first:
            teardown.at_exit_only()
        value = Big()
        teardown.hold(value)
        return weakref.ref(value)

    ref = use({first})
    print("alive" if ref() is not None else "freed")
""")


def _run(first: bool) -> str:
    done = subprocess.run([sys.executable, "-c", CHECK.format(first=first)],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_a_library_call_frees_what_it_hands_to_hold() -> None:
    assert _run(False) == "freed"


def test_the_program_keeps_what_it_hands_to_hold_until_it_ends() -> None:
    assert _run(True) == "alive"
