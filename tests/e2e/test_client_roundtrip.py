"""What you pass is what the server gets: arguments drawn from the spec go through the generated
client into the recorder, and openapi-core, reading each recorded request against the spec,
gives back the same arguments.

Per operation of every shipped spec, hypothesis draws the parameters and the body from the
IR's schemas (tests/models_strategies.py; a body the spec's JSON Schema refuses is discarded,
as the models' differential test does); path parameters also get spaces, `%`, `#`, `?` and
non-ASCII letters (percent-encoding). Each request is answered `{}`; the answer is not
what is tested here. Where openapi-core reads a value back differently on purpose (defaults
filled in, dates as datetimes, `/` in a path value), docs/testing.md says so and the
comparison allows for exactly that.
"""

from __future__ import annotations

import contextlib
import datetime
import email.parser
import functools
import re
import urllib.parse
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml_rs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.ir.model import Api, ParameterLocation
from generator.naming.client import api_level, fixed_value
from tests.e2e import sweep
from tests.e2e.clients import SPECS, client_module
from tests.e2e.conftest import tool_missing
from tests.models_strategies import instances
from tests.servers import oracle
from tests.servers.rig import FaultHandle, Recorded

SHIPPED = ("2024-08-01-preview", "2024-09-01-preview", "2024-10-21", "2025-04-01-preview", "v1")
EXAMPLES = 3  # per operation; every operation of the five specs, so ~340 requests in all
# Path values with characters that need percent-encoding. Not `#`, `?`, `/` or a `.`-only
# segment: openapi-core joins the decoded path onto the host URL, which cuts or resolves them
# (docs/testing.md); test_path_values_are_percent_encoded covers those on the raw path.
_PATH_TEXT = st.text(alphabet=st.sampled_from("az09 -_.~%é:@!$&'()*+,;="), min_size=1,
                     max_size=8).filter(lambda v: v.strip(".") != "")
OMIT = object()


@dataclass(frozen=True, slots=True)
class Sent:
    """One call: the operation, and the wire values it was given."""

    case: sweep.Case
    params: dict[str, tuple[ParameterLocation, Any]]
    body: dict[str, Any] | None


def _checker(spec: Path) -> Any:
    raw = yaml_rs.loads(spec.read_text(encoding="utf-8"), parse_datetime=False)
    # OpenAPI 3.0's schemas are draft 4's (a boolean exclusiveMinimum); 3.1's are 2020-12.
    old = str(raw.get("openapi", "")).startswith("3.0")
    draft = jsonschema_rs.Draft4 if old else jsonschema_rs.Draft202012
    checker = jsonschema_rs.Draft4Validator if old else jsonschema_rs.Draft202012Validator
    registry = jsonschema_rs.Registry([("urn:spec", raw)], draft=draft)

    @functools.cache
    def validator(pointer: str) -> Any:
        ref = "urn:spec#" + urllib.parse.quote(pointer.partition("#")[2], safe="/~")
        return checker({"$ref": ref}, registry=registry)

    def valid(pointer: str, value: Any) -> bool:
        return bool(validator(pointer).is_valid(value))

    return valid


def _params(api: Api, case: sweep.Case) -> st.SearchStrategy[dict[str, Any]]:
    """Wire values for the operation's own parameters (optional ones sometimes left out)."""
    skip = api_level(api)
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for p in case.operation.parameters:
        if (p.name, p.location) in skip or fixed_value(api, p) is not None:
            continue
        schema = api.node(p.schema_id) if p.schema_id else None
        value = _PATH_TEXT if p.location is ParameterLocation.PATH else instances(api, schema)
        if p.location is ParameterLocation.QUERY and not p.allow_empty_value:
            value = value.filter(lambda v: v != "")  # OpenAPI: an empty value is invalid
        if p.location is ParameterLocation.HEADER:
            value = value.filter(lambda v: isinstance(v, str | int) and str(v).isprintable())
        required = p.required or p.location is ParameterLocation.PATH
        fields[p.name] = st.tuples(st.just(p.location),
                                   value if required else st.one_of(st.just(OMIT), value))
    if case.method.deployment is not None:
        fields[case.method.deployment] = st.tuples(st.just(ParameterLocation.PATH), _PATH_TEXT)
    return st.fixed_dictionaries(fields).map(
        lambda d: {k: v for k, v in d.items() if v[1] is not OMIT})


@dataclass(frozen=True, slots=True)
class Run:
    """What every drawn call of one spec shares."""

    api: Api
    client: Any
    module: Any
    valid: Any
    sent: list[Sent]


def _drawn_calls(run: Run, case: sweep.Case) -> Any:
    """A hypothesis test that sends EXAMPLES drawn calls of `case` (run it to send them)."""
    found = sweep.body_schema(run.api, case.operation)
    body_node = case.operation.request_body
    pointer = body_node.content[found[0]].schema_id if found and body_node else None
    files = _binary_fields(run.api, found[1] if found else None)

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def call(data: st.DataObject) -> None:
        params = data.draw(_params(run.api, case))
        # the strategies also draw values just outside a schema's bounds (the models tests
        # want those): only schema-valid arguments are sent here
        assume(all(run.valid(p.schema_id, params[p.name][1]) for p in case.operation.parameters
                   if p.name in params and p.schema_id))
        body = data.draw(instances(run.api, found[1])) if found else None
        assume(body is None or run.valid(pointer, body))
        if found and found[0] == "multipart/form-data" and isinstance(body, dict):
            body = {k: (f"{k}.bin", v.encode()) if k in files else v for k, v in body.items()}
        wire = {k: v for k, (_, v) in params.items()}
        positional, keywords = sweep.arguments(run.api, case, body, wire)
        given_body = ({k: body[k] for k in _body_keys(case, keywords, body)}
                      if isinstance(body, dict) else body)
        run.sent.append(Sent(case, params, given_body))
        try:
            with warnings.catch_warnings():
                # deprecated operations and arguments warn (test_client_behaviour asserts it);
                # here only the request sent is compared
                warnings.simplefilter("ignore", DeprecationWarning)
                result = sweep.method(run.client, case.method.dotted)(*positional, **keywords)
            getattr(result, "close", lambda: None)()
        except run.module.APIError:
            pass  # `{}` is rarely a valid answer; the request is what is compared

    return call


def _binary_fields(api: Api, schema: Any) -> set[str]:
    """The body's file fields: properties that are binary strings."""
    from generator.ir import schema as s

    target = sweep._resolved(api, schema)
    if not isinstance(target, s.ObjectSchema):
        return set()
    return {k for k, v in target.properties.items()
            if isinstance(found := sweep._resolved(api, v), s.StringSchema)
            and (found.format == "binary" or "contentMediaType" in found.extra)}


def _body_keys(case: sweep.Case, keywords: dict[str, Any], body: dict[str, Any]) -> list[str]:
    """The body fields the method was actually given (read-only ones have no argument)."""
    names = {a.name: a.wire for a in case.method.arguments if a.location.value == "body"}
    return [names[k] for k in keywords if k in names and names[k] in body]


def _same(sent: Any, read: Any) -> bool:
    """Equal, allowing for openapi-core's datetimes (read back as ISO text) and bytes."""
    if sent == read:
        return True
    if isinstance(sent, dict) and isinstance(read, dict):
        return all(k in read and _same(v, read[k]) for k, v in sent.items())
    if isinstance(sent, list) and isinstance(read, list):
        return len(sent) == len(read) and all(map(_same, sent, read))
    if isinstance(sent, tuple) and len(sent) == 2 and isinstance(sent[1], bytes):
        return read == sent[1].decode("utf-8", errors="replace")  # a file: its content
    if isinstance(sent, str) and isinstance(read, str):
        try:
            return datetime.datetime.fromisoformat(sent) == datetime.datetime.fromisoformat(read)
        except ValueError:
            return False
    return isinstance(sent, int | float) and isinstance(read, int | float) and sent == read


def _mismatches(one: Sent, read: oracle.Unmarshalled, record: Recorded) -> list[str]:
    wrong = [f"openapi-core: {e}" for e in read.errors]
    where = {ParameterLocation.PATH: read.path, ParameterLocation.QUERY: read.query,
             ParameterLocation.COOKIE: read.cookie,
             ParameterLocation.HEADER: {k.lower(): v for k, v in read.header.items()}}
    for name, (location, value) in one.params.items():
        got = where[location].get(name.lower() if location is ParameterLocation.HEADER else name)
        if not _same(value, got) and not _same(str(value), got):
            wrong.append(f"{location.value} {name}: sent {value!r}, read {got!r}")
    body = read.body
    if _multipart_bytes_refused(wrong):
        # openapi-core 0.23 reads a multipart file part as bytes, then its 3.1 validator refuses
        # bytes for `type: string` (docs/testing.md): the parts are read here instead.
        wrong = [w for w in wrong if not _multipart_bytes_refused([w])]
        body = _multipart(record)
    if one.body is not None and not _same(one.body, body):
        wrong.append(f"body: sent {one.body!r}, read {body!r}")
    return wrong


def _multipart_bytes_refused(errors: list[str]) -> bool:
    return any(re.search(r"\[[\w/]+: b'.*' is not of type 'string'\]", e) for e in errors)


def _multipart(record: Recorded) -> dict[str, Any]:
    """A multipart body's fields: text as text, files as their content (decoded, as above)."""
    parsed = email.parser.BytesParser().parsebytes(
        f"Content-Type: {record.header('content-type')}\r\n\r\n".encode() + record.body)
    return {part.get_param("name", header="content-disposition"):
            part.get_payload(decode=True).decode("utf-8", errors="replace")
            for part in parsed.get_payload()}


def _server(api: Api) -> tuple[str, str]:
    """(scheme://host, base path) of the spec's first server, its variables at their defaults."""
    url = api.servers[0].url
    for name, variable in api.servers[0].variables.items():
        url = url.replace("{" + name + "}", variable.default)
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}", parts.path


@pytest.mark.parametrize("label", SHIPPED)
def test_what_you_pass_is_what_the_server_gets(label: str, fault: FaultHandle) -> None:
    if oracle.unavailable() is not None:
        tool_missing(f"openapi-core unavailable: {oracle.unavailable()}")
    spec = SPECS / f"{label}.yaml"
    api, module = sweep.api_of(spec), client_module(spec, "azure_" + label.replace("-", "_"))
    host, base = _server(api)
    client = module.Client(api_key="k", base_url=fault.url(base), max_retries=0)
    fault.script({"json": {}})
    run = Run(api=api, client=client, module=module, valid=_checker(spec), sent=[])
    for case in sweep.cases(spec, label):
        _drawn_calls(run, case)()
    sent = run.sent
    records = fault.requests()
    assert len(records) == len(sent)
    read = oracle.unmarshal(spec, host, records)
    wrong = [f"{one.case.id} {record.method} {record.path}?{record.query}: {'; '.join(bad)}"
             for one, record, answer in zip(sent, records, read, strict=True)
             if (bad := _mismatches(one, answer, record))]
    assert not wrong, f"{len(wrong)} of {len(sent)} requests read back differently:\n" + \
        "\n".join(wrong[:15])
    assert {one.case.key for one in sent} == {c.key for c in sweep.cases(spec, label)}


@pytest.mark.parametrize(("value", "encoded"), [
    ("a b", "a%20b"), ("50%", "50%25"), ("a/b", "a%2Fb"), ("a?b", "a%3Fb"), ("a#b", "a%23b"),
    ("é", "%C3%A9"), ("file-1.jsonl", "file-1.jsonl"), ("..", "%2E%2E"), (".", "%2E"),
])
def test_path_values_are_percent_encoded(value: str, encoded: str, fault: FaultHandle) -> None:
    module = client_module(SPECS / "v1.yaml", "azure_v1")
    fault.script({"json": {}})
    client = module.Client(api_key="k", base_url=fault.url("/openai/v1"), max_retries=0)
    with contextlib.suppress(module.APIError):
        client.files.retrieve(value)
    (seen,) = fault.requests()
    assert seen.path == f"/openai/v1/files/{encoded}"
