"""Operation views -> method code: the `Op` constant, the signature, overloads, the call.

Laid out as black leaves it: one parameter per line with a trailing comma.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.naming.client import ArgLocation
from generator.render.client.operations import ArgView, OpView
from generator.render.pytext import LINE, Expr, atom, docstring, py_str, sub, union

RESERVED_PARAMS = (
    "extra_headers: Headers | None = None",
    "extra_query: Query | None = None",
    "extra_body: Body | None = None",
    "timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN",
)


@dataclass(frozen=True, slots=True)
class MethodCode:
    """The code of one method (sync and async) and its `Op` constant."""

    constant: str
    op_text: str
    sync: str
    async_: str
    names: frozenset[str]  # type names the annotations use
    runtime_names: frozenset[str]  # type names the casts use at run time
    example: str  # a call with the required arguments, for the README
    name: str = ""
    paged: bool = False


def constant_name(view: OpView) -> str:
    """`_CHAT_COMPLETIONS_CREATE`."""
    return "_" + "_".join((*view.names.resource, view.names.name)).upper()


def _qualify(expr: Expr, models: frozenset[str]) -> str:
    """The expression with generated names read from the types package (`_t.Name`)."""
    if expr.is_or:
        return " | ".join(_qualify(a, models) for a in expr.args)
    head = f"_t.{expr.head}" if expr.head in models else expr.head
    if expr.is_atom:
        return head
    inner = ", ".join(_qualify(a, models) for a in expr.args)
    return f"{head}({inner})" if expr.call else f"{head}[{inner}]"


def call_text(prefix: str, args: list[str], indent: int, suffix: str = ",") -> str:
    """`prefix(args)suffix` at `indent` as black lays it out: on one line; else the arguments
    on one line of their own; else one per line with a trailing comma."""
    pad = " " * indent
    flat = f"{pad}{prefix}({', '.join(args)}){suffix}"
    if len(flat) <= LINE:
        return flat
    inner = f"{pad}    {', '.join(args)}"
    if len(inner) <= LINE:
        return f"{pad}{prefix}(\n{inner}\n{pad}){suffix}"
    body = "".join(f"{pad}    {a},\n" for a in args)
    return f"{pad}{prefix}(\n{body}{pad}){suffix}"


def _lambda(key: str, expr: Expr, models: frozenset[str]) -> str:
    """`    key=lambda: T,` as black leaves it (a long union breaks before each `|`)."""
    flat = f"    {key}=lambda: {_qualify(expr, models)},"
    if len(flat) <= LINE or not expr.is_or:
        return flat
    parts = [_qualify(a, models) for a in expr.args]
    return f"    {key}=lambda: {parts[0]}\n" + "\n".join(f"    | {p}" for p in parts[1:]) + ","


def op_text(view: OpView, models: frozenset[str]) -> str:
    """The `Op(...)` constant of an operation."""
    lines = [f"    {py_str(view.op.method.value)},", f"    {py_str(_path(view))},"]
    params = [a for a in view.args if a.location is not ArgLocation.BODY]
    if params:
        lines.append("    params={")
        for a in params:
            args = [py_str(a.wire), py_str(a.location.value)]
            if a.style:
                args += [py_str(a.style), str(a.explode)]
            lines.append(call_text(f"{py_str(a.name)}: Param", args, 8))
        lines.append("    },")
    if view.body_kind != "NONE":
        lines.append(f"    body=Kind.{view.body_kind},")
        lines.append(f"    media={py_str(view.media)},")
    files = sorted(a.wire for a in view.args if a.is_file)
    if files:
        lines.append(f"    files=frozenset({{{', '.join(py_str(f) for f in files)}}}),")
        if len(lines[-1]) > LINE:
            lines[-1] = "    files=frozenset(\n        {\n" + "".join(
                f"            {py_str(f)},\n" for f in files) + "        }\n    ),"
    lines.append(f"    response=Kind.{view.response_kind},")
    if view.response_kind == "JSON":
        lines.append(_lambda("cast", view.result, models))
    if view.event is not None:
        lines.append(_lambda("event", view.event, models))
    if view.paging is not None:
        p = view.paging
        spec = [py_str(x) for x in (p.kind, p.items, p.request, p.flag, p.cursor)]
        if p.where != "query":
            spec.append(f"where={py_str(p.where)}")
        lines.append(call_text("page=PageSpec", spec, 4))
    if view.fixed:
        pairs = [f"{py_str(k)}: {py_str(v)}" for k, v in sorted(view.fixed.items())]
        lines.append(f"    fixed={{{', '.join(pairs)}}},")
        if len(lines[-1]) > LINE:
            lines[-1] = "    fixed={\n" + "".join(f"        {x},\n" for x in pairs) + "    },"
    if not view.auth:
        lines.append("    auth=False,")
    return f"{constant_name(view)} = Op(\n" + "\n".join(lines) + "\n)"


def _path(view: OpView) -> str:
    return view.op.path.lstrip("/")


def is_deployment(view: OpView, arg: ArgView) -> bool:
    """Whether `arg` is the stripped `{deployment-id}` segment (a client default)."""
    return view.names.deployment is not None and arg.location is ArgLocation.PATH \
        and arg.wire == view.names.deployment


def shadowed(expr: Expr, names: frozenset[str]) -> Expr:
    """`expr` with builtins a method of the same class hides (`list`) as `builtins.list`."""
    if not names:
        return expr
    args = tuple(shadowed(a, names) for a in expr.args)
    head = f"builtins.{expr.head}" if expr.head in names else expr.head
    return replace(expr, head=head, args=args)


def _param_line(arg: ArgView, kind: Expr | None = None, *, required: bool | None = None,
                hidden: frozenset[str] = frozenset()) -> str:
    kind = shadowed(kind or arg.type, hidden)
    must = arg.required if required is None else required
    full = kind if must else union([kind, atom("NotGiven")])
    tail = "," if must else " = NOT_GIVEN,"
    return f"{arg.name}: {full.layout(8, 10 + len(arg.name), len(tail), top=True)}{tail}"


def signature(view: OpView, result: str, *, is_async: bool, stream: str | None = None,
              overload: bool = False, hidden: frozenset[str] = frozenset(),
              omit: frozenset[str] = frozenset()) -> list[str]:
    """`def name(self, path..., *, keywords..., per-call...) -> result:` in lines, without the
    arguments named in `omit` (an overload that leaves the deprecated ones out)."""
    head = "async def" if is_async and view.paging is None else "def"
    lines = [f"    {head} {view.names.name}(", "        self,"]
    positional = [a for a in view.args
                  if a.location is ArgLocation.PATH and not is_deployment(view, a)]
    for arg in positional:
        lines.append("        " + _param_line(arg, required=True, hidden=hidden))
    lines.append("        *,")
    for arg in view.args:
        if arg in positional or arg.name in omit:
            continue
        if is_deployment(view, arg):
            lines.append(f"        {arg.name}: str | None = None,")
        elif stream is not None and arg.name == stream_flag(view):
            lines.append(f"        {arg.name}: {stream},")
        else:
            lines.append("        " + _param_line(arg, hidden=hidden))
    lines.extend(f"        {p}," for p in RESERVED_PARAMS)
    end = " ..." if overload else ""
    lines.append(f"    ) -> {result}:{end}")
    return lines


def _doc(view: OpView) -> list[str]:
    text = view.op.summary or ""
    if view.op.description and view.op.description != text:
        text = f"{text}\n\n{view.op.description}" if text else view.op.description
    text = text or f"{view.op.method.value.upper()} {view.op.path}"
    if view.fixed:
        sent = ", ".join(f"{k}: {v}" for k, v in sorted(view.fixed.items()))
        text += f"\n\nThis operation is in preview: the client sends `{sent}` for it."
    if view.op.deprecated:
        text += "\n\nDeprecated."
    return docstring(text, 8)


def _call(view: OpView, *, is_async: bool) -> list[str]:
    lines = [f"        deprecated_argument({py_str(a.name)}, {a.name})"
             for a in view.args if a.deprecated and not a.required]
    method = "page" if view.paging is not None else "call"
    wait = "await " if is_async and view.paging is None else ""
    cast_to = returned(view, result_type(view, is_async=is_async), is_async=is_async)
    lines.append("        return cast(")
    lines.append(f"            {py_str(cast_to.flat())},")
    lines.append(f"            {wait}self._client.{method}(")
    lines.append(f"                {constant_name(view)},")
    params = [a for a in view.args if a.location is not ArgLocation.BODY]
    if params:
        lines.append("                {")
        for a in params:
            value = a.name
            if is_deployment(view, a):
                value = f"self._client.deployment({a.name})"
            lines.append(f"                    {py_str(a.name)}: {value},")
        lines.append("                },")
    else:
        lines.append("                {},")
    fields = [a for a in view.args if a.location is ArgLocation.BODY]
    if view.whole_body:
        lines.append("                body,")
    elif fields:
        lines.append("                {")
        lines.extend(f"                    {py_str(a.wire)}: {a.name}," for a in fields)
        lines.append("                },")
    else:
        lines.append("                NOT_GIVEN,")
    lines.append("                CallOptions(extra_headers, extra_query, extra_body, timeout),")
    lines.append("            ),")
    lines.append("        )")
    return lines


def stream_flag(view: OpView) -> str | None:
    """The argument that picks a stream over a JSON body, for an operation that answers both
    (the IR's `streaming` marker): `stream`, else the one boolean body field whose wire name
    says stream (`stream_response`, `streaming`, ...); None when there is no such choice."""
    if view.event is None or view.response_kind != "JSON" or not view.op.streaming:
        return None
    if any(a.name == "stream" for a in view.args):
        return "stream"
    named = [a for a in view.args if a.location is ArgLocation.BODY
             and "stream" in a.wire.lower() and "bool" in a.type.flat().split(" | ")]
    return named[0].name if len(named) == 1 else None


def result_type(view: OpView, *, is_async: bool) -> Expr:
    """The method's return type."""
    if view.paging is not None:
        return sub("AsyncPager" if is_async else "SyncPage", view.paging.item)
    if view.response_kind == "BINARY" and is_async:
        return atom("AsyncBinaryResponse", "AsyncBinaryResponse")
    if view.response_kind == "EVENTS" and view.event is not None:
        return sub("AsyncStream" if is_async else "Stream", view.event)
    return view.result


def warned_arguments(view: OpView) -> tuple[str, ...]:
    """The deprecated arguments a call may leave out (the overloads mark a call passing one);
    none for a deprecated operation, whose every overload is marked already."""
    if view.op.deprecated:
        return ()
    return tuple(a.name for a in view.args if a.deprecated and not a.required)


def _decorator(message: str, *, overload: bool = False) -> str:
    name = "@deprecated_overload" if overload else "@deprecated"
    return call_text(name, [py_str(message)], 4, "")


def _op_decorators(view: OpView, *, overload: bool = False) -> list[str]:
    """`@deprecated` for a deprecated operation, or one whose every call passes a deprecated
    argument (a required one); on an overload, the run-time-free `@deprecated_overload`."""
    if view.op.deprecated:
        return [_decorator(f"{view.names.dotted} is deprecated", overload=overload)]
    required = [a.name for a in view.args if a.deprecated and a.required]
    if required:
        message = f"{view.names.dotted}: {_listed(required)} deprecated"
        return [_decorator(message, overload=overload)]
    return []


def _listed(names: list[str] | tuple[str, ...]) -> str:
    quoted = ", ".join(repr(n) for n in names)
    return f"the argument {quoted} is" if len(names) == 1 else f"the arguments {quoted} are"


def _only_true(arg: ArgView) -> bool:
    """A flag whose only value is true (`enum: [true]`, `const: true`)."""
    return arg.type.flat() == "Literal[True]"


def _flag_arg(view: OpView) -> ArgView | None:
    name = stream_flag(view)
    return next((a for a in view.args if a.name == name), None) if name else None


def variants(view: OpView, result: Expr, events: Expr) -> list[tuple[str | None, Expr]]:
    """(the stream flag's annotation, the return type) of each overload: one, without a
    flag; a required `Literal[True]` flag is always a stream; an optional one is a stream
    when given; a boolean flag picks by its literal (`bool` gets both), with no default when
    the body requires it."""
    arg = _flag_arg(view)
    if arg is None:
        return [(None, result)]
    if _only_true(arg):
        if arg.required:
            return [("Literal[True]", events)]
        return [("NotGiven = NOT_GIVEN", result), ("Literal[True]", events)]
    false = "Literal[False]" if arg.required else "Literal[False] | NotGiven = NOT_GIVEN"
    return [(false, result), ("Literal[True]", events), ("bool", union([result, events]))]


def _overloads(view: OpView, shapes: list[tuple[str | None, Expr]], *, is_async: bool,
               hidden: frozenset[str]) -> list[str]:
    """The overloads: per flag shape, one without the deprecated arguments, then one marked
    `@deprecated` that takes them all (optional). A call that passes one fails the first and
    picks the second, so it is flagged; at most 2 x 3 overloads, however many are deprecated."""
    warned = warned_arguments(view)
    if len(shapes) == 1 and not warned:
        return []
    # the overloads' marks are for type checkers: at run time they cost nothing
    marks = _op_decorators(view, overload=True)
    groups = [(frozenset(warned), marks)]
    if warned:
        groups.append((frozenset(), [*marks, _decorator(
            f"{view.names.dotted}: {_listed(warned)} deprecated", overload=True)]))
    out: list[str] = []
    for flag, res in shapes:
        for omit, decos in groups:
            out += ["    @overload", *decos]
            out += signature(view, res.layout(4, 9, 5, top=True), is_async=is_async,
                             stream=flag, overload=True, hidden=hidden, omit=omit)
            out.append("")
    return out


def _shapes(view: OpView, result: Expr, *, is_async: bool,
            hidden: frozenset[str] = frozenset()) -> list[tuple[str | None, Expr]]:
    if view.event is None or stream_flag(view) is None:
        return [(None, result)]
    events = shadowed(sub("AsyncStream" if is_async else "Stream", view.event), hidden)
    return variants(view, result, events)


def returned(view: OpView, result: Expr, *, is_async: bool) -> Expr:
    """What the method returns whatever the flag: the union of its overloads' results."""
    return union([res for _, res in _shapes(view, result, is_async=is_async)])


def method_text(view: OpView, *, is_async: bool, hidden: frozenset[str] = frozenset()) -> str:
    """The whole method: overloads (a stream flag, deprecated arguments), the decorator,
    docstring and call."""
    result = shadowed(result_type(view, is_async=is_async), hidden)
    shapes = _shapes(view, result, is_async=is_async, hidden=hidden)
    out = _overloads(view, shapes, is_async=is_async, hidden=hidden)
    whole = union([res for _, res in shapes])
    out += _op_decorators(view)
    out += signature(view, whole.layout(4, 9, 1, top=True), is_async=is_async, hidden=hidden)
    out += _doc(view)
    out += _call(view, is_async=is_async)
    return "\n".join(out)


def build_code(view: OpView, models: frozenset[str],
               hidden: frozenset[str] = frozenset()) -> MethodCode:
    """The method code of one operation; `hidden`: builtins its class's methods hide."""
    names: set[str] = set()
    for arg in view.args:
        names |= set(arg.type.all_names())
    for is_async in (False, True):
        names |= set(result_type(view, is_async=is_async).all_names())
    if view.event is not None and view.response_kind == "JSON":
        names |= set(view.event.all_names())
    runtime = {n for e in (view.result, view.event) if e is not None for n in e.all_names()}
    from generator.render.client.readme import call_example

    example = call_example(view.names.dotted, [(a.name, a.location, a.required, a.type.flat())
                                               for a in view.args],
                           view.response_kind != "NONE")
    return MethodCode(constant_name(view), op_text(view, models),
                      method_text(view, is_async=False, hidden=hidden),
                      method_text(view, is_async=True, hidden=hidden),
                      frozenset(names), frozenset(runtime), example, view.names.name,
                      view.paging is not None)
