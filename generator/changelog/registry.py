"""The registry of change kinds: stable id, default level, words, inverse, and docs flag.

Schema kinds come from `kinds_schema` (one suffix table placed in six families by the
direction rule); the others (operations, parameters, bodies, responses, security, servers,
lifecycle, documentation) are listed here. `docs/changelog-kinds.md` is generated from this
table, and tests check that every kind is exercised and that inverses are mutual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial

from generator.changelog.kinds_schema import SUFFIXES, Family, Suffix, families_for, level_for
from generator.changelog.model import Level, Side


@dataclass(frozen=True, slots=True, kw_only=True)
class Kind:
    """One kind of change: what entries of it are called, how much they matter, their words."""

    id: str
    level: Level
    template: str  # specloom's words; `{placeholders}` are filled from `Entry.params`
    inverse: str | None  # the kind the same change has with the versions swapped
    docs_only: bool = False
    side: Side = Side.NONE
    group: str = "api"  # the heading of the kind's table in the docs


B, W, I = Level.BREAKING, Level.WARNING, Level.INFO  # noqa: E741 (the levels' initials)
REQ, RESP, NONE = Side.REQUEST, Side.RESPONSE, Side.NONE

# (id, level, side, inverse, template)
_OPERATIONS = (
    ("endpoint-added", I, NONE, "endpoint-removed-without-deprecation", "{name} added"),
    ("endpoint-removed-without-deprecation", B, NONE, "endpoint-added",
     "{name} removed without prior deprecation"),
    ("endpoint-removed-after-deprecation", W, NONE, "endpoint-added",
     "{name} removed (it was deprecated)"),
    ("endpoint-added-preview", I, NONE, "endpoint-removed-preview", "{name} added as a preview"),
    ("endpoint-removed-preview", W, NONE, "endpoint-added-preview",
     "{name} removed (it was a preview)"),
    ("endpoint-deprecated", W, NONE, "endpoint-reactivated", "{name} deprecated"),
    ("endpoint-reactivated", I, NONE, "endpoint-deprecated", "{name} no longer deprecated"),
    ("endpoint-became-preview", W, NONE, "endpoint-promoted-to-ga", "{name} is now a preview"),
    ("endpoint-promoted-to-ga", I, NONE, "endpoint-became-preview",
     "{name} promoted from preview to generally available"),
    ("endpoint-moved", B, NONE, "endpoint-moved", "{name} moved from {old} to {new}"),
    ("endpoint-method-changed", B, NONE, "endpoint-method-changed",
     "{name}: method changed from {old} to {new}"),
    ("endpoint-probable-rename", B, NONE, "endpoint-probable-rename",
     "{old} probably renamed to {new}"),
    ("api-operation-id-added", I, NONE, "api-operation-id-removed",
     "{name}: operationId {new} set"),
    ("api-operation-id-removed", W, NONE, "api-operation-id-added",
     "{name}: operationId {old} removed"),
    ("api-operation-id-changed", W, NONE, "api-operation-id-changed",
     "{name}: operationId changed from {old} to {new}"),
    ("api-tag-added", I, NONE, "api-tag-removed", "tag {value} added"),
    ("api-tag-removed", I, NONE, "api-tag-added", "tag {value} removed"),
    ("endpoint-streaming-added", I, RESP, "endpoint-streaming-removed",
     "{name} can now stream its response"),
    ("endpoint-streaming-removed", B, RESP, "endpoint-streaming-added",
     "{name} no longer streams its response"),
    ("endpoint-callbacks-changed", W, NONE, "endpoint-callbacks-changed",
     "{name}: callbacks changed"),
    ("webhook-added", I, NONE, "webhook-removed", "webhook {name} added"),
    ("webhook-removed", B, NONE, "webhook-added", "webhook {name} removed"),
    ("webhook-probable-rename", B, NONE, "webhook-probable-rename",
     "webhook {old} probably renamed to {new}"),
    ("webhook-moved", B, NONE, "webhook-moved", "webhook {name} moved from {old} to {new}"),
)

_PARTS = (
    ("new-required-request-parameter", B, REQ, "request-parameter-removed-required",
     "required parameter {name} added"),
    ("request-parameter-removed-required", W, REQ, "new-required-request-parameter",
     "required parameter {name} removed"),
    ("new-optional-request-parameter", I, REQ, "request-parameter-removed-optional",
     "optional parameter {name} added"),
    ("request-parameter-removed-optional", W, REQ, "new-optional-request-parameter",
     "optional parameter {name} removed"),
    ("request-parameter-removed-after-deprecation", I, REQ, "new-optional-request-parameter",
     "parameter {name} removed (it was deprecated)"),
    ("request-parameter-became-required", B, REQ, "request-parameter-became-optional",
     "parameter {name} is now required"),
    ("request-parameter-became-optional", I, REQ, "request-parameter-became-required",
     "parameter {name} is now optional"),
    ("request-parameter-deprecated", W, REQ, "request-parameter-reactivated",
     "parameter {name} deprecated"),
    ("request-parameter-reactivated", I, REQ, "request-parameter-deprecated",
     "parameter {name} no longer deprecated"),
    ("request-parameter-renamed", W, REQ, "request-parameter-renamed",
     "path parameter {old} renamed to {new}"),
    ("request-parameter-probable-rename", B, REQ, "request-parameter-probable-rename",
     "parameter {old} probably renamed to {new}"),
    ("request-parameter-serialization-changed", B, REQ, "request-parameter-serialization-changed",
     "parameter {name}: {aspect} changed from {old} to {new}"),
    ("request-body-added-required", B, REQ, "request-body-removed-required",
     "a required request body added"),
    ("request-body-removed-required", W, REQ, "request-body-added-required",
     "the required request body removed"),
    ("request-body-added-optional", I, REQ, "request-body-removed-optional",
     "an optional request body added"),
    ("request-body-removed-optional", W, REQ, "request-body-added-optional",
     "the optional request body removed"),
    ("request-body-became-required", B, REQ, "request-body-became-optional",
     "the request body is now required"),
    ("request-body-became-optional", I, REQ, "request-body-became-required",
     "the request body is now optional"),
    ("request-body-media-type-added", I, REQ, "request-body-media-type-removed",
     "request body media type {name} added"),
    ("request-body-media-type-removed", B, REQ, "request-body-media-type-added",
     "request body media type {name} removed"),
    ("request-body-media-type-schema-added", B, REQ, "request-body-media-type-schema-removed",
     "request body {name}: a schema added"),
    ("request-body-media-type-schema-removed", I, REQ, "request-body-media-type-schema-added",
     "request body {name}: its schema removed"),
    ("request-body-encoding-changed", W, REQ, "request-body-encoding-changed",
     "request body {name}: encoding changed"),
    ("response-success-status-added", I, RESP, "response-success-status-removed",
     "response {name} added"),
    ("response-success-status-removed", B, RESP, "response-success-status-added",
     "response {name} removed"),
    ("response-non-success-status-added", I, RESP, "response-non-success-status-removed",
     "error response {name} added"),
    ("response-non-success-status-removed", W, RESP, "response-non-success-status-added",
     "error response {name} removed"),
    ("response-media-type-added", I, RESP, "response-media-type-removed",
     "response media type {name} added"),
    ("response-media-type-removed", B, RESP, "response-media-type-added",
     "response media type {name} removed"),
    ("response-media-type-schema-added", I, RESP, "response-media-type-schema-removed",
     "response {name}: a schema added"),
    ("response-media-type-schema-removed", B, RESP, "response-media-type-schema-added",
     "response {name}: its schema removed"),
    ("response-links-changed", I, RESP, "response-links-changed", "response {name}: links changed"),
    ("response-header-added", I, RESP, "optional-response-header-removed",
     "response header {name} added"),
    ("optional-response-header-removed", W, RESP, "response-header-added",
     "optional response header {name} removed"),
    ("response-required-header-added", I, RESP, "required-response-header-removed",
     "required response header {name} added"),
    ("required-response-header-removed", B, RESP, "response-required-header-added",
     "required response header {name} removed"),
    ("response-header-became-required", I, RESP, "response-header-became-optional",
     "response header {name} is now always sent"),
    ("response-header-became-optional", B, RESP, "response-header-became-required",
     "response header {name} is no longer always sent"),
    ("response-header-became-deprecated", W, RESP, "response-header-became-undeprecated",
     "response header {name} deprecated"),
    ("response-header-became-undeprecated", I, RESP, "response-header-became-deprecated",
     "response header {name} no longer deprecated"),
    ("response-header-serialization-changed", W, RESP, "response-header-serialization-changed",
     "response header {name}: {aspect} changed from {old} to {new}"),
)

# A webhook's request is sent by the API and read by the receiver: what it holds is judged
# like a response (narrowing it is safe for receivers, widening it may break them). Its
# schemas take the response families by reach; these are its parts.
_WEBHOOKS = (
    ("webhook-payload-added", I, RESP, "webhook-payload-removed", "a payload added"),
    ("webhook-payload-removed", B, RESP, "webhook-payload-added",
     "the payload removed: the API no longer sends one"),
    ("webhook-payload-became-required", I, RESP, "webhook-payload-became-optional",
     "the payload is now always sent"),
    ("webhook-payload-became-optional", B, RESP, "webhook-payload-became-required",
     "the payload may now be absent"),
    ("webhook-payload-media-type-added", W, RESP, "webhook-payload-media-type-removed",
     "payload media type {name} added: receivers may get it"),
    ("webhook-payload-media-type-removed", I, RESP, "webhook-payload-media-type-added",
     "payload media type {name} removed"),
    ("webhook-parameter-added-required", I, RESP, "webhook-parameter-removed-required",
     "parameter {name} added (always sent)"),
    ("webhook-parameter-added-optional", I, RESP, "webhook-parameter-removed-optional",
     "optional parameter {name} added"),
    ("webhook-parameter-removed-required", B, RESP, "webhook-parameter-added-required",
     "parameter {name} no longer sent (it was always sent)"),
    ("webhook-parameter-removed-optional", W, RESP, "webhook-parameter-added-optional",
     "optional parameter {name} no longer sent"),
    ("webhook-parameter-became-required", I, RESP, "webhook-parameter-became-optional",
     "parameter {name} is now always sent"),
    ("webhook-parameter-became-optional", B, RESP, "webhook-parameter-became-required",
     "parameter {name} may now be absent"),
)

_API = (
    # A requirement is one alternative: a new one may ask for credentials where none were
    # needed; a removed one fails every caller that used it.
    ("api-global-security-added", W, NONE, "api-global-security-removed",
     "security requirement {name} added for the whole API"),
    ("api-global-security-removed", B, NONE, "api-global-security-added",
     "security requirement {name} removed for the whole API"),
    ("api-global-security-scope-changed", W, NONE, "api-global-security-scope-changed",
     "security requirement {name}: scopes changed from {old} to {new}"),
    ("api-security-added", W, NONE, "api-security-removed", "security requirement {name} added"),
    ("api-security-removed", B, NONE, "api-security-added", "security requirement {name} removed"),
    ("api-security-scope-changed", W, NONE, "api-security-scope-changed",
     "security requirement {name}: scopes changed from {old} to {new}"),
    ("api-security-component-added", I, NONE, "api-security-component-removed",
     "security scheme {name} added"),
    ("api-security-component-removed", W, NONE, "api-security-component-added",
     "security scheme {name} removed"),
    ("api-security-component-type-changed", B, NONE, "api-security-component-type-changed",
     "security scheme {name}: type changed from {old} to {new}"),
    ("api-security-component-changed", B, NONE, "api-security-component-changed",
     "security scheme {name}: {aspect} changed from {old} to {new}"),
    ("api-security-component-oauth-flow-added", I, NONE,
     "api-security-component-oauth-flow-removed", "OAuth flow {name} added"),
    ("api-security-component-oauth-flow-removed", B, NONE,
     "api-security-component-oauth-flow-added", "OAuth flow {name} removed"),
    ("api-security-component-oauth-url-changed", W, NONE,
     "api-security-component-oauth-url-changed",
     "OAuth flow {name}: {aspect} changed from {old} to {new}"),
    ("api-security-component-oauth-scopes-changed", W, NONE,
     "api-security-component-oauth-scopes-changed", "OAuth flow {name}: scopes changed"),
    ("api-server-added", I, NONE, "api-server-removed", "server {name} added"),
    ("api-server-removed", B, NONE, "api-server-added", "server {name} removed"),
    ("api-server-url-changed", B, NONE, "api-server-url-changed",
     "server URL changed from {old} to {new}"),
    ("api-server-variable-added", I, NONE, "api-server-variable-removed",
     "server variable {name} added"),
    ("api-server-variable-removed", B, NONE, "api-server-variable-added",
     "server variable {name} removed"),
    ("api-server-variable-changed", W, NONE, "api-server-variable-changed",
     "server variable {name}: {aspect} changed from {old} to {new}"),
    ("api-schema-added", I, NONE, "api-schema-removed", "schema {name} added"),
    ("api-schema-removed", I, NONE, "api-schema-added", "schema {name} removed"),
    ("api-schema-probable-rename", I, NONE, "api-schema-probable-rename",
     "schema {old} probably renamed to {new}"),
    ("api-parameter-added", I, REQ, "api-parameter-removed",
     "parameter {name} added to every operation"),
    ("api-parameter-removed", W, REQ, "api-parameter-added",
     "parameter {name} removed from every operation"),
    ("api-parameter-changed", W, REQ, "api-parameter-changed",
     "parameter {name} of every operation: {aspect} changed from {old} to {new}"),
    # an `x-` extension changes nothing on the wire, and specloom's own output reads none;
    # shown (info) because it may steer another tool: `x-ms-enum`, `x-ms-pageable`,
    # `x-stainless-*` change the SDKs other generators make, `x-speakeasy-retries` retries
    ("api-extension-added", I, NONE, "api-extension-removed", "extension {name} added"),
    ("api-extension-removed", I, NONE, "api-extension-added", "extension {name} removed"),
    ("api-extension-changed", I, NONE, "api-extension-changed", "extension {name} changed"),
)

# Extensions known to hold documentation only (`part_rules.DOC_EXTENSIONS`: `x-oaiMeta`,
# `x-ms-examples`, `x-codeSamples`, ...): documentation-only kinds, hidden like the others.
_DOCS_EXTENSIONS = (
    ("docs-extension-added", "docs-extension-removed", "documentation extension {name} added"),
    ("docs-extension-removed", "docs-extension-added",
     "documentation extension {name} removed"),
    ("docs-extension-changed", "docs-extension-changed",
     "documentation extension {name} changed"),
)

# Documentation-only kinds: info, hidden from Markdown unless asked (`--include-docs`).
_DOCS = (
    ("docs-api-changed", "API {aspect} changed"),
    ("docs-endpoint-changed", "{name}: {aspect} changed"),
    ("docs-parameter-changed", "parameter {name}: {aspect} changed"),
    ("docs-request-body-changed", "request body: {aspect} changed"),
    ("docs-response-changed", "response {name}: {aspect} changed"),
    ("docs-response-header-changed", "response header {name}: {aspect} changed"),
    ("docs-media-type-changed", "{name}: {aspect} changed"),
    ("docs-schema-changed", "{where}: {aspect} changed"),
    ("docs-security-changed", "security scheme {name}: {aspect} changed"),
    ("docs-server-changed", "server {name}: {aspect} changed"),
)


class _Registry(Mapping[str, Kind]):
    """The kinds by id, in id order; each `Kind` is made the first time it is asked for:
    judging a pair asks for a few dozen of the 721, and making them all was most of the
    time importing this module took."""

    def __init__(self, recipes: dict[str, Callable[[], Kind]]) -> None:
        self._recipes = recipes
        self._made: dict[str, Kind] = {}

    def __getitem__(self, ident: str) -> Kind:
        kind = self._made.get(ident)
        if kind is None:
            kind = self._made[ident] = self._recipes[ident]()
        return kind

    def __contains__(self, ident: object) -> bool:
        return ident in self._recipes

    def __iter__(self) -> Iterator[str]:
        return iter(self._recipes)

    def __len__(self) -> int:
        return len(self._recipes)


def _build() -> Mapping[str, Kind]:
    recipes: dict[str, Callable[[], Kind]] = {}

    def add(ident: str, recipe: Callable[[], Kind]) -> None:
        """Register one kind (an id twice is a mistake in the tables)."""
        assert ident not in recipes, f"kind {ident} defined twice"
        recipes[ident] = recipe

    for rows, group in ((_OPERATIONS, "operations"), (_PARTS, "parameters, bodies, responses"),
                        (_WEBHOOKS, "webhook payloads"),
                        (_API, "API, security, servers, components")):
        for ident, level, side, inverse, template in rows:
            add(ident, partial(Kind, id=ident, level=level, template=template, inverse=inverse,
                               side=side, group=group))
    for ident, template in _DOCS:
        add(ident, partial(Kind, id=ident, level=I, template=template, inverse=ident,
                           docs_only=True, group="documentation"))
    for ident, inverse, template in _DOCS_EXTENSIONS:
        add(ident, partial(Kind, id=ident, level=I, template=template, inverse=inverse,
                           docs_only=True, group="documentation"))
    for suffix in SUFFIXES:
        for family in families_for(suffix):
            ident = f"{family.value}-{suffix.suffix}"
            if ident in recipes:
                continue  # a parameter's own kind says it already (`request-parameter-deprecated`)
            add(ident, partial(_schema_kind, ident, suffix, family))
    return _Registry(dict(sorted(recipes.items())))


def _schema_kind(ident: str, suffix: Suffix, family: Family) -> Kind:
    opposite = f"{family.value}-{suffix.inverse}" if suffix.inverse else None
    return Kind(id=ident, level=level_for(suffix, family.side), template=suffix.template,
                inverse=opposite, side=family.side, group=f"schemas: {family.value}-*")


KINDS: Mapping[str, Kind] = _build()
