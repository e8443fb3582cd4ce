"""A namespace hands out unique names deterministically, locked names first.

Names that differ only by case count as taken (`Item` and `item` would be one file on a
case-insensitive disk and easy to confuse in code). A contested name goes to the claimant
whose raw spelling is already the name, then to the first by raw spelling; the others get a
readable suffix (`Model`, `Schema` for classes; `_` for fields), then a number as a last
resort, which the lock then keeps stable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Claim:
    """One request for a name: a stable key (a pointer), the preferred name, the raw name."""

    key: str
    base: str
    raw: str


class Namespace:
    """Unique names in one scope (a package's classes, a class's fields, a package's modules)."""

    __slots__ = ("_suffixes", "_taken")

    def __init__(self, suffixes: tuple[str, ...], reserved: Iterable[str] = ()) -> None:
        self._suffixes = suffixes
        self._taken: set[str] = {n.lower() for n in reserved}

    def free(self, name: str) -> bool:
        """Whether `name` (case-insensitively) is still available."""
        return name.lower() not in self._taken

    def take(self, name: str) -> None:
        """Mark `name` as used."""
        self._taken.add(name.lower())

    def allocate(self, base: str) -> str:
        """`base` if free, else `base` + the first free suffix, else a number."""
        for suffix in ("", *self._suffixes):
            if self.free(base + suffix):
                self.take(base + suffix)
                return base + suffix
        number = 2
        while not self.free(f"{base}{number}"):
            number += 1
        self.take(f"{base}{number}")
        return f"{base}{number}"

    def assign(self, claims: Iterable[Claim], locked: Mapping[str, str]) -> dict[str, str]:
        """Names for every claim: a locked name where it is still free, the rest by rule."""
        claims = list(claims)
        out: dict[str, str] = {}
        for claim in sorted(claims, key=lambda c: c.key):
            name = locked.get(claim.key)
            if name is not None and name.isidentifier() and self.free(name):
                self.take(name)
                out[claim.key] = name
        rest = [c for c in claims if c.key not in out]
        # The exact spelling first, then by raw name and key: independent of spec order.
        rest.sort(key=lambda c: (c.base.lower(), c.raw != c.base, c.raw, c.key))
        for claim in rest:
            out[claim.key] = self.allocate(claim.base)
        return out
