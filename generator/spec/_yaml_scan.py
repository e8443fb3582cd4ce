"""A fast look at YAML text, before parsing, for what the fast parser (yaml-rs) gets wrong.

yaml-rs drops unknown tags silently (`!!python/object/apply:os.system [...]` becomes a plain
list), reads an alias inside its own anchored node as null, reads an empty block scalar at
the very end of the text as "\n", and overflows its stack at about 10,000 levels of block
nesting. `route_reason` finds those inputs so the exact path reads them.

It must not send ordinary specs down the slow path, so it looks only at real token positions:
a `!` counts only where a tag can stand (line start, after `- `, `? `, `: `, `[`, `{`, `,`,
an anchor or `--- `), not inside a comment or a quoted string on that line, and not in the
body of a block scalar (`|`, `>`): the OpenAI spec's code samples hold `err != nil` and
`[![Run In Postman]` and stay on the fast path. Where it cannot be sure it says "exact": a
wrong "exact" costs time, a wrong "fast" would cost meaning.

Everything here looks only at ASCII characters, so it reads a Latin-1 view of UTF-8 bytes
(`parse.parse_bytes`) exactly as it reads the decoded text: positions are then byte offsets.
"""

from __future__ import annotations

import re

# yaml-rs overflows its stack near 10,000 block levels on an 8 MB stack (sooner on a thread's
# smaller one). Block nesting of 2 * SAFE_COLUMNS levels or more needs a line whose first
# SAFE_COLUMNS characters are all indentation or `- `/`? ` indicators (each level costs a
# column; a mapping and its sequence may share one). Flow nesting yaml-rs bounds itself (255).
SAFE_COLUMNS = 200
_DEEP = re.compile(r"\n[ \t?-]{" + str(SAFE_COLUMNS) + "}")  # a literal first char: a fast search
_HEADER = re.compile(r"(?:^|[ \t])[|>][0-9+-]*[ \t]*(?:#.*)?$")
_MARKER = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r\n]|\Z)", re.M)
_NONBLANK = re.compile(r"^(?![ \t]*(?:#.*)?\r?$)(?!%)(?!(?:---|\.\.\.)[ \t]*(?:#.*)?\r?$).+$", re.M)
_LAST_LINE_HEADER = re.compile(r"(?:^|[ \t])[|>][0-9+-]*(?:[ \t]+#[^\n]*)?\Z", re.M)
_NAME_END = re.compile(r"[ \t\r\n,\[\]{}]|\Z")
_WALK_LIMIT = 5000  # lines walked back per candidate before giving up (then: "exact")


def route_reason(text: str, *, depth_checked: bool = False) -> str | None:
    """Why `text` must take the exact path ("deep", "tag", "alias", ...), or None (fast path).

    `depth_checked`: the caller has already found no line as deep as `_DEEP` looks for
    (`deep_in_bytes`), so that scan is skipped.
    """
    if not depth_checked and (_DEEP.search(text) or _DEEP.match("\n" + text[:SAFE_COLUMNS])):
        return "deep"
    if "!" in text and _has_tag(text):
        return "tag"
    if "&" in text and "*" in text and _has_self_alias(text):
        return "alias"
    # 800: at least the last 200 characters even in a Latin-1 view of UTF-8 (parse_bytes).
    # A match lies within the last line, so a last line without `|` or `>` needs no search
    # (most files: the search costs ~8 us a file, a split tree has 1,600 of them).
    tail = text[-800:].rstrip(" \t\r\n")
    last = tail[tail.rfind("\n") + 1 :]
    if ("|" in last or ">" in last) and _LAST_LINE_HEADER.search(tail):
        return "empty block scalar at the end"  # yaml-rs reads it as "\n", YAML says ""
    return None


# One translation of the bytes answers two questions with C-speed searches: control characters
# become NUL, indentation and indicator characters `x` (so a deep line is "\n" + "x" * N),
# newlines stay, everything else becomes `y`.
_SCAN = bytes(
    0 if (b < 0x20 and b not in (0x09, 0x0A, 0x0D)) else b if b == 0x0A
    else 0x78 if b in b" \t?-" else 0x79
    for b in range(256)
)
_DEEP_LINE = b"\n" + b"x" * SAFE_COLUMNS


def scan_bytes(raw: bytes) -> tuple[bool, bool]:
    """(holds a C0 control character other than tab/LF/CR, has a line `_DEEP` would find)."""
    mapped = raw.translate(_SCAN)
    return b"\x00" in mapped, mapped.startswith(_DEEP_LINE[1:]) or _DEEP_LINE in mapped


def has_document_marker(text: str) -> bool:
    """True when a line starts with `---` or `...` (the text may hold several documents)."""
    return _MARKER.search(text) is not None


def is_blank(text: str) -> bool:
    """True when the text holds no node: only blank lines, comments, directives, markers."""
    return _NONBLANK.search(text) is None


def _has_tag(text: str) -> bool:
    checked: dict[int, bool] = {}
    index = text.find("!")
    while index >= 0:
        if index == 0 or text[index - 1] != "!":
            line_start = text.rfind("\n", 0, index) + 1
            if _token_position(text[line_start:index]):
                if line_start not in checked:
                    checked[line_start] = not _in_block_scalar(text, line_start)
                if checked[line_start]:
                    return True
        index = text.find("!", index + 1)
    return False


def _token_position(prefix: str) -> bool:
    """Can a node property (tag, anchor) start right after `prefix` (the line up to it)?"""
    # The structure test first: it rejects most `!` and `&` in prose (`Hello!`, `!=`) by
    # looking at the last characters, where the quote-and-comment scan reads the whole line
    # up to them, again for each one (long single-line descriptions hold dozens).
    return _after_indicator(prefix) and not _inline_state(prefix)


def _after_indicator(prefix: str) -> bool:
    """Does `prefix` end where a node property may follow, quoting and comments aside?"""
    head = prefix.rstrip(" \t")
    if not head or head == "---":
        return True
    last = head[-1]
    if last in "[{,":
        return True
    if head is prefix:  # no whitespace before the token
        return False
    if last == ":" or (last in "-?" and (len(head) == 1 or head[-2] in " \t")):
        return True
    amp = head.rfind("&")
    if amp >= 0 and not any(c in head[amp:] for c in " \t,[]{}"):
        return _token_position(head[:amp])  # `key: &anchor !tag`
    return False


def _inline_state(prefix: str) -> bool:
    """True when the end of `prefix` is inside a quoted scalar or a comment on that line."""
    quote = ""
    previous = " "
    index = 0
    size = len(prefix)
    while index < size:
        char = prefix[index]
        if quote == '"':
            if char == "\\":
                index += 1
            elif char == '"':
                quote = ""
        elif quote == "'":
            if char == "'":
                if prefix[index + 1 : index + 2] == "'":
                    index += 1  # '' is a quote inside the single-quoted scalar
                else:
                    quote = ""
        elif char in "\"'" and previous in " \t[{,:-?":
            quote = char
        elif char == "#" and previous in " \t":
            return True
        previous = char
        index += 1
    return bool(quote)


def _in_block_scalar(text: str, line_start: int) -> bool:
    """Is the line at `line_start` inside the body of a block scalar (`|` or `>`)?

    Walking back, each line less indented than all lines after it is either the block
    scalar's header (then yes) or structure (then look further back, now with its indent).
    """
    line_end = text.find("\n", line_start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    limit = len(line) - len(line.lstrip(" "))
    position = line_start
    for _ in range(_WALK_LIMIT):
        if limit == 0 or position == 0:
            return False
        start = text.rfind("\n", 0, position - 1) + 1
        line = text[start : position - 1]
        position = start
        body = line.lstrip(" ")
        if not body.strip(" \t\r") or body.startswith("#"):  # YAML's white space only
            continue
        indent = len(line) - len(body)
        if indent >= limit:
            continue
        if _HEADER.search(line.rstrip("\r")):
            return True
        limit = indent
    return False


def _has_self_alias(text: str) -> bool:
    """Is there an alias `*a` inside the node anchored `&a` (yaml-rs reads it as null)?"""
    index = text.find("&")
    while index >= 0:
        line_start = text.rfind("\n", 0, index) + 1
        if _token_position(text[line_start:index]):
            end_match = _NAME_END.search(text, index + 1)
            name = text[index + 1 : end_match.start() if end_match else len(text)]
            if name and _alias_in_span(text, name, line_start, index):
                return True
        index = text.find("&", index + 1)
    return False


_SPAN_END: dict[int, re.Pattern[str]] = {}


def _alias_in_span(text: str, name: str, line_start: int, index: int) -> bool:
    line = text[line_start:index]
    indent = len(line) - len(line.lstrip(" "))
    pattern = _SPAN_END.get(indent)
    if pattern is None:
        pattern = _SPAN_END[indent] = re.compile(r"\n {0," + str(indent) + r"}(?=[^ \t\r\n#])")
    found = pattern.search(text, index)
    end = found.start() if found else len(text)
    alias = "*" + name
    at = text.find(alias, index, end)
    while at >= 0:
        after = at + len(alias)
        if after >= len(text) or _NAME_END.match(text, after):
            return True
        at = text.find(alias, after, end)
    return False
