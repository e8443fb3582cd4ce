"""naming/: class, field and module names, collisions, and the lock."""

from __future__ import annotations

import keyword

import pytest

from generator.naming import LockError, NameLock, Namer, loads
from generator.naming.words import BASEMODEL_RESERVED, class_base, field_base, pascal, snake

S = "#/components/schemas/"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Pet", "Pet"),
        ("chat.completion.chunk", "ChatCompletionChunk"),
        ("foo_bar", "FooBar"),
        ("foo-bar", "FooBar"),
        ("HTTPError", "HTTPError"),
        ("2fa", "Schema2fa"),
        ("", "Schema"),
        ("Café", "Cafe"),
        ("名前", "Schema540d524d"),
        ("Any", "AnyModel"),
        ("Field", "FieldModel"),
        ("None", "NoneModel"),
    ],
)
def test_class_base(raw: str, expected: str) -> None:
    assert class_base(raw) == expected


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("name", "name"),
        ("fooBar", "foo_bar"),
        ("Foo-Bar", "foo_bar"),
        ("FOOBar", "foo_bar"),
        ("class", "class_"),
        ("from", "from_"),
        ("type", "type"),  # a soft keyword and builtin the code never uses: kept, as openai-python
        ("match", "match"),
        ("str", "str_"),
        ("list", "list_"),
        ("model_config", "model_config_"),
        ("model_extra", "model_extra_"),
        ("json", "json_"),
        ("schema", "schema_"),
        ("copy", "copy_"),
        ("dict", "dict_"),
        ("_id", "id"),
        ("$ref", "ref"),
        ("", "field"),
        ("200", "field_200"),
        ("1st", "field_1st"),
        ("名前", "field_540d_524d"),
        ("@odata.type", "odata_type"),
    ],
)
def test_field_base(wire: str, expected: str) -> None:
    assert field_base(wire) == expected
    assert expected.isidentifier() and not keyword.iskeyword(expected)


def test_basemodel_reserved_matches_pydantic() -> None:
    from pydantic import BaseModel

    public = {n for n in dir(BaseModel) if not n.startswith("_") and not n.startswith("model_")}
    assert public <= BASEMODEL_RESERVED  # plus `fields`, pydantic v1's


def test_snake_and_pascal_are_identifiers_for_anything() -> None:
    for raw in ["", " ", "\n", "{{x}}", "'''", "a\"b", "__import__('os')", "9", "ä", "-_-"]:
        assert pascal(raw).isidentifier() and snake(raw).isidentifier()


def test_case_and_punctuation_collisions_are_readable_and_deterministic() -> None:
    names = ["item", "Item", "foo-bar", "FooBar"]
    schemas = {n: S + n for n in names}
    got = Namer().components(schemas)
    assert got == {S + "Item": "Item", S + "item": "ItemModel", S + "FooBar": "FooBar",
                   S + "foo-bar": "FooBarModel"}
    reordered = dict(reversed(list(schemas.items())))
    assert Namer().components(reordered) == got


def test_field_collisions() -> None:
    namer = Namer()
    p = S + "A/properties/"
    got = namer.fields(S + "A", {"foo-bar": p + "foo-bar", "foo_bar": p + "foo_bar",
                                 "fooBar": p + "fooBar", "_id": p + "_id", "id": p + "id"})
    assert got == {"foo_bar": "foo_bar", "foo-bar": "foo_bar_", "fooBar": "foo_bar2",
                   "id": "id", "_id": "id_"}


def test_inline_names_come_from_the_path() -> None:
    namer = Namer()
    namer.components({"Pet": S + "Pet", "PetOwner": S + "PetOwner"})
    assert namer.inline(S + "Pet/properties/owner", S + "Pet", ("owner",)) == "PetOwnerModel"
    assert namer.inline(S + "Pet/properties/pet", S + "Pet", ("pet",)) == "PetPet"
    items = S + "Pet/properties/tags/items"
    assert namer.inline(items, S + "Pet", ("tags", "item")) == "PetTagsItem"
    assert namer.inline("#/paths/~1pets/post/requestBody", None, ("createPet", "request")) == (
        "CreatePetRequest"
    )


def test_lock_keeps_names_after_reordering_and_additions() -> None:
    first = Namer()
    first.components({"b": S + "b", "B": S + "B"})
    first.inline(S + "B/properties/x", S + "B", ("x",))
    first.fields(S + "B", {"foo-bar": S + "B/properties/foo-bar"})
    lock = loads(first.lock().dumps())
    assert lock.classes == {S + "B": "B", S + "b": "BModel", S + "B/properties/x": "BX"}
    second = Namer(lock)
    # A new exact `BX` component, a new `Bb`, and the order reversed: nothing existing moves.
    got = second.components({"BX": S + "BX", "B": S + "B", "b": S + "b"})
    assert got[S + "B"] == "B" and got[S + "b"] == "BModel" and got[S + "BX"] == "BXModel"
    assert second.inline(S + "B/properties/x", S + "B", ("x",)) == "BX"
    fields = second.fields(S + "B", {"foo_bar": S + "B/properties/foo_bar",
                                     "foo-bar": S + "B/properties/foo-bar"})
    assert fields == {"foo-bar": "foo_bar", "foo_bar": "foo_bar_"}


def test_lock_text_is_sorted_and_round_trips() -> None:
    lock = NameLock(classes={"#/b": "B", "#/a": "A"}, fields={}, modules={"#/a": "a"})
    text = lock.dumps()
    assert text.index('"#/a"') < text.index('"#/b"') and text.endswith("}\n")
    assert loads(text) == lock
    assert loads(None) == NameLock()


@pytest.mark.parametrize("text", ["[", "[]", '{"format": 2}', '{"format": 1, "classes": {"a": 1}}'])
def test_bad_lock_is_an_error(text: str) -> None:
    with pytest.raises(LockError):
        loads(text)


def test_modules_are_unique_and_not_reserved() -> None:
    namer = Namer()
    assert namer.module(S + "A", "HTTPError") == "http_error"
    assert namer.module(S + "B", "HttpError") == "http_error_"
    assert namer.module(S + "C", "Class") == "class_"


def test_path_words_repeated_by_the_next_are_said_once() -> None:
    from generator.naming import join_path

    assert join_path(("tracing", "Tracing Configuration")) == "TracingConfiguration"
    assert join_path(("tags", "item")) == "TagsItem"
    assert join_path(("owner", "", "address")) == "OwnerAddress"
    assert join_path(()) == "Schema"
