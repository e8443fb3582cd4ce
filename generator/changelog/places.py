"""Words for places: the heading an entry is grouped under, and where in a schema it is."""

from __future__ import annotations

import functools

_SECTIONS = {
    "schemas": "schema", "parameters": "parameter", "responses": "response",
    "requestBodies": "request body", "headers": "header",
}


@functools.cache
def _methods() -> frozenset[str]:
    # imported when first asked: the lifecycle index reads pointers without the IR's types
    from generator.ir.model import HttpMethod

    return frozenset(m.value for m in HttpMethod)


def unescape(token: str) -> str:
    """A JSON pointer token as the name it stands for."""
    return token.replace("~1", "/").replace("~0", "~")


def tokens(node: str) -> list[str]:
    """The pointer tokens of a node id (`file#/a/b` -> [a, b])."""
    pointer = node.partition("#")[2]
    return [unescape(t) for t in pointer.split("/")[1:]] if pointer else []


def area_of(node: str | None) -> str:
    """The heading for a place: `schema Pet`, `GET /pets`, `parameter ApiVersion`, `API`."""
    parts = tokens(node or "")
    if len(parts) >= 3 and parts[0] == "components" and parts[1] in _SECTIONS:
        return f"{_SECTIONS[parts[1]]} {parts[2]}"
    if len(parts) >= 3 and parts[0] in ("paths", "webhooks") and parts[2] in _methods():
        return f"{parts[2].upper()} {parts[1]}"
    return "API"


def where_of(node: str | None, named: tuple[str, str] | None = None) -> str:
    """A reader's name for a schema place: `Pet.owner.name`, `request body[]`; `named` is
    (name, root node) for a place inside an in-place parameter's or header's schema."""
    if named is not None and node is not None and not node.startswith("#/components/"):
        return named[0] + _schema_path(tokens(node)[len(tokens(named[1])):])
    parts = tokens(node or "")
    if len(parts) >= 3 and parts[0] == "components":
        head, rest = parts[2], parts[3:]
        if parts[1] != "schemas":
            head = f"{_SECTIONS.get(parts[1], parts[1])} {head}"
    elif len(parts) >= 3 and parts[0] in ("paths", "webhooks"):
        head, rest = _operation_part(parts[3:])
    else:
        return "/".join(parts) or "API"
    return head + _schema_path(rest)


def _operation_part(parts: list[str]) -> tuple[str, list[str]]:
    """(`request body` / `response 200` / `parameter`, the tokens inside its schema)."""
    head = "operation"
    if parts[:1] == ["requestBody"]:
        head = "request body"
    elif parts[:1] == ["responses"] and len(parts) > 1:
        head = f"response {parts[1]}"
        if len(parts) > 3 and parts[2] == "headers":
            head += f" header {parts[3]}"
    elif parts[:1] == ["parameters"]:
        head = "parameter"
    if "schema" in parts:
        return head, parts[parts.index("schema") + 1:]
    return head, []


def _schema_path(rest: list[str]) -> str:
    out = []
    i = 0
    while i < len(rest):
        token = rest[i]
        if token in ("properties", "patternProperties") and i + 1 < len(rest):
            out.append(f".{rest[i + 1]}")
            i += 2
            continue
        if token in ("oneOf", "anyOf", "allOf", "prefixItems") and i + 1 < len(rest):
            out.append(f"<{token}[{rest[i + 1]}]>" if token != "allOf" else "")
            i += 2
            continue
        out.append({"items": "[]", "additionalProperties": "{}", "not": "<not>"}.get(token, ""))
        i += 1
    return "".join(out)


def container_of(node: str) -> str:
    """The schema holding a member node (`X/oneOf/2` -> `X`); other nodes unchanged."""
    head, _, index = node.rpartition("/")
    parent, _, keyword = head.rpartition("/")
    if index.isdigit() and keyword in ("oneOf", "anyOf", "allOf", "prefixItems"):
        return parent
    return node


def owner_of_property(node: str) -> str:
    """The object declaring a property node (`X/properties/name` -> `X`)."""
    head, _, _ = node.rpartition("/")
    parent, _, keyword = head.rpartition("/")
    return parent if keyword == "properties" else node
