"""datamodel-code-generator's naming pieces against `generator.naming`: why specloom does not use
them (docs/architecture.md, "datamodel-code-generator"). DMCG is pinned; these facts are its."""

from __future__ import annotations

import datamodel_code_generator.reference as dmcg

from generator.naming import Namer
from generator.naming.words import pascal, snake

WIRES = ["model_config", "json", "schema", "fooBar", "foo-bar", "str", "élan", "class"]


def test_dmcg_field_resolver_leaves_names_that_break_basemodel() -> None:
    plain = dmcg.FieldNameResolver(snake_case_field=True)
    assert [plain.get_valid_name(n) for n in ("model_config", "json", "schema")] == [
        "model_config", "json", "schema"]


def test_dmcg_pydantic_resolver_misses_what_naming_handles() -> None:
    resolver = dmcg.PydanticFieldNameResolver(snake_case_field=True)
    theirs = {w: resolver.get_valid_name(w) for w in WIRES}
    assert theirs["fooBar"] == theirs["foo-bar"]  # two fields, one name: no collision handling
    assert theirs["str"] == "str"  # shadows the builtin the class's annotations use
    assert not theirs["élan"].isascii()
    ours = Namer().fields("#/components/schemas/X", {w: f"#/x/{w}" for w in WIRES})
    assert len(set(ours.values())) == len(WIRES)
    assert ours["str"] != "str" and all(n.isascii() and n.isidentifier() for n in ours.values())
    assert {ours[w] for w in ("model_config", "json", "schema")}.isdisjoint(
        {"model_config", "json", "schema"})


def test_dmcg_case_helpers_do_not_make_identifiers() -> None:
    names = ["chat.completion", "foo-bar", "Weird Names", "200"]
    assert not any(dmcg.camel_to_snake(n).isidentifier() for n in names)
    assert not any(dmcg.snake_to_upper_camel(n).isidentifier() for n in names)
    assert all(snake(n).isidentifier() and pascal(n).isidentifier() for n in names)
