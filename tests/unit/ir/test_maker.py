"""ir.model.maker: a fast constructor that makes exactly what the class itself makes."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pytest

from generator.ir.model import MediaType, Parameter, ParameterLocation, maker
from generator.ir.schema import (
    SCHEMA_CLASSES,
    IntegerSchema,
    ObjectSchema,
    StringSchema,
    UnionMode,
    UnionSchema,
)


def _both(cls: Any, **kwargs: Any) -> tuple[Any, Any]:
    return cls(**kwargs), maker(cls)(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": "limit", "location": ParameterLocation.QUERY},
        {"name": "id", "location": ParameterLocation.PATH, "required": True, "schema_id": "#/x"},
    ],
)
def test_made_objects_equal_constructed_ones(kwargs: dict[str, Any]) -> None:
    built, made = _both(Parameter, **kwargs)
    assert type(made) is Parameter and made == built and hash(made) == hash(built)
    assert repr(made) == repr(built) and dataclasses.asdict(made) == dataclasses.asdict(built)
    assert pickle.loads(pickle.dumps(made)) == built


def test_made_objects_are_frozen_and_take_the_same_arguments() -> None:
    made = maker(MediaType)(schema_id="#/a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.schema_id = "#/b"  # type: ignore[misc]
    with pytest.raises(TypeError):
        maker(Parameter)(name="x")  # type: ignore[call-arg]  # location is required
    with pytest.raises(TypeError):
        maker(Parameter)("x", ParameterLocation.QUERY)  # type: ignore[misc]  # keywords only


def test_classes_it_cannot_build_identically_are_refused() -> None:
    @dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
    class WithFactory:
        items: list[int] = dataclasses.field(default_factory=list)

    with pytest.raises(AssertionError):
        maker(WithFactory)


@pytest.mark.parametrize(
    ("cls", "kwargs"),
    [
        (ObjectSchema, {"title": "t", "additional_properties": StringSchema(), "required": ("a",)}),
        (IntegerSchema, {"minimum": 0, "format": "int64", "deprecated": True}),  # two bases up
        (UnionSchema, {"mode": UnionMode.ONE_OF, "members": (StringSchema(), IntegerSchema())}),
        (StringSchema, {}),
    ],
)
def test_kinds_with_inherited_fields_are_made_as_their_class_makes_them(
    cls: Any, kwargs: dict[str, Any]
) -> None:
    built, made = _both(cls, **kwargs)
    assert type(made) is cls and made == built and hash(made) == hash(built)
    assert repr(made) == repr(built) and dataclasses.asdict(made) == dataclasses.asdict(built)
    assert pickle.loads(pickle.dumps(made)) == built
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.description = "other"
    with pytest.raises(TypeError):
        maker(cls)(nonsense=1)


def test_every_schema_kind_has_one_maker_that_refuses_what_its_class_refuses() -> None:
    for cls in SCHEMA_CLASSES:
        assert maker(cls) is maker(cls)  # made once per class
    with pytest.raises(TypeError):
        maker(UnionSchema)(mode=UnionMode.ANY_OF)  # members is required
