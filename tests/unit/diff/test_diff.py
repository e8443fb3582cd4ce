"""The neutral diff: named fixture pairs, symmetry, 3.0/3.1 equivalence, sharing, cycles."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from generator.diff import Action, ApiDiff, Aspect, Change, Subject, diff_apis
from generator.ir.build import build_api
from generator.ir.model import Api
from generator.spec.load import load_spec
from tests.conftest import REPO

FIXTURES = REPO / "tests" / "fixtures"
CASES = FIXTURES / "diff"
NORMALIZE = FIXTURES / "normalize"


def _api(path: Path) -> Api:
    return build_api(load_spec(path))


def _pair(case: str) -> ApiDiff:
    return diff_apis(_api(CASES / case / "base.yaml"), _api(CASES / case / "revision.yaml"))


def _summary(diff: ApiDiff) -> set[tuple[str, str, str, str]]:
    return {
        (c.action.value, c.subject.value, c.aspect.value if c.aspect else "", c.name)
        for c in diff.changes
    }


# case -> records it must hold (action, subject, aspect, name); every case is checked for
# symmetry too.
EXPECTED: dict[str, set[tuple[str, str, str, str]]] = {}


def _expect(case: str, *rows: tuple[str, str, str, str]) -> None:
    EXPECTED[case] = set(rows)


_expect("operation-added", ("added", "operation", "", "GET /pets/{id}"))
_expect("operation-moved", ("moved", "operation", "path", "getPet"))
_expect("path-param-renamed", ("renamed", "parameter", "", "path/id -> path/pet_id"))
_expect("operation-deprecated", ("changed", "operation", "deprecated", "listPets"))
_expect("parameter-required", ("changed", "parameter", "required", "query/limit"))
_expect("header-case", )
_expect("property-added", ("added", "property", "", "age"))
_expect("required-added", ("added", "required", "", "name"))
_expect("enum-widened", ("added", "enum-value", "", '"bird"'))
_expect("type-changed", ("changed", "schema", "type", "age"))
_expect("nullable-added", ("changed", "schema", "nullable", "name"))
_expect("allof-moved-property", )
# a property declared again in a later allOf part: every declaration is compared
_expect("allof-property-redeclared", ("added", "property", "", "self"))
# a type list written as an anyOf of the same types (OpenAI's 3.1 nullables): no change
_expect("type-list-as-anyof", )
# a string that became anyOf [that string, enum [""]] (Stripe): a member added, no retyping
_expect("wrapped-in-anyof", ("added", "union-member", "", 'string [""]'))
_expect("oneof-member-added", ("added", "union-member", "", "Bird"))
_expect("property-renamed", ("probable-rename", "property", "", "name -> title"))
_expect("schema-renamed", ("probable-rename", "schema", "", "Pet -> Animal"))
_expect("shared-parameter", ("changed", "parameter", "required", "query/api-version"))
_expect("shared-schema", ("added", "property", "", "age"))
_expect("security-scheme-added", ("added", "security-scheme", "", "Bearer"))
_expect("server-changed", ("changed", "server", "url", "https://api.example.com/v1 -> https://api.example.com/v2"))
_expect("response-added", ("added", "response", "", "404"))
_expect("media-type-added", ("added", "media-type", "", "200 text/event-stream"),
        ("changed", "operation", "streaming", "listPets"))
_expect("extension-changed", ("changed", "extension", "value", "x-internal"))
_expect("constraint-changed", ("changed", "schema", "maxLength", "name"),
        ("added", "schema", "minimum", "age"))
_expect("discriminator-mapping", ("added", "discriminator-mapping", "", "bird"),
        ("added", "union-member", "", "Bird"))
_expect("webhook-added", ("added", "webhook", "", "POST newPet"))
_expect("tag-added", ("added", "tag", "", "animals"))


def test_every_case_has_a_fixture_pair_and_the_reverse() -> None:
    on_disk = {p.name for p in CASES.iterdir() if p.is_dir()}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_case(case: str) -> None:
    diff = _pair(case)
    found = _summary(diff)
    assert EXPECTED[case] <= found, sorted(found)
    if not EXPECTED[case]:
        assert found == set(), sorted(found)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_swapping_base_and_revision_gives_the_inverse_records(case: str) -> None:
    base, revision = _api(CASES / case / "base.yaml"), _api(CASES / case / "revision.yaml")
    forward = {_frozen(c.inverse()) for c in diff_apis(base, revision).changes}
    backward = {_frozen(c) for c in diff_apis(revision, base).changes}
    assert forward == backward


def _frozen(change: Change) -> str:
    return repr(change)


@pytest.mark.parametrize("rule", sorted(p.name for p in NORMALIZE.iterdir()))
def test_a_3_0_spec_and_its_3_1_conversion_differ_in_nothing(rule: str) -> None:
    diff = diff_apis(_api(NORMALIZE / rule / "3.0.yaml"), _api(NORMALIZE / rule / "3.1.yaml"))
    assert diff.changes == ()


def test_identical_specs_give_no_changes() -> None:
    api = _api(REPO / "specs" / "azure-openai" / "v1.yaml")
    assert diff_apis(api, api).empty


def test_a_shared_component_change_is_one_record() -> None:
    diff = _pair("shared-parameter")
    required = [
        c for c in diff.changes if c.aspect is Aspect.REQUIRED and c.subject is Subject.PARAMETER
    ]
    assert len(required) == 1
    assert required[0].old_at == "#/components/parameters/ApiVersion"
    # The API-level parameter it makes is that component: not a second record.
    assert [c for c in diff.changes if c.subject is Subject.API_PARAMETER] == []
    added = [c for c in _pair("shared-schema").changes if c.subject is Subject.PROPERTY]
    assert len(added) == 1 and added[0].new_at == "#/components/schemas/Pet/properties/age"


def test_recursive_schemas_finish(tmp_path: Path) -> None:
    def spec(extra: str) -> Path:
        text = f"""\
        openapi: 3.1.0
        info: {{title: t, version: '1'}}
        paths: {{}}
        components:
          schemas:
            Node:
              type: object
              properties:
                children: {{type: array, items: {{$ref: '#/components/schemas/Node'}}}}
                next: {{$ref: '#/components/schemas/Other'}}{extra}
            Other:
              allOf:
                - $ref: '#/components/schemas/Node'
                - {{type: object, properties: {{back: {{$ref: '#/components/schemas/Other'}}}}}}
        """
        path = tmp_path / f"s{len(extra)}.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    old, new = _api(spec("")), _api(spec("\n                label: {type: string}"))
    started = time.perf_counter()
    diff = diff_apis(old, new)
    assert time.perf_counter() - started < 1
    assert ("added", "property", "", "label") in _summary(diff)


def test_records_are_sorted_and_stable() -> None:
    first, second = _pair("property-added"), _pair("property-added")
    assert first == second
    assert list(first.changes) == sorted(first.changes, key=Change.key)
    assert all(isinstance(c.action, Action) for c in first.changes)


def test_a_diff_pickles_to_an_equal_one() -> None:
    # the forked child sends its diffs so (`ApiDiff.__reduce__`): every field comes back
    import pickle

    diffs = [_pair(case) for case in sorted(EXPECTED)]
    assert sum(len(d.changes) for d in diffs) > 20
    for diff in diffs:
        back = pickle.loads(pickle.dumps(diff, protocol=5))
        assert back == diff and back is not diff
        assert [repr(c) for c in back.changes] == [repr(c) for c in diff.changes]
        assert [c.inverse() for c in back.changes] == [c.inverse() for c in diff.changes]


def test_values_equal_but_of_another_type_are_changes(tmp_path: Path) -> None:
    # annotations equal in value and type are skipped whole: `1` -> `1.0` must still show
    text = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    N: {type: number, default: ONE, enum: [TWO], description: same}
    S: {type: string, description: same, x-kept: [1, 2]}
"""
    apis = []
    for name, one, two in (("a", "1", "2"), ("b", "1.0", "2.0")):
        path = tmp_path / f"{name}.yaml"
        path.write_text(text.replace("ONE", one).replace("TWO", two), encoding="utf-8")
        apis.append(_api(path))
    found = {(c.name, c.aspect.value if c.aspect else "", repr(c.old), repr(c.new))
             for c in diff_apis(*apis).changes}
    assert found == {("N", "default", "1", "1.0"), ("N", "const", "2", "2.0")}


def _inline_pet(tmp_path: Path, name: str, prop: str, fields: str) -> Api:
    text = f"""\
        openapi: 3.1.0
        info: {{title: t, version: '1'}}
        paths: {{}}
        components:
          schemas:
            Pet:
              type: object
              properties:
                {prop}: {{type: object, properties: {{{fields}}}}}
        """
    path = tmp_path / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return _api(path)


def test_a_renamed_property_is_found_whatever_the_order_of_its_fields(tmp_path: Path) -> None:
    old = _inline_pet(tmp_path, "old", "addr", "street: {type: string}, zip: {type: string}")
    new = _inline_pet(tmp_path, "new", "location", "zip: {type: string}, street: {type: string}")
    assert ("probable-rename", "property", "", "addr -> location") in _summary(diff_apis(old, new))


def test_values_equal_in_python_but_of_other_types_are_other_shapes(tmp_path: Path) -> None:
    old = _inline_pet(tmp_path, "old", "a", "n: {type: integer, default: 1}")
    new = _inline_pet(tmp_path, "new", "b", "n: {type: integer, default: true}")
    assert ("probable-rename", "property", "", "a -> b") not in _summary(diff_apis(old, new))
