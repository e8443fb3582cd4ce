"""Records about operations, parameters, bodies, responses, security and servers -> kinds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.changelog.schema_rules import DOCS_ASPECTS
from generator.diff.model import Action, Aspect, Change, Subject
from generator.ir.model import Api, Operation, Parameter, ParameterLocation

A = Action


@dataclass(frozen=True, slots=True)
class Lookup:
    """Both versions' operations by label, and the project's preview rule."""

    old: Api
    new: Api
    old_ops: dict[str, Operation]
    new_ops: dict[str, Operation]
    is_preview: Callable[[Operation, Api], bool]
    # the webhooks of both versions, by identity (asked for every record of an operation)
    hooks: frozenset[int] = field(init=False)

    def __post_init__(self) -> None:
        hooks = frozenset(id(hook) for hook in (*self.old.webhooks, *self.new.webhooks))
        object.__setattr__(self, "hooks", hooks)

    def webhook(self, op: Operation | None) -> bool:
        """Whether an operation of either version is a webhook (the API sends its request)."""
        return op is not None and id(op) in self.hooks

    def op(self, change: Change, *, new: bool) -> Operation | None:
        """The operation a record is inside, on one side."""
        if new:
            return self.new_ops.get(change.new_operation or "")
        return self.old_ops.get(change.old_operation or "")


def part_kind(change: Change, look: Lookup) -> str | None:
    """The kind of a non-schema record (None: the record is not reported on its own)."""
    rule = _RULES.get(change.subject)
    return rule(change, look) if rule else None


def _pick(change: Change, added: str, removed: str, changed: str = "") -> str:
    if change.aspect is not None:  # a field of the thing given, dropped or changed
        return changed
    return {A.ADDED: added, A.REMOVED: removed}.get(change.action, changed)


def _whole(change: Change) -> Action | None:
    """ADDED or REMOVED when the whole thing came or went (not one of its fields)."""
    if change.aspect is None and change.action in (A.ADDED, A.REMOVED):
        return change.action
    return None


def _operation(change: Change, look: Lookup) -> str | None:
    hook = change.subject is Subject.WEBHOOK
    name = "webhook" if hook else "endpoint"
    if _whole(change) is A.ADDED:
        op = look.op(change, new=True)
        preview = op is not None and look.is_preview(op, look.new)
        if hook:
            return "webhook-added"
        return "endpoint-added-preview" if preview else "endpoint-added"
    if _whole(change) is A.REMOVED:
        return _removed_operation(change, look, hook)
    if change.action is A.MOVED:
        return f"{name}-moved"
    if change.action is A.PROBABLE_RENAME:
        return f"{name}-probable-rename"
    return _operation_field(change)


def _removed_operation(change: Change, look: Lookup, hook: bool) -> str:
    op = look.op(change, new=False)
    if hook:
        return "webhook-removed"
    if op is not None and op.deprecated:
        return "endpoint-removed-after-deprecation"
    if op is not None and look.is_preview(op, look.old):
        return "endpoint-removed-preview"
    return "endpoint-removed-without-deprecation"


def _operation_field(change: Change) -> str | None:
    aspect = change.aspect
    if aspect in DOCS_ASPECTS:
        return "docs-endpoint-changed"
    if aspect is Aspect.METHOD:
        return "endpoint-method-changed"
    if aspect is Aspect.OPERATION_ID:
        return {A.ADDED: "api-operation-id-added", A.REMOVED: "api-operation-id-removed"}.get(
            change.action, "api-operation-id-changed")
    if aspect is Aspect.DEPRECATED:
        return "endpoint-deprecated" if change.new else "endpoint-reactivated"
    if aspect is Aspect.STREAMING:
        return "endpoint-streaming-added" if change.new else "endpoint-streaming-removed"
    if aspect is Aspect.CALLBACKS:
        return "endpoint-callbacks-changed"
    return None  # PREVIEW: judged by the project's preview rule (`judge._previews`)


def _parameter(change: Change, look: Lookup) -> str | None:
    hooked = _webhook_part(change, look, _webhook_parameter)
    if hooked is not None:
        return hooked
    action = change.action if change.aspect is None else A.CHANGED
    if action is A.ADDED:
        required = bool(change.new) or change.name.startswith("path/")
        return "new-required-request-parameter" if required else "new-optional-request-parameter"
    if action is A.REMOVED:
        found = _old_parameter(change, look)
        if found is not None and found.deprecated:
            return "request-parameter-removed-after-deprecation"
        required = bool(change.old) or change.name.startswith("path/")
        return f"request-parameter-removed-{'required' if required else 'optional'}"
    if action is A.RENAMED:
        return "request-parameter-renamed"
    if action is A.PROBABLE_RENAME:
        return "request-parameter-probable-rename"
    aspect = change.aspect
    if aspect in DOCS_ASPECTS:
        return "docs-parameter-changed"
    if aspect is Aspect.REQUIRED:
        return f"request-parameter-became-{'required' if change.new else 'optional'}"
    if aspect is Aspect.DEPRECATED:
        return "request-parameter-deprecated" if change.new else "request-parameter-reactivated"
    if aspect is Aspect.EXPLODE and _scalar(_new_parameter(change, look), look.new):
        return None  # `explode` changes nothing for a string, number or boolean
    return "request-parameter-serialization-changed"


def _webhook_part(change: Change, look: Lookup,
                  rule: Callable[[Change], str | None]) -> str | None:
    """The webhook kind of a record about a webhook's request (None: not a webhook's, or
    no webhook kind for it: the operation kinds say it)."""
    hook = look.op(change, new=True) or look.op(change, new=False)
    return rule(change) if look.webhook(hook) else None


def _webhook_parameter(change: Change) -> str | None:
    """A parameter the API sends with a webhook came, went, or became (not) required."""
    if change.aspect is Aspect.REQUIRED:
        return f"webhook-parameter-became-{'required' if change.new else 'optional'}"
    whole = _whole(change)
    if whole is None:
        return None
    required = bool(change.new if whole is A.ADDED else change.old)
    required = required or change.name.startswith("path/")
    return f"webhook-parameter-{whole.value}-{'required' if required else 'optional'}"


def _webhook_payload(change: Change) -> str | None:
    """A webhook's payload came, went, or became (not) always sent."""
    if change.aspect is Aspect.REQUIRED:
        return f"webhook-payload-became-{'required' if change.new else 'optional'}"
    whole = _whole(change)
    return f"webhook-payload-{whole.value}" if whole is not None else None


def _new_parameter(change: Change, look: Lookup) -> Parameter | None:
    """The parameter a record is about, in the new version (a component's: any user's)."""
    where, _, name = change.name.partition(" -> ")[2].partition("/") if " -> " in (
        change.name) else change.name.partition("/")
    if where not in {loc.value for loc in ParameterLocation}:
        return None
    location = ParameterLocation(where)
    op = look.op(change, new=True)
    ops = [op] if op is not None else list(look.new_ops.values())
    for candidate in ops:
        found = candidate.parameter(name, location)
        if found is not None and (op is not None or found.origin == change.new_at):
            return found
    return None


def _scalar(param: Parameter | None, api: Api) -> bool:
    schema = api.resolve(param.schema_id) if param is not None else None
    return schema is not None and schema.kind.value in ("string", "integer", "number", "boolean")


def _old_parameter(change: Change, look: Lookup) -> Parameter | None:
    op = look.op(change, new=False)
    where, _, name = change.name.partition("/")
    if op is None or where not in {loc.value for loc in ParameterLocation}:
        return None
    return op.parameter(name, ParameterLocation(where))


def _request_body(change: Change, look: Lookup) -> str | None:
    hooked = _webhook_part(change, look, _webhook_payload)
    if hooked is not None:
        return hooked
    if _whole(change):
        op = look.op(change, new=change.action is A.ADDED)
        body = op.request_body if op else None
        state = "required" if body is not None and body.required else "optional"
        return f"request-body-{'added' if change.action is A.ADDED else 'removed'}-{state}"
    if change.aspect is Aspect.REQUIRED:
        return f"request-body-became-{'required' if change.new else 'optional'}"
    return "docs-request-body-changed" if change.aspect in DOCS_ASPECTS else None


def _response(change: Change, look: Lookup) -> str | None:
    if _whole(change):
        success = "success" if change.name[:1] in ("2", "3") else "non-success"
        return f"response-{success}-status-{change.action.value}"
    if change.aspect is Aspect.LINKS:
        return "response-links-changed"
    return "docs-response-changed" if change.aspect in DOCS_ASPECTS else None


def _header(change: Change, look: Lookup) -> str | None:
    if _whole(change) is A.ADDED:
        required = _header_required(change, look, new=True)
        return "response-required-header-added" if required else "response-header-added"
    if _whole(change) is A.REMOVED:
        required = _header_required(change, look, new=False)
        if required:
            return "required-response-header-removed"
        return "optional-response-header-removed"
    aspect = change.aspect
    if aspect in DOCS_ASPECTS:
        return "docs-response-header-changed"
    if aspect is Aspect.REQUIRED:
        return f"response-header-became-{'required' if change.new else 'optional'}"
    if aspect is Aspect.DEPRECATED:
        return f"response-header-became-{'deprecated' if change.new else 'undeprecated'}"
    return "response-header-serialization-changed"


def _header_required(change: Change, look: Lookup, *, new: bool) -> bool:
    op = look.op(change, new=new)
    status, _, name = change.name.partition(" ")
    response = op.responses.get(status) if op else None
    if response is None:
        return False
    return any(k.lower() == name and h.required for k, h in response.headers.items())


def _media_type(change: Change, look: Lookup) -> str | None:
    side = "response" if " " in change.name else "request-body"
    if side == "request-body" and _whole(change):
        hooked = _webhook_part(change, look, lambda c: f"webhook-payload-media-type-"
                                                       f"{c.action.value}")
        if hooked is not None:
            return hooked
    if _whole(change):
        return f"{side}-media-type-{change.action.value}"
    if change.aspect is Aspect.ENCODING:
        return "request-body-encoding-changed"
    return "docs-media-type-changed"


def media_schema_kind(change: Change) -> str:
    """A media type that gained or lost its schema."""
    side = "response" if " " in change.name else "request-body"
    return f"{side}-media-type-schema-{change.action.value}"


def _security_requirement(change: Change, look: Lookup) -> str | None:
    inside = change.new_operation or change.old_operation
    scope = "api-security" if inside else "api-global-security"
    return _pick(change, f"{scope}-added", f"{scope}-removed", f"{scope}-scope-changed")


def _security_scheme(change: Change, look: Lookup) -> str | None:
    if change.aspect in DOCS_ASPECTS:
        return "docs-security-changed"
    if change.aspect is Aspect.TYPE:
        return "api-security-component-type-changed"
    return _pick(change, "api-security-component-added", "api-security-component-removed",
                 "api-security-component-changed")


def _oauth_flow(change: Change, look: Lookup) -> str | None:
    if change.aspect is Aspect.SCOPES:
        return "api-security-component-oauth-scopes-changed"
    return _pick(change, "api-security-component-oauth-flow-added",
                 "api-security-component-oauth-flow-removed",
                 "api-security-component-oauth-url-changed")


def _server(change: Change, look: Lookup) -> str | None:
    if change.aspect in DOCS_ASPECTS:
        return "docs-server-changed"
    return _pick(change, "api-server-added", "api-server-removed", "api-server-url-changed")


def _server_variable(change: Change, look: Lookup) -> str | None:
    if change.aspect in DOCS_ASPECTS:
        return "docs-server-changed"
    return _pick(change, "api-server-variable-added", "api-server-variable-removed",
                 "api-server-variable-changed")


def _api_parameter(change: Change, look: Lookup) -> str | None:
    if change.aspect in DOCS_ASPECTS:
        return "docs-parameter-changed"
    return _pick(change, "api-parameter-added", "api-parameter-removed", "api-parameter-changed")


# `x-` extensions that only document (examples, code samples, doc-site metadata and layout):
# their changes are documentation-only. Any other extension may steer a tool (a generator, a
# gateway), so its change is shown, at info. Matched case-sensitively, as keys are.
DOC_EXTENSIONS = frozenset({
    "x-oaiMeta", "x-oaiTypeLabel", "x-oaiExpandable", "x-oaiSupportedSDKs",  # OpenAI docs
    "x-ms-examples", "x-examples", "x-codeSamples", "x-code-samples",  # examples
    "x-readme", "x-topics", "x-feedbackLink", "x-displayName", "x-tagGroups", "x-logo",
    "x-traitTag",
})


def _extension(change: Change, look: Lookup) -> str | None:
    docs = change.name in DOC_EXTENSIONS
    prefix = "docs-extension" if docs else "api-extension"
    return _pick(change, f"{prefix}-added", f"{prefix}-removed", f"{prefix}-changed")


def _fixed(kind_added: str, kind_removed: str, kind_changed: str) -> Callable[..., Any]:
    return lambda change, look: _pick(change, kind_added, kind_removed, kind_changed)


_RULES: dict[Subject, Callable[[Change, Lookup], str | None]] = {
    Subject.OPERATION: _operation,
    Subject.WEBHOOK: _operation,
    Subject.PARAMETER: _parameter,
    Subject.REQUEST_BODY: _request_body,
    Subject.RESPONSE: _response,
    Subject.HEADER: _header,
    Subject.MEDIA_TYPE: _media_type,
    Subject.SECURITY_REQUIREMENT: _security_requirement,
    Subject.SECURITY_SCHEME: _security_scheme,
    Subject.OAUTH_FLOW: _oauth_flow,
    Subject.SERVER: _server,
    Subject.SERVER_VARIABLE: _server_variable,
    Subject.API_PARAMETER: _api_parameter,
    Subject.API: lambda change, look: "docs-api-changed",
    Subject.TAG: _fixed("api-tag-added", "api-tag-removed", "api-tag-added"),
    Subject.EXTENSION: _extension,
}
