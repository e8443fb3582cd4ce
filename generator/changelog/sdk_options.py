"""The client's constructor options in the notes: API-level parameters and server variables.

The options are the client generator's own (`naming.options.client_options`: an API-level
parameter's option name and default, each server URL variable's option), worked out once per
pair and only when an entry is about one of them. Defaults are shown as the Python literals
the constructor has (`"2024-10-21"`, `None`: not sent unless set).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from generator.changelog.model import Entry, SdkImpact
from generator.changelog.sdk import Pair, impact
from generator.changelog.sdk_paths import parameter_of_schema
from generator.diff.model import pair_name
from generator.ir.model import Api
from generator.naming.client import api_level
from generator.naming.options import SERVER
from generator.naming.options import client_options as options_of


@dataclass(frozen=True, slots=True)
class Option:
    """One constructor option: its name and its default (Python source)."""

    name: str
    default: str


@dataclass(frozen=True, slots=True)
class Options:
    """A version's client options by (location, wire name), and its default URL."""

    by_wire: Mapping[tuple[str, str], Option]
    url: str


def client_options(api: Api) -> Options:
    """The options the client generator gives `api`'s client, and its default URL."""
    found = {(o.location, o.wire): Option(o.name, _literal(o.default))
             for o in options_of(api)}
    return Options(MappingProxyType(found), api.servers[0].url if api.servers else "")


def _literal(value: object) -> str:
    """A default as Python source: `"v1"`, `None`, `3`."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


def _options(pair: Pair) -> tuple[Options, Options]:
    found = pair.memo.get("options")
    if found is None:
        found = (client_options(pair.old), client_options(pair.new))
        pair.memo["options"] = found
    return found


def parameter_options(pair: Pair, location: str, wire: str, *,
                      quiet: bool = False) -> Iterator[SdkImpact]:
    """What an entry about the API-level parameter (`location`, `wire`) does to its option
    (`quiet`: say nothing when the option stays as it was)."""
    old, new = (o.by_wire.get((location, wire)) for o in _options(pair))
    yield from compare(old, new, quiet=quiet)


def compare(old: Option | None, new: Option | None, *,
            quiet: bool = False) -> Iterator[SdkImpact]:
    """One option on both sides: added, removed, renamed, its default changed, or kept."""
    if old is None or new is None:
        if new is not None:
            yield impact("client-option-added", option=new.name, default=new.default)
        elif old is not None:
            yield impact("client-option-removed", option=old.name)
        return
    if old.name != new.name:
        yield impact("client-option-renamed", old=old.name, new=new.name)
    if old.default == new.default:
        if not quiet and old.name == new.name:
            yield impact("client-option-unchanged", option=new.name, default=new.default)
    elif old.default == "None":
        yield impact("client-option-default-added", option=new.name, new=new.default)
    elif new.default == "None":
        yield impact("client-option-default-removed", option=new.name, old=old.default)
    else:
        yield impact("client-option-default-changed", option=new.name, old=old.default,
                     new=new.default)


_VARIABLE_KINDS = frozenset({"api-server-variable-added", "api-server-variable-removed",
                             "api-server-variable-changed"})
_SERVER_KINDS = frozenset({"api-server-added", "api-server-removed", "api-server-url-changed"})


def server_impacts(entry: Entry, pair: Pair) -> Iterator[SdkImpact]:
    """A server entry about the client's server (the first): its URL and variable options."""
    if entry.kind not in _VARIABLE_KINDS | _SERVER_KINDS:
        return
    old, new = _options(pair)
    variables = _variables(old, new)
    params = entry.params
    if entry.kind in _VARIABLE_KINDS:
        label = pair_name(_first_url(pair.old), _first_url(pair.new))
        name = str(params.get("name", ""))
        for wire in sorted(variables, key=lambda w: (-len(w), w)):
            if name == f"{label} {wire}":
                yield from variables[wire]
                return
        return
    if old.url and new.url and old.url != new.url and {old.url, new.url} & {params.get(k) for k in
                                                    ("name", "old", "new")}:
        yield impact("client-url-changed", old=old.url, new=new.url)
        if entry.kind != "api-server-url-changed":  # an unpaired server: no variable entries
            for wire in sorted(variables):
                yield from variables[wire]


def _first_url(api: Api) -> str:
    return api.servers[0].url if api.servers else ""


def _variables(old: Options, new: Options) -> dict[str, list[SdkImpact]]:
    """Per server variable (wire name), what happened to its option; one variable gone and
    one come is a rename of the option."""
    before = {w: o for (loc, w), o in old.by_wire.items() if loc == SERVER}
    after = {w: o for (loc, w), o in new.by_wire.items() if loc == SERVER}
    gone = sorted(set(before) - set(after))
    came = sorted(set(after) - set(before))
    found = {w: list(compare(before.get(w), after.get(w), quiet=True))
             for w in sorted(set(before) | set(after))}
    if len(gone) == 1 and len(came) == 1:
        renamed = compare(before[gone[0]], after[came[0]], quiet=True)
        found[gone[0]] = found[came[0]] = list(renamed)
    return found


def is_option(pair: Pair, location: str, wire: str) -> bool:
    """Whether (`location`, `wire`) is an API-level parameter, so a client option, on either
    side (`naming.client.api_level`: the rule the generator uses)."""
    found = pair.memo.get("api-level")
    if found is None:
        found = {(name, where.value) for api in (pair.old, pair.new)
                 for name, where in api_level(api)}
        pair.memo["api-level"] = found
    return (wire, location) in found


def docs_options(entry: Entry, pair: Pair) -> Iterator[SdkImpact]:
    """A documentation change of the API-level parameter says what changed for its option
    when something did: a default that follows the version label changes with the version."""
    if entry.kind == "docs-parameter-changed":
        location, _, wire = str(entry.params.get("name", "")).partition("/")
        subject = (location, wire)
    elif "/parameters/" in (entry.new_at or entry.old_at or ""):
        found = next((p for r in entry.reach
                      if (p := parameter_of_schema(entry, *pair.operations(r.operation)))),
                     None)
        subject = ("", "") if found is None else (found[0].value, found[1])
    else:
        return
    if is_option(pair, *subject):
        yield from parameter_options(pair, *subject, quiet=True)
