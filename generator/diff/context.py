"""What one diff shares: both APIs, the records found so far, and the memos."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from enum import Enum
from typing import Any

from generator.diff.model import Action, Aspect, Change, Subject
from generator.ir.model import Api
from generator.ir.schema import NO_VALUE


class Context:
    """One diff of `old` against `new`; records merge when found twice (shared places)."""

    def __init__(self, old: Api, new: Api) -> None:
        self.old = old
        self.new = new
        self.found: dict[tuple[str, ...], Change] = {}
        self.pairs: set[tuple[Any, ...]] = set()  # compared pairs (schemas, components)

    def add(self, change: Change) -> None:
        """Record one change (a second record of the same change is dropped)."""
        self.found.setdefault(change.key(), change)

    def first(self, key: tuple[Any, ...]) -> bool:
        """True the first time `key` is seen: compare each pair once (and stop cycles)."""
        if key in self.pairs:
            return False
        self.pairs.add(key)
        return True

    def changes(self) -> tuple[Change, ...]:
        """Every record, sorted by place."""
        return tuple(self.found[k] for k in sorted(self.found))


def present(value: Any) -> bool:
    """Whether a keyword was given (None, NO_VALUE and empty collections are absent)."""
    if value is None or value is NO_VALUE:
        return False
    return not (isinstance(value, tuple | Mapping) and not value)


_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """A value as JSON data: absent -> None, tuples -> lists, mappings -> dicts, enums -> values."""
    kind = type(value)  # the exact types of parsed data first: big values are mostly those
    if kind in _SCALARS:
        return value
    if kind is dict:
        return {str(k): plain(v) for k, v in value.items()}
    if kind is tuple or kind is list:
        return [plain(v) for v in value]
    if value is NO_VALUE:
        return None
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    return value


class Where:
    """The places two compared things sit at, and the operations around them."""

    __slots__ = ("new_at", "new_op", "nodes", "old_at", "old_op")

    def __init__(
        self, old_at: str | None, new_at: str | None, old_op: str | None, new_op: str | None,
        *, nodes: bool = False,
    ) -> None:
        self.old_at, self.new_at, self.old_op, self.new_op = old_at, new_at, old_op, new_op
        self.nodes = nodes  # the places are schema nodes: they are the records' nodes too

    def at(self, old_at: str | None, new_at: str | None) -> Where:
        """The same operations, other places."""
        return Where(old_at, new_at, self.old_op, self.new_op)

    def change(self, action: Action, subject: Subject, name: str, **values: Any) -> Change:
        """A record at these places."""
        if self.nodes:
            values = {"old_node": self.old_at, "new_node": self.new_at, **values}
        return Change(
            action=action, subject=subject, name=name, old_at=self.old_at, new_at=self.new_at,
            old_operation=self.old_op, new_operation=self.new_op, **values,
        )


def field_changes(
    ctx: Context, where: Where, subject: Subject, name: str,
    pairs: Iterable[tuple[Aspect, Any, Any]],
) -> None:
    """One record per field whose value differs: added, removed or changed."""
    for aspect, old, new in pairs:
        if old == new and type(old) is type(new):
            continue
        had, has = present(old), present(new)
        if not had and not has:
            continue
        action = Action.CHANGED if had and has else Action.ADDED if has else Action.REMOVED
        ctx.add(where.change(action, subject, name, aspect=aspect, old=plain(old), new=plain(new)))


def keyed_changes(
    ctx: Context, where: Where, subject: Subject, old: Mapping[str, Any], new: Mapping[str, Any],
) -> None:
    """Entries of a raw map (`x-` extensions, unmodelled keywords) added, removed or changed."""
    if old == new:
        return
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key, NO_VALUE), new.get(key, NO_VALUE)
        if before == after and before is not NO_VALUE:
            continue
        action = (
            Action.ADDED if before is NO_VALUE else
            Action.REMOVED if after is NO_VALUE else Action.CHANGED
        )
        aspect = Aspect.VALUE if action is Action.CHANGED else None
        change = where.change(action, subject, key, aspect=aspect, old=plain(before),
                              new=plain(after))
        ctx.add(change)


def one_side(
    ctx: Context, where: Where, subject: Subject, old: Mapping[str, Any], new: Mapping[str, Any],
    name: Callable[[str], str] = str,
) -> Iterator[tuple[str, Any, Any]]:
    """Keys of two maps, sorted: a key on one side only is recorded added or removed; the
    keys on both sides are yielded as (name, old value, new value) for a closer look."""
    for key in sorted(set(old) | set(new)):
        o, n = old.get(key), new.get(key)
        if o is None or n is None:
            ctx.add(where.change(Action.ADDED if o is None else Action.REMOVED, subject, name(key)))
        else:
            yield name(key), o, n
