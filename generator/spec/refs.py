"""$ref resolution: JSON pointers, relative files, 3.1 `$id`/`$anchor`, leniency and full walks.

How callers use it:

- `doc.resolve(ref, base=key, at=pointer)` follows one hop, `doc.deref(node, base=, at=)` a
  chain of pure `$ref` objects. `at` is the pointer of the mapping that holds the `$ref`; every
  problem is one diagnostic at `<at>/$ref` in the file `base`, and the call returns None.
- Inside an `x-` extension (`in_extension(at, key=base)`, decided automatically unless the
  caller passes `lenient=`) every failure is the warning ref-extension-unresolved instead:
  the caller then keeps the extension's raw value (the `{"$ref": ...}` mapping) as it is.
- `resolve_string(doc, node, base=, at=)` gives the value of a field that must be a string,
  following a `$ref` there to the string it points at (warning ref-nonstandard).
- `iter_refs(doc)` lists every `$ref` of every reachable file; `check_all(doc)` resolves each.

Nothing remote is fetched and nothing outside the root file's folder tree is read (`spec.load`).
Literal values (`example`, `default`, `const`, `enum`, Example `value`, schema `examples`) are
data, not spec: `$ref`s inside them are not followed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from generator.diagnostics import error, warning
from generator.spec.document import SpecDocument, SpecFile, Target, node_id
from generator.spec.load import FileStore, Unavailable
from generator.spec.pointer import unescape
from generator.spec.walk import REFERENCED, ROOT, in_extension, pointer_of, walk

ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//")
_BAD_TILDE = re.compile(r"~(?![01])")
# Text that may spell `$id` (a 3.1 resource changes what a fragment means), by first character.
_ID_HINTS = {b"$": (b"id",), b"\\": (b"u0024", b"x24")}
_MAX_HOPS = 32

__all__ = [
    "check_all", "deref", "in_extension", "iter_refs", "resolve", "resolve_string",
]

_Place = tuple[str, str, "str | None"]  # (file key, pointer of the resource root, resource URI)


@dataclass(slots=True)
class _Index:
    """A file's 3.1 resources: `$id` URIs and `$anchor` names (built only when needed)."""

    full: bool
    ids: dict[str, str] = field(default_factory=dict)  # resource URI -> pointer
    scopes: dict[str, str] = field(default_factory=dict)  # pointer of a `$id` node -> its URI
    anchors: dict[tuple[str, str], str] = field(default_factory=dict)  # (URI, name) -> pointer


class _State:
    """Per-document resolution state: the file store, anchor indexes, extension-only files."""

    __slots__ = (
        "hops", "ids", "index", "located", "may_id", "reached", "resolved", "scanned", "store",
        "strict",
    )

    def __init__(self, doc: SpecDocument) -> None:
        self.store = FileStore(doc)
        self.index: dict[str, _Index] = {}
        self.reached: set[str] = {""}  # files reached so far
        self.strict: set[str] = {""}  # files reached from outside any extension
        self.hops = 0  # nesting of refs followed half-way along a pointer
        self.may_id: dict[str, bool] = {}  # file key -> may hold `$id` (see may_declare_id)
        self.ids: dict[str, tuple[str, str]] = {}  # `$id` URI -> (file key, pointer)
        self.scanned = 0  # how many of doc.files (in reading order) `ids` covers
        self.located: dict[tuple[str, str], str] = {}  # (file key, URI part) -> file key found
        self.resolved: dict[tuple[str, str], Target] = {}  # (file key, ref) -> target


def _state(doc: SpecDocument) -> _State:
    state = doc._resolver
    if not isinstance(state, _State):
        state = doc._resolver = _State(doc)
    return state


# -- walking ----------------------------------------------------------------------------------
def _holders(doc: SpecDocument) -> Iterator[tuple[str, dict[str, Any], str]]:
    """(file key, mapping, pointer) for every `$ref` in every file reachable from the root."""
    queue, seen = [""], {""}
    while queue:
        key = queue.pop(0)
        spec_file = doc.files.get(key)
        if spec_file is None or spec_file.kind == "text":
            continue
        root_ctx = ROOT if key == "" else REFERENCED
        for holder, entry in walk(spec_file.data, ("$ref",), root_ctx):
            ref = holder["$ref"]
            if isinstance(ref, (dict, bool)):
                continue  # a property named "$ref", not a reference
            pointer = pointer_of(entry)
            yield key, holder, pointer
            if isinstance(ref, str) and ref and ref[0] != "#":
                place = _locate(doc, ref, ref.partition("#")[0], key, pointer, None)
                if place is not None and place[0] not in seen:
                    seen.add(place[0])
                    queue.append(place[0])


def iter_refs(doc: SpecDocument) -> Iterator[tuple[str, str, str]]:
    """(file key, pointer of the mapping holding it, ref) for every string `$ref` reachable.

    Referenced files are read as they are met (problems are recorded on `doc`), so after a
    full iteration `doc.files` / `doc.digests()` list every file the spec depends on.
    """
    for key, holder, pointer in _holders(doc):
        ref = holder["$ref"]
        if isinstance(ref, str):
            yield key, pointer, ref


def check_all(doc: SpecDocument) -> None:
    """Resolve every `$ref` of the spec once, recording every problem on `doc`."""
    for key, holder, pointer in _holders(doc):
        ref = holder["$ref"]
        if not isinstance(ref, str):
            resolve(doc, ref, base=key, at=pointer)  # reports ref-invalid
            continue
        target = deref(doc, holder, base=key, at=pointer)
        if target is not None and isinstance(target.node, str):
            _string_position(doc, ref, target, key, pointer)


# -- resolution -------------------------------------------------------------------------------
def resolve(
    doc: SpecDocument, ref: str, *, base: str, at: str, lenient: bool | None = None
) -> Target | None:
    """Follow one $ref; see SpecDocument.resolve."""
    if not isinstance(ref, str) or not ref:
        message = "$ref is empty" if ref == "" else f"$ref must be a string, not {show_value(ref)}"
        _fail(doc, "ref-invalid", message, base, at, lenient)
        return None
    scope = _scope(doc, base, at)
    state = _state(doc)
    if scope is None:
        # The same ref from the same file leads to the same place: the load, the validation
        # passes and the IR builder each resolve every ref, many of them many times.
        known = state.resolved.get((base, ref))
        if known is not None:
            if known.key != base:
                _reached(doc, known.key, base, at, lenient)
            return known
    uri, _, fragment = ref.partition("#")
    place: _Place | None
    if not uri and scope is None:
        place = (base, "", None)
    else:
        place = _locate(doc, ref, uri, base, at, lenient)
        if place is None:
            return None
    target = _in_resource(doc, ref, place, fragment, base, at, lenient)
    if target is not None and scope is None:
        state.resolved[(base, ref)] = target
    return target


def deref(
    doc: SpecDocument, node: Any, *, base: str, at: str, lenient: bool | None = None
) -> Target | None:
    """Follow pure $ref chains; see SpecDocument.deref."""
    key, pointer = base, at
    chain: list[tuple[str, str]] = []
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if isinstance(ref, (dict, bool)):
            break  # a properties map with a property named "$ref"
        here = (key, pointer)
        if here in chain:
            _cycle(doc, chain[chain.index(here):])
            return None
        chain.append(here)
        first = lenient if len(chain) == 1 else None
        target = resolve(doc, ref, base=key, at=pointer, lenient=first)
        if target is None:
            return None
        key, pointer, node = target.key, target.pointer, target.node
    return Target(key=key, pointer=pointer, node=node)


def resolve_string(doc: SpecDocument, node: Any, *, base: str, at: str) -> str | None:
    """A string field's value: the string, or the string a `$ref` there points at (warned).

    None when the value is neither (the caller reports the type) or the `$ref` fails
    (already reported).
    """
    if isinstance(node, str):
        return node
    if not isinstance(node, dict) or not isinstance(node.get("$ref"), str):
        return None
    target = deref(doc, node, base=base, at=at)
    if target is None:
        return None
    if isinstance(target.node, str):
        _string_position(doc, node["$ref"], target, base, at)
        return target.node
    shown = _cut(node["$ref"])
    what = show_value(target.node)
    message = f"$ref {shown!r} stands where a string belongs but points at {what}"
    _fail(doc, "ref-invalid", message, base, at, None)
    return None


def _string_position(doc: SpecDocument, ref: str, target: Target, base: str, at: str) -> None:
    if _is_lenient(doc, base, at, None):
        return  # extensions are free-form
    message = (
        f"$ref {_cut(ref)!r} stands where OpenAPI allows no $ref (a string belongs here), "
        f"resolved as JSON Reference does, to {_cut(target.id)}"
    )
    doc.report(warning("ref-nonstandard", message, doc.location(base, at + "/$ref")))


def _locate(
    doc: SpecDocument, ref: str, uri: str, base: str, at: str, lenient: bool | None
) -> _Place | None:
    """The resource the URI part of a ref names: a file (read if needed) or a 3.1 `$id`."""
    state = _state(doc)
    scope = _scope(doc, base, at)
    if scope is None:
        known = state.located.get((base, uri))
        if known is not None:  # a tree of files repeats the same relative refs thousands of times
            _reached(doc, known, base, at, lenient)
            return known, "", None
    if scope is None and not ABSOLUTE.match(uri):
        found = None
        if doc.dialect == "3.1" and _any_ids(doc):
            found = _find_id(doc, urljoin(_file_uri(doc, base), uri))
        if found is not None:
            return found
        got: SpecFile | Unavailable = state.store.relative(unquote(uri), base=base)
    else:
        absolute = urljoin(scope or _file_uri(doc, base), uri) if uri else (scope or "")
        found = _find_id(doc, absolute) if doc.dialect == "3.1" else None
        if found is not None:
            return found
        parts = urlsplit(absolute)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            message = f"$ref {_cut(ref)!r} is remote ({_cut(absolute)}); specloom never fetches"
            _fail(doc, "ref-remote", message, base, at, lenient)
            return None
        got = state.store.relative(unquote(parts.path), base=base)
    if isinstance(got, Unavailable):
        if got.limit and state.store.exceeded is None:
            where = doc.location(base, at + "/$ref")
            state.store.exceeded = error(got.code, f"$ref {_cut(ref)!r}: {got.reason}", where)
        if not _is_lenient(doc, base, at, lenient):
            for finding in got.details:
                doc.report(finding)
        _fail(doc, got.code, f"$ref {_cut(ref)!r}: {got.reason}", base, at, lenient)
        return None
    _reached(doc, got.key, base, at, lenient)
    if scope is None:
        state.located[(base, uri)] = got.key
    return got.key, "", None


def _reached(doc: SpecDocument, key: str, base: str, at: str, lenient: bool | None) -> None:
    """Remember whether a file is reached from outside any extension (then it is strict)."""
    state = _state(doc)
    if key in state.strict:
        return  # already strict: nothing to learn (most refs of a tree land here)
    state.reached.add(key)
    if not _is_lenient(doc, base, at, lenient):
        state.strict.add(key)


def _in_resource(
    doc: SpecDocument, ref: str, place: _Place, fragment: str, base: str, at: str,
    lenient: bool | None,
) -> Target | None:
    """Apply a ref's fragment (JSON pointer or plain-name anchor) inside its resource."""
    key, prefix, resource = place
    spec_file = doc.files[key]
    if spec_file.kind == "text":
        if fragment:
            message = f"$ref {_cut(ref)!r}: {spec_file.display!r} is text, with no '#' targets"
            _fail(doc, "ref-missing", message, base, at, lenient)
            return None
        return Target(key=key, pointer="", node=spec_file.data)
    if not fragment or fragment[0] == "/":
        pointer = unquote(fragment) if "%" in fragment else fragment
        if "~" in pointer and _BAD_TILDE.search(pointer):
            message = f"$ref {_cut(ref)!r}: '~' in a JSON pointer must be '~0' or '~1'"
            _fail(doc, "ref-invalid", message, base, at, lenient)
            return None
        return _follow(doc, ref, key, prefix + pointer, base, at, lenient)
    if doc.dialect != "3.1":
        message = f"$ref {_cut(ref)!r}: '#{_cut(fragment)}' is no JSON pointer (anchors need 3.1)"
        _fail(doc, "ref-invalid", message, base, at, lenient)
        return None
    name = unquote(fragment)
    index = _index(doc, key, anchors=True)
    found = index.anchors.get((resource or _file_uri(doc, key), name)) if index else None
    if found is None:
        where = spec_file.display
        message = f"$ref {_cut(ref)!r} not found: no $anchor {_cut(name)!r} in {where!r}"
        _fail(doc, "ref-missing", message, base, at, lenient)
        return None
    return _follow(doc, ref, key, found, base, at, lenient)


def _follow(
    doc: SpecDocument, ref: str, key: str, pointer: str, base: str, at: str,
    lenient: bool | None,
) -> Target | None:
    """Walk a JSON pointer; a `$ref` mapping on the way is followed (as most tools do)."""
    node = doc.files[key].data
    tokens = pointer.split("/")[1:]
    for i, raw in enumerate(tokens):
        token = unescape(raw) if "~" in raw else raw
        if isinstance(node, dict):
            if token in node:
                node = node[token]
                continue
            via = _hop(doc, node, key, "".join("/" + t for t in tokens[:i]))
            if via is not None:
                rest = "".join("/" + t for t in tokens[i:])
                return _follow(doc, ref, via.key, via.pointer + rest, base, at, lenient)
        elif isinstance(node, list) and _is_index(token, len(node)):
            node = node[int(token)]
            continue
        parent = node_id(key, "".join("/" + t for t in tokens[:i]))
        message = f"$ref {_cut(ref)!r} not found: no {_cut(token)!r} in {_cut(parent)!r}"
        _fail(doc, "ref-missing", message, base, at, lenient)
        return None
    return Target(key=key, pointer=pointer, node=node)


def _hop(doc: SpecDocument, node: dict[str, Any], key: str, pointer: str) -> Target | None:
    """Follow a `$ref` met half-way along a pointer; nesting is bounded (refs can loop so)."""
    state = _state(doc)
    if not isinstance(node.get("$ref"), str) or state.hops >= _MAX_HOPS:
        return None
    state.hops += 1
    try:
        return deref(doc, node, base=key, at=pointer)
    finally:
        state.hops -= 1


def _cycle(doc: SpecDocument, cycle: list[tuple[str, str]]) -> None:
    """Report a pure alias cycle once, at its first member in a stable order."""
    start = cycle.index(min(cycle))
    ring = cycle[start:] + cycle[:start]
    chain = " -> ".join(node_id(k, p) for k, p in [*ring, ring[0]])
    key, pointer = ring[0]
    _fail(doc, "ref-cycle", f"$ref cycle with nothing at its end: {chain}", key, pointer, None)
    return None


def _fail(
    doc: SpecDocument, code: str, message: str, key: str, at: str, lenient: bool | None
) -> None:
    """Record one problem at `<at>/$ref` in file `key` (a warning inside an extension)."""
    where = doc.location(key, at + "/$ref")
    if _is_lenient(doc, key, at, lenient):
        text = f"{message} (in an x- extension, which keeps its raw value)"
        doc.report(warning("ref-extension-unresolved", text, where))
    else:
        doc.report(error(code, message, where))


def _is_lenient(doc: SpecDocument, key: str, at: str, lenient: bool | None) -> bool:
    if lenient is not None:
        return lenient
    if in_extension(at, key=key):
        return True
    state = _state(doc)
    return key not in state.strict and key in state.reached


# -- 3.1 resources: $id and $anchor -----------------------------------------------------------
def _file_uri(doc: SpecDocument, key: str) -> str:
    name = key or (doc.root.path.name if doc.root.path is not None else "-")
    return (doc.base_dir / name).as_uri()


def _index(doc: SpecDocument, key: str, *, anchors: bool) -> _Index | None:
    """A file's `$id`/`$anchor` index; walked only if it may hold `$id` or anchors are asked."""
    if doc.dialect != "3.1":
        return None
    state = _state(doc)
    index = state.index.get(key)
    if index is not None and (index.full or not anchors):
        return index
    spec_file = doc.files.get(key)
    if spec_file is None or spec_file.kind == "text":
        return None
    if not anchors and not may_declare_id(doc, key):
        index = state.index[key] = _Index(full=False)  # no `$id`: no scopes, nothing to walk
        return index
    index = state.index[key] = _build_index(doc, key, spec_file)
    return index


def may_declare_id(doc: SpecDocument, key: str) -> bool:
    """Whether file `key` of a 3.1 spec may hold an `$id` (else its fragments are plain JSON
    pointers). Known from the parse when the fast path read the file (`SpecFile.id_free`),
    else answered from the file's bytes once per file: `$id`, or `$` escaped as `\\u0024` or
    `\\x24`; finding one rare character is several times faster than finding a word in a long
    non-ASCII text, so each `$` and `\\` is checked for the rest of a hint."""
    if doc.dialect != "3.1":
        return False
    state = _state(doc)
    known = state.may_id.get(key)
    if known is None:
        spec_file = doc.files.get(key)
        known = spec_file is None or spec_file.kind == "text" or (
            not spec_file.id_free and _spells_id(spec_file.raw)
        )
        state.may_id[key] = known
    return known


def _spells_id(text: bytes) -> bool:
    for first, rests in _ID_HINTS.items():
        at = text.find(first)
        while at >= 0:
            if text.startswith(rests, at + 1):
                return True
            at = text.find(first, at + 1)
    return False


def _build_index(doc: SpecDocument, key: str, spec_file: SpecFile) -> _Index:
    index = _Index(full=True)
    file_uri = _file_uri(doc, key)
    probes = ("$id", "$anchor", "$dynamicAnchor")
    nodes = walk(spec_file.data, probes, ROOT if not key else REFERENCED)
    found = [(holder, pointer_of(entry)) for holder, entry in nodes]
    found.sort(key=lambda item: item[1].count("/"))  # enclosing resources first
    for holder, pointer in found:
        uri = _enclosing(index.scopes, pointer) or file_uri
        raw_id = holder.get("$id")
        if isinstance(raw_id, str) and raw_id.startswith("#"):
            index.anchors.setdefault((uri, unquote(raw_id[1:])), pointer)  # draft-07 style
        elif isinstance(raw_id, str):
            uri = urldefrag(urljoin(uri, raw_id))[0]
            index.scopes[pointer] = uri
            index.ids.setdefault(uri, pointer)
        for keyword in ("$anchor", "$dynamicAnchor"):
            name = holder.get(keyword)
            if isinstance(name, str):
                index.anchors.setdefault((uri, name), pointer)
    return index


def _enclosing(scopes: dict[str, str], pointer: str) -> str | None:
    """The URI of the nearest strict ancestor of `pointer` that carries a `$id`."""
    while pointer:
        pointer = pointer[: pointer.rfind("/")]
        uri = scopes.get(pointer)
        if uri is not None:
            return uri
    return None


def _scope(doc: SpecDocument, key: str, at: str) -> str | None:
    """The base URI a `$id` sets for refs at `at` in file `key` (None: the file's own URI)."""
    if doc.dialect != "3.1":
        return None
    index = _index(doc, key, anchors=False)
    if index is None or not index.scopes:
        return None
    return index.scopes.get(at) or _enclosing(index.scopes, at)


def _any_ids(doc: SpecDocument) -> bool:
    """Whether any file read so far declares a 3.1 `$id` (most specs have none at all)."""
    _scan_ids(doc)
    return bool(_state(doc).ids)


def _scan_ids(doc: SpecDocument) -> None:
    state = _state(doc)
    if state.scanned < len(doc.files):
        for key in islice(doc.files, state.scanned, None):
            index = _index(doc, key, anchors=False)
            if index is not None and index.ids:
                state.located.clear()  # a new `$id` may now answer what a file path did
                state.resolved.clear()
                for known, pointer in index.ids.items():
                    state.ids.setdefault(known, (key, pointer))
        state.scanned = len(doc.files)


def _find_id(doc: SpecDocument, uri: str) -> _Place | None:
    """The resource whose `$id` is `uri`, in any file read so far (the first file read wins).

    Files are indexed once each, as they are first met here: a tree of thousands of files
    would otherwise be scanned again for every cross-file `$ref`.
    """
    uri = urldefrag(uri)[0]
    _scan_ids(doc)
    found = _state(doc).ids.get(uri)
    return None if found is None else (found[0], found[1], uri)


def _is_index(token: str, size: int) -> bool:
    """An RFC 6901 array index (no leading zeros, no "-") within the array."""
    return token.isdigit() and (token == "0" or token[0] != "0") and int(token) < size


def show_value(value: object) -> str:
    """A short description of a value for messages: "a mapping", "the number 3"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return "a string" if value else "an empty string"
    return "a list" if isinstance(value, list) else "a mapping"


def _cut(text: str, limit: int = 160) -> str:
    """Shorten spec text for a message."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
