"""`oneOf`/`anyOf`/type-list members matched across versions.

In order: a reference to the same named schema; an identical shape (prose aside); the same
title, or the same `const` value of a property (a discriminator's tag); the only member of
its kind left on both sides. Matching is symmetric, so swapping the versions swaps the pairs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable

from generator.diff.context import Context
from generator.diff.shape import shape
from generator.ir.model import Api
from generator.ir.schema import NO_VALUE, ObjectSchema, ReferenceSchema, Schema

Member = tuple[Schema, str]  # the member and its node id


def match_members(
    ctx: Context, old: list[Member], new: list[Member]
) -> tuple[list[tuple[Member, Member]], list[Member], list[Member]]:
    """(matched pairs, old members left, new members left)."""
    pairs: list[tuple[Member, Member]] = []
    keys: list[Callable[[Api, Member], Hashable | None]] = [
        _target, lambda api, m: _shape_key(m), _tag, _kind,
    ]
    for key in keys:
        if not old or not new:
            break
        found, old, new = _match(old, new, _bound(key, ctx.old), _bound(key, ctx.new))
        pairs.extend(found)
    return pairs, old, new


def _bound(
    key: Callable[[Api, Member], Hashable | None], api: Api
) -> Callable[[Member], Hashable | None]:
    return lambda member: key(api, member)


def _match(
    old: list[Member], new: list[Member],
    old_key: Callable[[Member], Hashable | None], new_key: Callable[[Member], Hashable | None],
) -> tuple[list[tuple[Member, Member]], list[Member], list[Member]]:
    # Only keys that occur once on each side pair members: ambiguity leaves both unmatched.
    o_keys = [old_key(m) for m in old]
    n_keys = [new_key(m) for m in new]
    pairs = []
    used_old, used_new = set(), set()
    for i, key in enumerate(o_keys):
        if key is None or o_keys.count(key) != 1 or n_keys.count(key) != 1:
            continue
        j = n_keys.index(key)
        pairs.append((old[i], new[j]))
        used_old.add(i)
        used_new.add(j)
    rest_old = [m for i, m in enumerate(old) if i not in used_old]
    rest_new = [m for j, m in enumerate(new) if j not in used_new]
    return pairs, rest_old, rest_new


def _target(api: Api, member: Member) -> Hashable | None:
    schema = member[0]
    return ("ref", schema.target) if isinstance(schema, ReferenceSchema) else None


def _shape_key(member: Member) -> Hashable | None:
    return ("shape", shape(member[0]))


def _tag(api: Api, member: Member) -> Hashable | None:
    schema = api.resolve(member[0])
    if schema is None:
        return None
    if schema.title:
        return ("title", schema.title)
    if isinstance(schema, ObjectSchema):
        for name in sorted(schema.properties):
            prop = api.resolve(schema.properties[name])
            if prop is None:
                continue
            if prop.const is not NO_VALUE:
                return ("const", name, json.dumps(prop.const, sort_keys=True, default=str))
            if prop.enum is not None and len(prop.enum) == 1:
                return ("const", name, json.dumps(prop.enum[0], sort_keys=True, default=str))
    return None


def _kind(api: Api, member: Member) -> Hashable | None:
    schema = api.resolve(member[0])
    return None if schema is None else ("kind", schema.kind.value)
