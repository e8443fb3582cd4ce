"""`oneOf`/`anyOf`/type-list members matched across versions.

In order: a reference to the same named schema; an identical shape (prose aside); the same
title, or the same `const` value of a property (a discriminator's tag); the only member of
its kind left on both sides. Matching is symmetric, so swapping the versions swaps the pairs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable

from generator.diff.context import Context
from generator.diff.shape import outline, shape_text
from generator.ir.model import Api
from generator.ir.schema import NO_VALUE, ObjectSchema, ReferenceSchema, Schema

Member = tuple[Schema, str]  # the member and its node id


def match_members(
    ctx: Context, old: list[Member], new: list[Member]
) -> tuple[list[tuple[Member, Member]], list[Member], list[Member]]:
    """(matched pairs, old members left, new members left)."""
    pairs: list[tuple[Member, Member]] = []
    for keys in (_each(_target), _shapes, _each(_tag), _each(_kind)):
        if not old or not new:
            break
        found, old, new = _match(old, new, *keys(ctx, old, new))
        pairs.extend(found)
    return pairs, old, new


Key = Hashable | None
Keys = Callable[[Context, list[Member], list[Member]], tuple[list[Key], list[Key]]]


def _each(key: Callable[[Api, Member], Key]) -> Keys:
    """The keys of each side's members, each read in its own version."""
    def keys(ctx: Context, old: list[Member], new: list[Member]) -> tuple[list[Key], list[Key]]:
        return [key(ctx.old, m) for m in old], [key(ctx.new, m) for m in new]
    return keys


def _match(
    old: list[Member], new: list[Member], o_keys: list[Key], n_keys: list[Key],
) -> tuple[list[tuple[Member, Member]], list[Member], list[Member]]:
    # Only keys that occur once on each side pair members: ambiguity leaves both unmatched.
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


def _shapes(ctx: Context, old: list[Member], new: list[Member]) -> tuple[list[Key], list[Key]]:
    """Shapes (prose aside), of the members whose outline the other side has too: no other
    member can pair by shape, and shaping a big inline object is the dearest key here."""
    both = {outline(m[0]) for m in old} & {outline(m[0]) for m in new}

    def key(member: Member) -> Key:
        return ("shape", shape_text(member[0])) if outline(member[0]) in both else None

    return [key(m) for m in old], [key(m) for m in new]


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
