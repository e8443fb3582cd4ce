"""Objects and `allOf`s seen flat: every property, required name and keyword of all parts.

Comparing flat views means a property moved between `allOf` members, or between a member and
the node's own keywords (`base`), is no change. Each property keeps the node id of the object
that declares it (its owner), so a change inside a shared member is located there, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.ir.model import Api
from generator.ir.schema import AllOfSchema, Discriminator, ObjectSchema, ReferenceSchema, Schema


@dataclass(slots=True, kw_only=True)
class View:
    """The flat content of an object or allOf (mutable while it is being collected)."""

    props: dict[str, tuple[Schema, str, str]] = field(default_factory=dict)  # (schema, id, owner)
    # later declarations of a property another part declares first (allOf: both apply)
    more: dict[str, list[tuple[Schema, str, str]]] = field(default_factory=dict)
    required: dict[str, str] = field(default_factory=dict)  # name -> owner id
    objects: list[tuple[ObjectSchema, str]] = field(default_factory=list)
    rest: list[tuple[Schema, str]] = field(default_factory=list)  # parts that are not objects
    owners: set[str] = field(default_factory=set)
    discriminators: list[tuple[Discriminator, str]] = field(default_factory=list)


def flat_view(api: Api, schema: Schema, node: str) -> View:
    """The flat view of an object or allOf (references to other parts followed, once each)."""
    view = View()
    _collect(api, schema, node, view, set())
    return view


def _collect(api: Api, schema: Schema | None, node: str, view: View, seen: set[str]) -> None:
    if schema is None:
        return
    if isinstance(schema, ReferenceSchema):
        if schema.target in seen:  # an allOf that includes itself: its parts are in already
            return
        seen.add(schema.target)
        _collect(api, api.nodes.get(schema.target), schema.target, view, seen)
        return
    if isinstance(schema, AllOfSchema):
        if schema.discriminator is not None:
            view.discriminators.append((schema.discriminator, node))
        _collect(api, schema.base, node, view, seen)
        for index, member in enumerate(schema.members):
            _collect(api, member, f"{node}/allOf/{index}", view, seen)
        return
    if isinstance(schema, ObjectSchema):
        view.owners.add(node)
        view.objects.append((schema, node))
        if schema.discriminator is not None:
            view.discriminators.append((schema.discriminator, node))
        for name, prop in schema.properties.items():
            declared = (prop, f"{node}/properties/{_escape(name)}", node)
            if name in view.props:
                view.more.setdefault(name, []).append(declared)
            else:
                view.props[name] = declared
        for name in schema.required:
            view.required.setdefault(name, node)
        return
    view.rest.append((schema, node))


def _escape(token: str) -> str:
    if "~" not in token and "/" not in token:  # nearly every property name
        return token
    return token.replace("~", "~0").replace("/", "~1")


def escape(token: str) -> str:
    """A JSON pointer token for a name."""
    return _escape(token)
