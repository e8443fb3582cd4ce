"""What every generated model does, run against the 3.1 kitchen-sink models in a child process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from generator.write import write_tree
from tests.models_support import FIXTURES, render

CHECKS = textwrap.dedent(
    """
    import sys, warnings
    import kitchen
    assert "pydantic" not in sys.modules  # the package imports lazily
    from pydantic import TypeAdapter, ValidationError
    from kitchen import Cat, Metadata, Mixed, Pet, PetStatus, Point, Tree, WeirdNames

    pets = TypeAdapter(Pet)
    # unknown fields are kept and dumped; an unknown enum value is kept as a string
    cat = pets.validate_python({"pet_type": "cat", "name": "Tom", "status": "adopted", "x": 1})
    assert isinstance(cat, Cat) and cat.model_extra == {"x": 1} and cat.status == "adopted"
    assert cat.model_dump(mode="json", by_alias=True, exclude_unset=True) == {
        "pet_type": "cat", "name": "Tom", "status": "adopted", "x": 1}
    # an unknown discriminator value gives the raw object
    raw = pets.validate_python({"pet_type": "parrot", "wings": 2})
    assert raw == {"pet_type": "parrot", "wings": 2} and isinstance(raw, dict)
    # known members are still validated
    for bad in ({"pet_type": "cat", "name": ""}, {"pet_type": "dog"}, {"pet_type": "cat",
                "name": "x", "lives": 10}):
        try:
            pets.validate_python(bad)
        except ValidationError:
            pass
        else:
            raise AssertionError(bad)
    # a union told apart by a const property (no discriminator keyword) is open too
    from kitchen import Event, EventCreated
    events = TypeAdapter(Event)
    assert isinstance(events.validate_python({"type": "created", "id": "1"}), EventCreated)
    assert events.validate_python({"type": "archived"}) == {"type": "archived"}
    try:
        events.validate_python({"type": "created"})
    except ValidationError:
        pass
    else:
        raise AssertionError("a known member with bad data was accepted")
    assert TypeAdapter(PetStatus).validate_python("sold") == "sold"
    assert TypeAdapter(Mixed).validate_python("new") == "new"
    assert TypeAdapter(Mixed).validate_python(None) is None
    assert TypeAdapter(Point).validate_python([1, 2]) == (1.0, 2.0)
    from kitchen import Range
    assert TypeAdapter(Range).validate_python([1]) == (1,)
    for bad in ([], [1, 2, 3], [1]):
        try:
            TypeAdapter(Point if bad == [1] else Range).validate_python(bad)
        except ValidationError:
            pass
        else:
            raise AssertionError(bad)
    # aliases both ways, reserved names renamed
    weird = WeirdNames.model_validate({"class": "c", "json": "j", "model_config": "m"})
    assert (weird.class_, weird.json_, weird.model_config_) == ("c", "j", "m")
    assert weird.model_dump(by_alias=True, exclude_unset=True) == {
        "class": "c", "json": "j", "model_config": "m"}
    # typed additionalProperties beside properties
    assert Metadata.model_validate({"kind": "k", "n": 1}).model_extra == {"n": 1}
    try:
        Metadata.model_validate({"n": "not an int"})
    except ValidationError:
        pass
    else:
        raise AssertionError("typed extra not validated")
    # recursion across two models
    tree = Tree.model_validate({"children": [{"value": 2}], "parent": {"trees": [{}]}})
    assert tree.children[0].value == 2.0
    # deprecated fields warn
    from kitchen import PetUpdate
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        PetUpdate(nickname="n").nickname
    assert any(issubclass(w.category, DeprecationWarning) for w in seen)
    # patternProperties: a typed map (keys matching no pattern take any value)
    from kitchen import Headers, Strict
    assert TypeAdapter(Headers).validate_python({"x-a": "b", "n": 1}) == {"x-a": "b", "n": 1}
    # dependentRequired, unevaluatedProperties: kept raw, so the model stays permissive
    assert Strict.model_validate({"a": 1, "c": 2}).model_extra == {"c": 2}
    # a request TypedDict keyed by wire names, in the functional form for a non-identifier
    from typing import get_type_hints
    from kitchen import CreatePetRequestParam
    assert set(get_type_hints(CreatePetRequestParam)) == {"pet", "dry_run", "@context"}
    assert CreatePetRequestParam.__required_keys__ == {"pet"}
    # defer_build: a model is not built when its module is imported, only on first use
    from kitchen import Forest
    assert not Forest.__pydantic_complete__
    Forest.model_validate({})
    assert Forest.__pydantic_complete__
    print("ok")
    """
)


def test_forward_compatible_and_still_validating(tmp_path: Path) -> None:
    write_tree(tmp_path / "proj", render(FIXTURES / "kitchen-31.yaml", "kitchen"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "proj")}
    result = subprocess.run([sys.executable, "-c", CHECKS], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
