"""Hypothesis strategies for JSON instances of IR schemas (for the differential test).

They aim at valid instances; what they get wrong, the jsonschema-rs oracle filters out.
Recursion is bounded: past MAX_DEPTH references, objects get only required properties and
arrays stay as short as allowed.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import strategies as st

from generator.ir import schema as s
from generator.ir.model import Api

MAX_DEPTH = 3
_TEXT = st.text(alphabet=st.characters(codec="ascii", categories=("L", "N")), max_size=8)
_ANY = st.none() | st.booleans() | st.integers(-5, 5) | _TEXT
_FORMATS = {
    "date-time": st.datetimes(timezones=st.just(__import__("datetime").timezone.utc)).map(
        lambda d: d.replace(microsecond=0).isoformat().replace("+00:00", "Z")),
    "date": st.dates().map(lambda d: d.isoformat()),
    "uuid": st.uuids().map(str),
    "time": st.times().map(lambda t: t.replace(microsecond=0).isoformat()),
    # pydantic writes a duration in its own canonical form (PT60S comes back as PT1M): the
    # value round-trips, its spelling may not (docs/models.md), so canonical forms are drawn.
    "duration": st.integers(1, 10_000).map(lambda n: _canonical_duration(n)),
}


def _canonical_duration(seconds: int) -> str:
    import datetime

    from pydantic import TypeAdapter

    text: str = TypeAdapter(datetime.timedelta).dump_python(
        datetime.timedelta(seconds=seconds), mode="json")
    return text


def instances(api: Api, schema: s.Schema | None, depth: int = 0) -> st.SearchStrategy[Any]:
    """JSON values meant to be valid under `schema`."""
    if schema is None:
        return _ANY
    if schema.const is not s.NO_VALUE:
        return st.just(schema.const)
    if schema.enum is not None and not isinstance(schema, s.ReferenceSchema):
        return st.sampled_from(list(schema.enum)) if schema.enum else st.nothing()
    if isinstance(schema, s.ReferenceSchema):
        target = api.node(schema.target)
        return st.deferred(lambda: instances(api, target, depth + 1))
    if isinstance(schema, s.ObjectSchema):
        return _object(api, schema, depth)
    if isinstance(schema, s.ArraySchema):
        return _array(api, schema, depth)
    if isinstance(schema, s.StringSchema):
        return _string(schema)
    if isinstance(schema, s.IntegerSchema | s.NumberSchema):
        return _number(schema)
    if isinstance(schema, s.BooleanSchema):
        return st.booleans()
    if isinstance(schema, s.NullSchema):
        return st.none()
    if isinstance(schema, s.UnionSchema):
        return st.one_of(*(instances(api, m, depth) for m in schema.members))
    if isinstance(schema, s.AllOfSchema):
        parts = [instances(api, m, depth) for m in schema.members]
        return st.tuples(*parts).map(_merge)
    return _ANY


def _merge(parts: tuple[Any, ...]) -> Any:
    if all(isinstance(p, dict) for p in parts):
        out: dict[str, Any] = {}
        for part in parts:
            out.update(part)
        return out
    return parts[0] if parts else None


def _object(api: Api, schema: s.ObjectSchema, depth: int) -> st.SearchStrategy[Any]:
    required = {k: instances(api, v, depth) for k, v in schema.properties.items()
                if k in schema.required}
    optional = {} if depth >= MAX_DEPTH else {
        k: instances(api, v, depth) for k, v in schema.properties.items()
        if k not in schema.required}
    return st.fixed_dictionaries(required, optional=optional)


def _array(api: Api, schema: s.ArraySchema, depth: int) -> st.SearchStrategy[Any]:
    if schema.prefix_items:
        return st.tuples(*(instances(api, p, depth) for p in schema.prefix_items)).map(list)
    low = schema.min_items or 0
    high = low if depth >= MAX_DEPTH else min(schema.max_items or low + 2, low + 2)
    return st.lists(instances(api, schema.items, depth), min_size=low, max_size=high)


def _string(schema: s.StringSchema) -> st.SearchStrategy[Any]:
    if schema.format in _FORMATS:
        return _FORMATS[schema.format]
    if schema.pattern:
        try:
            re.compile(schema.pattern)
            return st.from_regex(schema.pattern, fullmatch=True)
        except re.error:
            pass
    low = schema.min_length or 0
    return st.text(alphabet=st.characters(codec="ascii", categories=("L", "N")), min_size=low,
                   max_size=max(low, min(schema.max_length or low + 8, low + 8)))


def _number(schema: s.IntegerSchema | s.NumberSchema) -> st.SearchStrategy[Any]:
    low = schema.minimum if schema.minimum is not None else schema.exclusive_minimum
    high = schema.maximum if schema.maximum is not None else schema.exclusive_maximum
    if isinstance(schema, s.IntegerSchema) or schema.multiple_of:
        step = schema.multiple_of or 1
        lo = None if low is None else int(low // step) - 1
        hi = None if high is None else int(high // step) + 1
        return st.integers(lo if lo is not None else -1000, hi if hi is not None else 1000).map(
            lambda n: n * step)
    return st.floats(low if low is not None else -1e6, high if high is not None else 1e6,
                     allow_nan=False, allow_infinity=False)


_OTHER = st.sampled_from([None, True, 7, -2.5, "zz", [], {}])


def mutated(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly-valid instances, and some with one change that may make them invalid: a key
    dropped, a value of another JSON type put in a key's or an item's place, the whole value
    replaced. (The oracle decides which are invalid.)"""
    return st.one_of(valid, st.tuples(valid, st.integers(0, 2**16), _OTHER).map(_mutate))


def _mutate(drawn: tuple[Any, int, Any]) -> Any:
    value, pick, other = drawn
    if isinstance(value, dict) and value:
        key = sorted(value)[pick % len(value)]
        if pick % 2:
            return {k: v for k, v in value.items() if k != key}
        return {**value, key: other if type(other) is not type(value[key]) else "zz"}
    if isinstance(value, list) and value:
        index = pick % len(value)
        return [*value[:index], other, *value[index + 1:]]
    return other if type(other) is not type(value) else None
