"""A history's pairs diffed in a forked child while this process does the per-version work.

On two cores the two halves of a big pair's judging take about as long: the child diffs (the
neutral diff of each pair to judge), the parent names the clients, indexes the versions and
lists their lifecycle subjects, then judges the diffs the child sends (a pickle of our own
child's records through our own pipe). A child that fails gives None, and the pairs are
diffed in this process: a second process may make the notes faster, never different.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from generator.pipeline.forked import Forked

if TYPE_CHECKING:
    from generator.diff.model import ApiDiff
    from generator.ir.model import Api


class ForkedDiffs:
    """The diffs of the pairs to judge, from a forked child."""

    def __init__(self, child: Forked) -> None:
        self._child = child

    def diffs(self) -> list[ApiDiff] | None:
        """The diffs, oldest pair first; None when the child did not deliver them."""
        data = self._child.join()
        return unpickle_diffs(data) if data is not None else None

    def abandon(self) -> None:
        """Stop the child (the judging failed before it was asked for its diffs)."""
        self._child.abandon()

    @classmethod
    def start(cls, pairs: Sequence[tuple[Api, Api]], spec_bytes: int) -> ForkedDiffs | None:
        """Fork a child diffing `pairs`; None when diffing them here is the better choice
        (small specs, one CPU, threads, SPECLOOM_PARALLEL=never)."""
        from generator.pipeline import _parallel_wanted

        if not pairs or not _parallel_wanted(spec_bytes):
            return None

        def work() -> bytes:
            import pickle

            from generator.diff import diff_apis

            return pickle.dumps([diff_apis(a, b) for a, b in pairs], protocol=5)

        child = Forked.start(work)
        return cls(child) if child is not None else None


def unpickle_diffs(data: bytes) -> list[ApiDiff] | None:
    """The list of diffs a child pickled, or None when `data` is not one."""
    import pickle

    from generator import teardown

    try:
        found = pickle.loads(data)  # our own child's bytes, through our own pipe
    except Exception:
        return None
    teardown.hold(found)  # freed only by the program's end (see `generator.teardown`)
    return found if isinstance(found, list) else None
