"""Parameters, request bodies, responses, headers and media types of two operations.

A part that was a `$ref` to a component on both sides is compared once per pair of
components and located there (`#/components/parameters/ApiVersion`), not once per
operation that merges it in; a part written in place is located at its operation.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.diff.context import Context, Where, field_changes, keyed_changes
from generator.diff.model import Action, Aspect, Subject
from generator.diff.schemas import SchemaDiffer
from generator.diff.views import escape
from generator.ir.model import Header, MediaType, Parameter, RequestBody, Response


class PartDiffer:
    """Compares the parts of matched operations, recording into the context."""

    def __init__(self, ctx: Context, schemas: SchemaDiffer) -> None:
        self.ctx = ctx
        self.schemas = schemas

    def _shared(self, kind: str, old: str | None, new: str | None, where: Where) -> Where | None:
        """Where to record a part's changes; None when this pair of components was done."""
        if old is None or new is None:
            return where
        if not self.ctx.first((kind, old, new)):
            return None
        return Where(old, new, None, None)

    def parameter(self, old: Parameter, new: Parameter, where: Where, name: str) -> None:
        """Two parameters matched by (in, name)."""
        at = self._shared("parameter", old.origin, new.origin, where)
        if at is None:
            return
        field_changes(self.ctx, at, Subject.PARAMETER, name, [
            (Aspect.REQUIRED, old.required, new.required),
            (Aspect.DEPRECATED, old.deprecated, new.deprecated),
            (Aspect.DESCRIPTION, old.description, new.description),
            (Aspect.STYLE, old.style, new.style),
            (Aspect.EXPLODE, old.explode, new.explode),
            (Aspect.ALLOW_EMPTY_VALUE, old.allow_empty_value, new.allow_empty_value),
            (Aspect.ALLOW_RESERVED, old.allow_reserved, new.allow_reserved),
            (Aspect.EXAMPLE, old.example, new.example),
            (Aspect.EXAMPLES, old.examples, new.examples),
        ])
        keyed_changes(self.ctx, at, Subject.EXTENSION, old.extensions, new.extensions)
        self.schemas.ids(old.schema_id, new.schema_id)
        self.content(old.content, new.content, at)

    def request_body(self, old: RequestBody | None, new: RequestBody | None, where: Where) -> None:
        """Two request bodies (either may be absent)."""
        if old is None or new is None:
            if old is not new:
                action = Action.ADDED if old is None else Action.REMOVED
                ctx_where = where.at(where.old_at, where.new_at)
                self.ctx.add(ctx_where.change(action, Subject.REQUEST_BODY, "requestBody"))
            return
        at = self._shared("requestBody", old.origin, new.origin, where)
        if at is None:
            return
        field_changes(self.ctx, at, Subject.REQUEST_BODY, "requestBody", [
            (Aspect.REQUIRED, old.required, new.required),
            (Aspect.DESCRIPTION, old.description, new.description),
        ])
        keyed_changes(self.ctx, at, Subject.EXTENSION, old.extensions, new.extensions)
        self.content(old.content, new.content, at)

    def responses(self, old: Mapping[str, Response], new: Mapping[str, Response],
                  where: Where) -> None:
        """Responses by status code."""
        for status in sorted(set(old) | set(new)):
            o, n = old.get(status), new.get(status)
            if o is not None and n is not None:
                self.response(o, n, where)
                continue
            action = Action.ADDED if o is None else Action.REMOVED
            self.ctx.add(where.change(action, Subject.RESPONSE, status))

    def response(self, old: Response, new: Response, where: Where) -> None:
        """Two responses of one status."""
        at = self._shared("response", old.origin, new.origin, where)
        if at is None:
            return
        name = new.status
        field_changes(self.ctx, at, Subject.RESPONSE, name, [
            (Aspect.DESCRIPTION, old.description, new.description),
            (Aspect.LINKS, old.links, new.links),
        ])
        keyed_changes(self.ctx, at, Subject.EXTENSION, old.extensions, new.extensions)
        self.headers(old.headers, new.headers, at, name)
        self.content(old.content, new.content, at, prefix=f"{name} ")

    def headers(self, old: Mapping[str, Header], new: Mapping[str, Header], where: Where,
                status: str) -> None:
        """Response headers, names compared case-insensitively."""
        before = {k.lower(): (k, v) for k, v in old.items()}
        after = {k.lower(): (k, v) for k, v in new.items()}
        for key in sorted(set(before) | set(after)):
            o, n = before.get(key), after.get(key)
            label = f"{status} {key}"
            if o is None or n is None:
                action = Action.ADDED if o is None else Action.REMOVED
                self.ctx.add(where.change(action, Subject.HEADER, label))
                continue
            self.header(o[1], n[1], where, label)

    def header(self, old: Header, new: Header, where: Where, label: str) -> None:
        """Two response headers of one name."""
        at = self._shared("header", old.origin, new.origin, where)
        if at is None:
            return
        field_changes(self.ctx, at, Subject.HEADER, label, [
            (Aspect.REQUIRED, old.required, new.required),
            (Aspect.DEPRECATED, old.deprecated, new.deprecated),
            (Aspect.DESCRIPTION, old.description, new.description),
            (Aspect.STYLE, old.style, new.style),
            (Aspect.EXPLODE, old.explode, new.explode),
        ])
        keyed_changes(self.ctx, at, Subject.EXTENSION, old.extensions, new.extensions)
        self.schemas.ids(old.schema_id, new.schema_id)
        self.content(old.content, new.content, at)

    def content(self, old: Mapping[str, MediaType], new: Mapping[str, MediaType], where: Where,
                prefix: str = "") -> None:
        """A `content` map: media types added, removed, or compared."""
        for media in sorted(set(old) | set(new)):
            o, n = old.get(media), new.get(media)
            if o is None or n is None:
                action = Action.ADDED if o is None else Action.REMOVED
                self.ctx.add(where.change(action, Subject.MEDIA_TYPE, prefix + media,
                                          old_node=o and o.schema_id, new_node=n and n.schema_id))
                continue
            name = prefix + media
            field_changes(self.ctx, where, Subject.MEDIA_TYPE, name, [
                (Aspect.EXAMPLE, o.example, n.example),
                (Aspect.EXAMPLES, o.examples, n.examples),
                (Aspect.ENCODING, o.encoding, n.encoding),
            ])
            keyed_changes(self.ctx, where, Subject.EXTENSION, o.extensions, n.extensions)
            if (o.schema_id is None) != (n.schema_id is None):
                action = Action.ADDED if o.schema_id is None else Action.REMOVED
                self.ctx.add(where.change(action, Subject.SCHEMA, name,
                                          old_node=o.schema_id, new_node=n.schema_id))
            self.schemas.ids(o.schema_id, n.schema_id)


def pointer(section: str, path: str, method: str) -> str:
    """The node id of an operation (`#/paths/~1pets/get`)."""
    return f"#/{section}/{escape(path)}/{method}"
