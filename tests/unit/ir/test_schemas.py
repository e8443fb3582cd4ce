"""Schema Objects -> IR kinds: every keyword kept, composition as written, refs as edges."""

from __future__ import annotations

import pytest

from generator.ir.schema import (
    NO_VALUE,
    AllOfSchema,
    AnySchema,
    ArraySchema,
    IntegerSchema,
    NeverSchema,
    NotSchema,
    NullSchema,
    NumberSchema,
    ObjectSchema,
    ReferenceSchema,
    StringSchema,
    UnionMode,
    UnionSchema,
    UnresolvedSchema,
)
from tests.unit.ir.conftest import Loader

HEAD = """\
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
"""


def schemas(from_yaml: Loader, body: str) -> dict[str, object]:
    api, _ = from_yaml(HEAD + body)
    return {name: api.schema(name) for name in api.schemas}


def test_scalar_kinds_keep_their_keywords(from_yaml: Loader) -> None:
    found = schemas(
        from_yaml,
        """\
    S: {type: string, format: date-time, minLength: 1, maxLength: 9, pattern: "^a", enum: [a, b],
        default: a, title: T, description: D, deprecated: true, readOnly: true, examples: [a]}
    N: {type: number, minimum: 0, exclusiveMaximum: 1.5, multipleOf: 0.5, format: double}
    I: {type: integer, const: 3, writeOnly: true}
    B: {type: boolean, default: false}
    Z: {type: "null"}
""",
    )
    s = found["S"]
    assert isinstance(s, StringSchema)
    assert (s.format, s.min_length, s.max_length, s.pattern) == ("date-time", 1, 9, "^a")
    assert (s.enum, s.default, s.title, s.description) == (("a", "b"), "a", "T", "D")
    assert s.deprecated and s.read_only and not s.write_only and s.examples == ("a",)
    n = found["N"]
    assert isinstance(n, NumberSchema)
    assert (n.minimum, n.exclusive_maximum, n.multiple_of, n.format) == (0, 1.5, 0.5, "double")
    i = found["I"]
    assert isinstance(i, IntegerSchema) and i.const == 3 and i.write_only
    assert found["B"].default is False  # type: ignore[attr-defined]
    assert isinstance(found["Z"], NullSchema)


def test_null_default_is_a_value(from_yaml: Loader) -> None:
    found = schemas(from_yaml, "    A: {type: [string, 'null'], default: null}\n    B: {}\n")
    assert found["A"].has_default and found["A"].default is None  # type: ignore[attr-defined]
    assert found["B"].default is NO_VALUE  # type: ignore[attr-defined]


def test_object_and_array(from_yaml: Loader) -> None:
    found = schemas(
        from_yaml,
        """\
    O:
      type: object
      required: [id]
      properties:
        id: {type: string}
        "a/b~c": {type: integer}
      additionalProperties: false
      patternProperties: {"^x-": {type: string}}
      minProperties: 1
      maxProperties: 5
      propertyNames: {pattern: "^[a-z]"}
    A: {type: array, items: {type: integer}, minItems: 1, maxItems: 3, uniqueItems: true}
    T: {type: array, prefixItems: [{type: string}, {type: integer}]}
    Implied: {properties: {x: {type: string}}}
""",
    )
    o = found["O"]
    assert isinstance(o, ObjectSchema)
    assert list(o.properties) == ["id", "a/b~c"] and o.required == ("id",)
    assert isinstance(o.additional_properties, NeverSchema)
    assert isinstance(o.pattern_properties["^x-"], StringSchema)
    assert (o.min_properties, o.max_properties) == (1, 5)
    assert isinstance(o.property_names, AnySchema)
    assert o.property_names.extra == {"pattern": "^[a-z]"}
    a = found["A"]
    assert isinstance(a, ArraySchema) and isinstance(a.items, IntegerSchema)
    assert (a.min_items, a.max_items, a.unique_items) == (1, 3, True)
    t = found["T"]
    assert isinstance(t, ArraySchema)
    assert [type(x) for x in t.prefix_items] == [StringSchema, IntegerSchema]
    assert isinstance(found["Implied"], ObjectSchema)


def test_extensions_and_rare_keywords_are_kept(from_yaml: Loader) -> None:
    found = schemas(
        from_yaml,
        """\
    X:
      type: string
      x-stainless-const: true
      x-oaiMeta: {example: "curl https://..."}
      contentMediaType: image/png
      $comment: why
      minItems: 1
""",
    )
    x = found["X"]
    assert x.extensions == {"x-stainless-const": True, "x-oaiMeta": {"example": "curl https://..."}}  # type: ignore[attr-defined]
    assert x.extra == {"contentMediaType": "image/png", "$comment": "why", "minItems": 1}  # type: ignore[attr-defined]


def test_unknown_type_is_kept(from_yaml: Loader) -> None:
    found = schemas(from_yaml, "    F: {type: file}\n")
    assert isinstance(found["F"], AnySchema) and found["F"].extra == {"type": "file"}  # type: ignore[attr-defined]


def test_type_list_is_a_union_with_per_type_keywords(from_yaml: Loader) -> None:
    found = schemas(
        from_yaml,
        "    U: {type: [string, integer, 'null'], maxLength: 3, minimum: 1, enum: [a, 1, null],"
        " description: d}\n",
    )
    u = found["U"]
    assert isinstance(u, UnionSchema) and u.mode is UnionMode.TYPES
    string, integer, null = u.members
    assert isinstance(string, StringSchema) and string.max_length == 3 and string.enum is None
    assert isinstance(integer, IntegerSchema) and integer.minimum == 1
    assert isinstance(null, NullSchema)
    assert u.enum == ("a", 1, None) and u.description == "d"


def test_composition_kept_as_written_with_base(from_yaml: Loader) -> None:
    found = schemas(
        from_yaml,
        """\
    Base: {type: object, properties: {kind: {type: string}}}
    Cat:
      allOf:
        - $ref: '#/components/schemas/Base'
        - {type: object, properties: {meow: {type: boolean}}}
      type: object
      required: [kind]
      description: a cat
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
      discriminator:
        propertyName: kind
        mapping: {cat: '#/components/schemas/Cat', dog: Dog}
    Id:
      anyOf: [{type: string}, {type: integer}]
    NotNull:
      not: {type: "null"}
""",
    )
    cat = found["Cat"]
    assert isinstance(cat, AllOfSchema) and cat.description == "a cat"
    first, second = cat.members
    assert isinstance(first, ReferenceSchema) and first.target == "#/components/schemas/Base"
    assert isinstance(second, ObjectSchema) and list(second.properties) == ["meow"]
    assert isinstance(cat.base, ObjectSchema) and cat.base.required == ("kind",)
    assert cat.base.description is None  # annotations stay outside
    pet = found["Pet"]
    assert isinstance(pet, UnionSchema) and pet.mode is UnionMode.ONE_OF
    assert pet.discriminator is not None and pet.discriminator.property_name == "kind"
    assert pet.discriminator.mapping == {
        "cat": "#/components/schemas/Cat",
        "dog": "#/components/schemas/Dog",
    }
    assert isinstance(found["Id"], UnionSchema) and found["Id"].mode is UnionMode.ANY_OF  # type: ignore[attr-defined]
    not_null = found["NotNull"]
    assert isinstance(not_null, NotSchema) and isinstance(not_null.negated, NullSchema)


def test_references_are_edges_and_recursion_is_finite(from_yaml: Loader) -> None:
    api, doc = from_yaml(
        HEAD
        + """\
    Node:
      type: object
      properties:
        value: {type: string}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        parent: {$ref: '#/components/schemas/Node'}
"""
    )
    node = api.schema("Node")
    assert isinstance(node, ObjectSchema)
    children = node.properties["children"]
    assert isinstance(children, ArraySchema) and isinstance(children.items, ReferenceSchema)
    assert api.resolve(children.items) is node
    assert api.resolve(node.properties["parent"]) is node
    assert doc.diagnostics == ()
    assert repr(node)  # finite


def test_ref_siblings_in_3_1_keep_annotations_and_assertions(from_yaml: Loader) -> None:
    found = schemas(
        from_yaml,
        """\
    A: {type: string}
    B: {$ref: '#/components/schemas/A', description: more, maxLength: 3}
""",
    )
    b = found["B"]
    assert isinstance(b, ReferenceSchema) and b.description == "more"
    assert isinstance(b.base, AnySchema) and b.base.extra == {"maxLength": 3}


def test_unresolved_ref_is_marked_and_reported(from_yaml: Loader) -> None:
    api, doc = from_yaml(
        HEAD
        + """\
    Tools:
      anyOf:
        - $ref: '#/components/schemas/WebSearchTool'
        - {type: string}
"""
    )
    tools = api.schema("Tools")
    assert isinstance(tools, UnionSchema)
    missing = tools.members[0]
    assert isinstance(missing, UnresolvedSchema)
    assert missing.ref == "#/components/schemas/WebSearchTool"
    assert [d.code for d in doc.diagnostics] == ["ref-missing"]


def test_nested_and_other_targets_are_addressable(from_yaml: Loader) -> None:
    api, _ = from_yaml(
        HEAD
        + """\
    A:
      type: object
      properties:
        inner: {type: object, properties: {deep: {type: integer}}}
        list: {type: array, items: {anyOf: [{type: string}, {type: integer}]}}
    B: {$ref: '#/components/schemas/A/properties/inner/properties/deep'}
    C: {$ref: '#/x-definitions/Thing'}
x-definitions:
  Thing: {type: boolean}
"""
    )
    deep = api.nodes["#/components/schemas/A/properties/inner/properties/deep"]
    assert isinstance(deep, IntegerSchema)
    member = api.nodes["#/components/schemas/A/properties/list/items/anyOf/1"]
    assert isinstance(member, IntegerSchema)
    assert api.resolve(api.schema("B")) is deep
    assert isinstance(api.resolve(api.schema("C")), type(api.nodes["#/x-definitions/Thing"]))
    assert api.nodes.is_root("#/x-definitions/Thing")
    assert "#/components/schemas/A/properties/nope" not in api.nodes
    with pytest.raises(KeyError):
        api.nodes["#/components/schemas/A/properties/nope"]


def test_boolean_schemas(from_yaml: Loader) -> None:
    found = schemas(from_yaml, "    T: true\n    F: false\n    E: {}\n")
    assert isinstance(found["T"], AnySchema) and isinstance(found["F"], NeverSchema)
    assert isinstance(found["E"], AnySchema)


def test_bare_types_share_one_object(from_yaml: Loader) -> None:
    found = schemas(from_yaml, "    A: {type: string}\n    B: {type: string}\n")
    assert found["A"] is found["B"]


def test_wrong_shapes_are_kept_not_fatal(from_yaml: Loader) -> None:
    found = schemas(
        from_yaml,
        "    W: {type: object, properties: [1, 2], required: yes, enum: 3, description: 5}\n",
    )
    w = found["W"]
    assert isinstance(w, ObjectSchema)
    assert w.extra["properties"] == [1, 2] and w.extra["required"] == "yes"
    assert w.extra["enum"] == 3 and w.extra["description"] == 5 and w.description is None
