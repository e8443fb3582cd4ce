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

from collections.abc import Mapping, Sequence
from typing import Any

from generator.changelog.model import Entry, Level, Side

API = "API"
# The kinds whose `name` is a property new in this version (either family).
_ADDED = ("-property-added-optional", "-property-added-required")


def area_group(entry: Entry) -> str:
    """An entry's group: the one folding gave it, else (an entry made elsewhere) that of
    its area (API-wide: per level)."""
    return entry.group or group_of(entry.area, entry.level)


def group_of(area: str, level: Level) -> str:
    """The group of an entry at `area`, of `level`, that is part of no feature."""
    return f"{API} {level.value}" if area == API else area


def features(entries: Sequence[tuple[str, str, Mapping[str, Any]]]) -> dict[int, str]:
    """Index -> feature group id, over (kind, area, params) of a section's entries: for the
    properties new on both sides of the exchange, in more than one place."""
    from generator.changelog.registry import KINDS  # judging only: rendering needs no registry

    by_name: dict[str, list[int]] = {}
    for i, (kind, area, params) in enumerate(entries):
        name = params.get("name")
        if kind.endswith(_ADDED) and isinstance(name, str) and area != API:
            by_name.setdefault(name, []).append(i)
    by_places: dict[frozenset[str], list[str]] = {}
    for name, found in by_name.items():
        sides = {KINDS[entries[i][0]].side for i in found}
        places = frozenset(entries[i][1] for i in found)
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
