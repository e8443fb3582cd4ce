"""The neutral diff of two API models: typed change records, no judgement and no wording.

A `Change` says what happened (`Action`) to what (`Subject`), which field changed (`Aspect`,
for `CHANGED`), the old and new values, and where, on both sides: `old_at`/`new_at` are node
ids (`file#/json/pointer`, `#/...` in the root file) of the place in each document, and
`old_node`/`new_node` the node ids of the schemas involved. For an addition the old side
names the container it was added to (the object that gained a property); for a removal the
new side does. A change inside a shared component is one record at the component, whatever
number of operations reach it; `changelog/` works out the reach and the severity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from enum import Enum
from operator import attrgetter
from typing import Any, TypeAlias

JsonValue: TypeAlias = Any


class Action(str, Enum):
    """What happened to the subject."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"  # an operation whose path changed and whose operationId did not
    RENAMED = "renamed"  # a path parameter renamed in place (`{id}` -> `{file_id}`)
    PROBABLE_RENAME = "probable-rename"  # a removal and an addition of the same shape


class Subject(str, Enum):
    """What a change is about."""

    API = "api"
    SERVER = "server"
    SERVER_VARIABLE = "server-variable"
    SECURITY_SCHEME = "security-scheme"
    OAUTH_FLOW = "oauth-flow"
    SECURITY_REQUIREMENT = "security-requirement"
    API_PARAMETER = "api-parameter"
    OPERATION = "operation"
    WEBHOOK = "webhook"
    TAG = "tag"
    PARAMETER = "parameter"
    REQUEST_BODY = "request-body"
    RESPONSE = "response"
    HEADER = "header"
    MEDIA_TYPE = "media-type"
    SCHEMA = "schema"
    PROPERTY = "property"
    REQUIRED = "required"  # a property name in `required`
    ENUM_VALUE = "enum-value"
    UNION_MEMBER = "union-member"
    ALL_OF_PART = "all-of-part"  # a non-object part of an allOf
    PREFIX_ITEM = "prefix-item"
    MAPPING = "discriminator-mapping"
    EXTENSION = "extension"  # an `x-` key
    KEYWORD = "keyword"  # a Schema Object keyword the IR keeps unmodelled


class Aspect(str, Enum):
    """The field that changed, for `Action.CHANGED` (and presence of optional keywords)."""

    # documentation
    TITLE = "title"
    SUMMARY = "summary"
    DESCRIPTION = "description"
    EXAMPLE = "example"
    EXAMPLES = "examples"
    # operations and their parts
    PATH = "path"
    METHOD = "method"
    OPERATION_ID = "operationId"
    DEPRECATED = "deprecated"
    PREVIEW = "preview"
    STREAMING = "streaming"
    CALLBACKS = "callbacks"
    LINKS = "links"
    REQUIRED = "required"
    STYLE = "style"
    EXPLODE = "explode"
    ALLOW_EMPTY_VALUE = "allowEmptyValue"
    ALLOW_RESERVED = "allowReserved"
    ENCODING = "encoding"
    SCOPES = "scopes"
    URL = "url"
    DEFAULT = "default"
    ENUM = "enum"
    # security schemes
    TYPE = "type"
    PARAMETER_NAME = "name"
    LOCATION = "in"
    SCHEME = "scheme"
    BEARER_FORMAT = "bearerFormat"
    OPEN_ID_CONNECT_URL = "openIdConnectUrl"
    AUTHORIZATION_URL = "authorizationUrl"
    TOKEN_URL = "tokenUrl"
    REFRESH_URL = "refreshUrl"
    # schemas
    REFERENCE = "$ref"  # the named schema a reference points at
    NULLABLE = "nullable"
    COMPOSITION = "composition"  # oneOf <-> anyOf
    CONST = "const"
    READ_ONLY = "readOnly"
    WRITE_ONLY = "writeOnly"
    FORMAT = "format"
    PATTERN = "pattern"
    MIN_LENGTH = "minLength"
    MAX_LENGTH = "maxLength"
    MINIMUM = "minimum"
    MAXIMUM = "maximum"
    EXCLUSIVE_MINIMUM = "exclusiveMinimum"
    EXCLUSIVE_MAXIMUM = "exclusiveMaximum"
    MULTIPLE_OF = "multipleOf"
    MIN_ITEMS = "minItems"
    MAX_ITEMS = "maxItems"
    UNIQUE_ITEMS = "uniqueItems"
    MIN_PROPERTIES = "minProperties"
    MAX_PROPERTIES = "maxProperties"
    ADDITIONAL_PROPERTIES = "additionalProperties"
    DISCRIMINATOR = "discriminator"  # its propertyName
    VALUE = "value"  # an extension's or unmodelled keyword's value


class Evidence(str, Enum):
    """Why two things were matched when their names or places differ."""

    SAME_OPERATION_ID = "same-operationId"
    SAME_POSITION = "same-position"  # a path parameter at the same place in the template
    SAME_SHAPE = "same-shape"  # equal once descriptions, titles and examples are set aside


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One change, with both values and both locations (None where a side has none)."""

    action: Action
    subject: Subject
    name: str  # the subject's name in its container: property, `query/limit`, `200`, ...
    aspect: Aspect | None = None
    old: JsonValue = None
    new: JsonValue = None
    old_at: str | None = None
    new_at: str | None = None
    old_node: str | None = None
    new_node: str | None = None
    old_operation: str | None = None  # `POST /chat/completions`, for changes within one
    new_operation: str | None = None
    evidence: Evidence | None = None

    def key(self) -> tuple[str, ...]:
        """What makes two records the same change (values aside): used to merge duplicates."""
        return (
            self.subject.value, self.new_at or self.old_at or "", self.old_at or "",
            self.name, self.action.value, self.aspect.value if self.aspect else "",
            self.old_node or "", self.new_node or "", self.old_operation or "",
            self.new_operation or "",
        )

    def inverse(self) -> Change:
        """The same change seen from the other side (revision -> base)."""
        return replace(
            self,
            action=_INVERSE.get(self.action, self.action),
            old=self.new, new=self.old, old_at=self.new_at, new_at=self.old_at,
            old_node=self.new_node, new_node=self.old_node,
            old_operation=self.new_operation, new_operation=self.old_operation,
            name=_swap_name(self),
        )


_INVERSE = {Action.ADDED: Action.REMOVED, Action.REMOVED: Action.ADDED}


def pair_name(old: str, new: str) -> str:
    """One name for something named on both sides: `old -> new` when the names differ."""
    return old if old == new else f"{old} -> {new}"


def _swap_name(change: Change) -> str:
    # A rename's (or a changed URL's) name is "old -> new".
    if " -> " in change.name:
        before, _, after = change.name.partition(" -> ")
        return f"{after} -> {before}"
    return change.name


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiDiff:
    """Every change between two versions, sorted by place (stable across runs)."""

    old_label: str
    new_label: str
    changes: tuple[Change, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether the two versions mean the same."""
        return not self.changes

    def __reduce__(self) -> tuple[Any, ...]:
        # A forked child pickles its diffs to the parent: one row of field values per record
        # pickles and loads several times faster than the dataclasses' own state protocol.
        return (_diff, (self.old_label, self.new_label, list(map(_ROW, self.changes))))


_FIELDS = tuple(f.name for f in fields(Change))
_ROW = attrgetter(*_FIELDS)
_SETTERS = tuple(getattr(Change, name).__set__ for name in _FIELDS)


def _diff(old_label: str, new_label: str, rows: Iterable[tuple[Any, ...]]) -> ApiDiff:
    """An `ApiDiff` from its pickled rows (`ApiDiff.__reduce__`)."""
    changes = []
    for row in rows:
        # the rows come from records made by `Change(...)`: set the slots as they were
        change = object.__new__(Change)
        for put, value in zip(_SETTERS, row, strict=True):
            put(change, value)
        changes.append(change)
    return ApiDiff(old_label=old_label, new_label=new_label, changes=tuple(changes))
