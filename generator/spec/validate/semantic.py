"""Rules of the OpenAPI Specification that its meta-schema cannot express.

Each rule is a small function over the walked model, yielding findings. Path rules apply to
`paths` only: webhooks have no templates and callback keys are runtime expressions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from generator.spec.document import SpecDocument
from generator.spec.validate.base import At, Finding, finding
from generator.spec.validate.model import Model, Operation, ParamList

TEMPLATE = re.compile(r"\{([^{}]*)\}")
STATUS = re.compile(r"[1-5](?:[0-9]{2}|XX)")


def _label(op: Operation) -> str:
    if op.template is not None:
        # Spec text in messages is quoted with escapes unless it is plainly printable.
        path = op.template if op.template.isprintable() else repr(op.template)
        return f"{op.method.upper()} {path}"
    return f"the operation at {op.at.pointer}"  # a webhook or callback: no path to name


def operation_ids(doc: SpecDocument, model: Model) -> Iterator[Finding]:
    """operation-id-duplicate: operationIds are unique among all operations of the API."""
    first: dict[str, Operation] = {}
    for op in model.operations:
        oid = op.node.get("operationId")
        if not isinstance(oid, str):
            continue
        if oid in first:
            message = f"operationId {oid!r} is already used by {_label(first[oid])}"
            yield finding(doc, "operation-id-duplicate", op.at.child("operationId"), message)
        else:
            first[oid] = op


def _path_params(plist: ParamList | None) -> Iterator[tuple[At, str]]:
    for param in plist.items if plist else ():
        node = param.node
        if node is not None and node.get("in") == "path" and isinstance(node.get("name"), str):
            yield param.at, node["name"]


def path_params(doc: SpecDocument, model: Model) -> Iterator[Finding]:
    """path-param-undeclared and path-param-unused: templates and path parameters agree."""
    reported: set[At] = set()
    for op in model.operations:
        if op.template is None:
            continue
        names = TEMPLATE.findall(op.template)
        declared = [*_path_params(op.shared), *_path_params(op.own)]
        have = {name for _, name in declared}
        for name in dict.fromkeys(names):
            if name not in have:
                message = (f"path parameter {name!r} of {op.template!r} is not declared by "
                           f"{op.method.upper()} nor by its path item")
                yield finding(doc, "path-param-undeclared", op.at, message)
        for at, name in declared:
            if name not in names and at not in reported:
                reported.add(at)
                message = f"path parameter {name!r} does not occur in the path {op.template!r}"
                yield finding(doc, "path-param-unused", at, message)


def parameter_duplicates(doc: SpecDocument, model: Model) -> Iterator[Finding]:
    """parameter-duplicate: one list holds each (name, in) once; header names ignore case."""
    for plist in model.param_lists:
        seen: dict[tuple[str, str], int] = {}
        for i, param in enumerate(plist.items):
            node = param.node
            if node is None or not isinstance(node.get("name"), str):
                continue
            where = node.get("in")
            name = node["name"]
            ident = (name.lower() if where == "header" else name, str(where))
            if ident in seen:
                message = (f"parameter {name!r} in {where} is already listed "
                           f"(entry {seen[ident]} of this list)")
                yield finding(doc, "parameter-duplicate", param.at, message)
            else:
                seen[ident] = i


def responses(doc: SpecDocument, model: Model) -> Iterator[Finding]:
    """responses-no-status: responses hold a status code; 3.0 operations must have them."""
    for op in model.operations:
        found = op.node.get("responses")
        if found is None:
            if doc.dialect == "3.0":
                message = f"{_label(op)} has no responses (OpenAPI 3.0 requires them)"
                yield finding(doc, "responses-no-status", op.at, message)
            continue
        if not isinstance(found, dict):
            continue  # the structural pass reports the type
        if not any(isinstance(k, str) and STATUS.fullmatch(k) for k in found):
            message = (f"the responses of {_label(op)} list no HTTP status code "
                       f"(\"default\" alone is not enough)")
            yield finding(doc, "responses-no-status", op.at.child("responses"), message)


def paths(doc: SpecDocument, model: Model) -> Iterator[Finding]:
    """path-leading-slash and path-ambiguous, over the keys of `paths`."""
    node = doc.root.data.get("paths")
    if not isinstance(node, dict):
        return
    shapes: dict[str, str] = {}
    for path in node:
        if not isinstance(path, str) or path.startswith("x-"):
            continue
        at = At("", "/paths").child(path)
        if not path.startswith("/"):
            yield finding(doc, "path-leading-slash", at, f"path {path!r} does not begin with '/'")
        shape = TEMPLATE.sub("{}", path)
        if shape in shapes:
            message = (f"path {path!r} is {shapes[shape]!r} with other template names; "
                       "a request cannot tell them apart")
            yield finding(doc, "path-ambiguous", at, message)
        else:
            shapes[shape] = path


def security(doc: SpecDocument, model: Model) -> Iterator[Finding]:
    """security-scheme-undefined: requirements name schemes of components/securitySchemes."""
    components = doc.root.data.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    defined = set(schemes) if isinstance(schemes, dict) else set()
    for at, requirements in model.security:
        if not isinstance(requirements, list):
            continue
        for i, requirement in enumerate(requirements):
            for name in requirement if isinstance(requirement, dict) else ():
                if name not in defined:
                    message = (f"security scheme {name!r} is not defined in "
                               "components/securitySchemes")
                    yield finding(doc, "security-scheme-undefined", at.child(i, name), message)


def servers(doc: SpecDocument, model: Model) -> Iterator[Finding]:
    """server-variable-undefined: every {variable} of a server URL has a `variables` entry."""
    for at, server in model.servers:
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        variables = server.get("variables")
        defined = variables if isinstance(variables, dict) else {}
        for name in dict.fromkeys(TEMPLATE.findall(server["url"])):
            if name not in defined:
                message = f"server URL variable {name!r} has no entry in `variables`"
                yield finding(doc, "server-variable-undefined", at.child("url"), message)


RULES: tuple[Callable[[SpecDocument, Model], Iterator[Finding]], ...] = (
    operation_ids, path_params, parameter_duplicates, responses, paths, security, servers,
)


def check(doc: SpecDocument, model: Model) -> Iterator[Finding]:
    """Every semantic rule over the model."""
    for rule in RULES:
        yield from rule(doc, model)
