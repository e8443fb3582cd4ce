"""Entries of one section that belong together, under one heading: `Entry.group`.

- The entries at one place (one operation, one schema, one parameter: one `area`) are one
  group, whatever their levels: a schema whose enum lost values and gained others is one
  story, told under one heading that sorts with its worst entry.
- A property added under one name on the request side and on the response side of the same
  version (`retry_policy` in `CreateJobRequest` and in `Job`) is one feature: those entries
  leave their schemas' groups for a group `property retry_policy`. Names added at the same
  set of places (`name` and `namespace` in a request item and its response item) are one
  group, `properties name, namespace`.
- API-wide entries (servers, security, a parameter of every operation) are not one story:
  they are grouped per level, `API breaking`, `API warning`, `API info`.

Group ids are specloom's words around spec names, stable for the same input; the heading a
renderer shows is made from them (`render.changelog.views.group_parts`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from generator.changelog.model import Entry, Side
from generator.changelog.registry import KINDS

API = "API"
# The kinds whose `name` is a property new in this version (either family).
_ADDED = ("-property-added-optional", "-property-added-required")


def grouped(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """The entries, each with its `group` set (order kept)."""
    entries = tuple(entries)
    features = _features(entries)
    return tuple(replace(e, group=features.get(i) or area_group(e))
                 for i, e in enumerate(entries))


def area_group(entry: Entry) -> str:
    """The group of an entry that is part of no feature: its area (API-wide: per level)."""
    return f"{API} {entry.level.value}" if entry.area == API else entry.area


def _features(entries: tuple[Entry, ...]) -> dict[int, str]:
    """Entry index -> feature group id, for properties new on both sides of the exchange."""
    by_name: dict[str, list[int]] = {}
    for i, e in enumerate(entries):
        name = e.params.get("name")
        if e.kind.endswith(_ADDED) and isinstance(name, str) and e.area != API:
            by_name.setdefault(name, []).append(i)
    by_places: dict[frozenset[str], list[str]] = {}
    for name, found in by_name.items():
        sides = {KINDS[entries[i].kind].side for i in found}
        places = frozenset(entries[i].area for i in found)
        if {Side.REQUEST, Side.RESPONSE} <= sides and len(places) > 1:
            by_places.setdefault(places, []).append(name)
    out: dict[int, str] = {}
    for names in by_places.values():
        names.sort()
        ident = f"{'property' if len(names) == 1 else 'properties'} {', '.join(names)}"
        for name in names:
            for i in by_name[name]:
                out[i] = ident
    return out
