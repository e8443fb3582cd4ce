"""The fast YAML path: yaml-rs, then one iterative pass that makes its output JSON data.

yaml-rs is called with dates kept as strings, duplicate keys refused and alias replay bounded.
The pass afterwards turns non-string keys into strings (`200:` -> "200", as the exact path
does) and measures depth. Anything the fast path cannot judge raises `Reroute`, and the
caller asks the exact path, which gives the located diagnostic (or, where yaml-rs was wrong to
refuse, the document): any yaml-rs error (its duplicate-key error has no line), a `<<` key
(yaml-rs keeps merge keys literally), NaN or infinity, a set, a collection used as a key, keys
that collide once they are strings, nesting deeper than the limit.
"""

from __future__ import annotations

from typing import Any

from generator.spec._yaml_resolve import INT_LIMIT, ScalarProblem, key_text


class Reroute(Exception):
    """The fast path cannot answer for this text; the exact path must."""


def available() -> bool:
    """True when yaml-rs can be imported."""
    try:
        import yaml_rs  # noqa: F401
    except ImportError:
        return False
    return True


def load_fast(
    text: str, *, max_depth: int, max_replay: int, raw: bytes | None = None,
    facts: dict[str, bool] | None = None,
) -> Any:
    """Parse with yaml-rs and normalise; raise Reroute when only the exact path can answer.

    `raw`, when given, must be the UTF-8 `text` was decoded from (a BOM in front allowed):
    yaml-rs then reads the bytes, which spares it encoding the text again (about 10 ms of
    its 60-70 on the 3 MB OpenAI spec). Bytes that decoded to `text` are valid UTF-8, and
    yaml-rs is asked to refuse invalid UTF-8 anyway (by default it would replace it).
    `facts`, when given, receives `plain_refs` and `id_free` (see `normalise`).
    """
    import yaml_rs

    limits = yaml_rs.AliasLimits(max_total_replayed_events=max_replay, max_replay_stack_depth=64)
    options: dict[str, Any] = {
        "parse_datetime": False,
        "alias_limits": limits,
        "duplicate_key_policy": yaml_rs.DuplicateKeyPolicy.Error,
    }
    try:
        if raw is None:
            data = yaml_rs.loads(text, **options)
        else:  # yaml_rs.load reads bytes as the document (a str would be a file name)
            source = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
            data = yaml_rs.load(source, encoder_errors="strict", **options)
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # pyo3 panics derive from BaseException
        raise Reroute(f"yaml-rs: {str(exc).splitlines()[-1:] or exc!r}") from None
    plain, ids = normalise(data, max_depth)
    if facts is not None:
        facts["plain_refs"] = plain
        facts["id_free"] = not ids
    return data


# Where a `{$ref: ...}` mapping is a Reference Object (or a schema) in every OpenAPI document:
# under these keys, or as an entry of a map under one of `_ENTRY_MAPS`, or as a list item.
_REF_KEYS = frozenset((
    "schema", "items", "additionalProperties", "not", "if", "then", "else", "contains",
    "propertyNames", "additionalItems", "unevaluatedItems", "unevaluatedProperties",
    "contentSchema", "requestBody",
))
_ENTRY_MAPS = frozenset((
    "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "schemas",
    "parameters", "responses", "examples", "requestBodies", "headers", "securitySchemes",
    "links", "callbacks", "pathItems", "paths", "webhooks",
))
_COMPONENTS = "#/components/"


def normalise(root: Any, max_depth: int) -> tuple[bool, bool]:
    """Make yaml-rs output JSON data in place (string keys), or raise Reroute.

    Returns two facts this pass, which sees every node anyway, learns on the way:
    - whether the document's `$ref`s are *plain*: each stands where every OpenAPI document
      allows one (judged by its key and its parent's key, as `_REF_KEYS` and `_ENTRY_MAPS`
      say; list items count as allowed) and leads into `#/components/`. Then `spec.inline`
      has nothing to resolve in the file and skips its typed walk; when in doubt the answer
      is False, which only costs that walk.
    - whether some mapping has an `$id` key (however it was spelt): else `spec.refs` knows
      the file's fragments are plain JSON pointers without scanning its bytes for hints.
    """
    kind = type(root)
    if kind is not dict and kind is not list:
        _check_scalar(root)
        return True, False
    plain = True
    ids = False
    stack: list[tuple[Any, int, Any]] = [(root, 1, None)]
    while stack:
        node, depth, name = stack.pop()
        if depth > max_depth:
            raise Reroute("depth")
        below = depth + 1
        if type(node) is dict:
            if "<<" in node:
                raise Reroute("merge key")
            if "$id" in node:
                ids = True
            for key in node:
                if type(key) is not str:
                    _string_keys(node)
                    break
            entries = name in _ENTRY_MAPS
            for key, value in node.items():
                kind = type(value)
                if kind is str:
                    continue
                if kind is dict:
                    if plain and "$ref" in value and not (
                        (entries or key in _REF_KEYS)
                        and type(value["$ref"]) is str
                        and value["$ref"].startswith(_COMPONENTS)
                    ):
                        plain = False
                    stack.append((value, below, key))
                elif kind is list:
                    stack.append((value, below, key))
                else:
                    _check_scalar(value)
        else:
            for value in node:
                kind = type(value)
                if kind is str:
                    continue
                if kind is dict:
                    if plain and "$ref" in value and not (
                        type(value["$ref"]) is str and value["$ref"].startswith(_COMPONENTS)
                    ):
                        plain = False
                    stack.append((value, below, None))
                elif kind is list:
                    stack.append((value, below, None))
                else:
                    _check_scalar(value)
    return plain, ids


def _check_scalar(value: Any) -> None:
    kind = type(value)
    if kind is float:
        if value - value != 0.0:
            raise Reroute("NaN or infinity")
    elif kind is int:
        if value >= INT_LIMIT or value <= -INT_LIMIT:
            raise Reroute("integer too long")
    elif kind is not str and kind is not bool and value is not None:
        raise Reroute(f"a {kind.__name__} value")


def _string_keys(node: dict[Any, Any]) -> None:
    items = list(node.items())
    node.clear()
    try:
        for key, value in items:
            node[key_text(key)] = value
    except ScalarProblem:
        raise Reroute("key") from None
    if len(node) != len(items):
        raise Reroute("keys collide as strings")
