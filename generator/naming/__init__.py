"""Every Python name derived from a spec, and the name lock (DESIGN.md's `naming/` stage).

    namer = Namer(lock)                       # lock: NameLock from the previous run, or empty
    namer.components(api.schemas)             # component name -> node id
    namer.inline(pointer, parent_pointer, ("owner",))   # PetOwner
    namer.fields(class_pointer, {"foo-bar": pointer})   # {"foo-bar": "foo_bar"}
    namer.lock()                              # what to write to specloom.lock.json

Rules (unit-tested in tests/unit/naming/):
- component schemas: PascalCase of the component name (`chat.completion` -> ChatCompletion);
  inline schemas: the parent's class name + the PascalCase path from it (`Pet.owner.address`
  -> PetOwnerAddress; array items `Item`, map values `Value`), operation bodies from the
  operation (`createPet` -> CreatePetRequest); never a counter unless all else collides;
- fields: snake_case, the wire name kept as alias when it differs; keywords, builtins the
  generated code uses as types, BaseModel's attributes and `model_*` get a trailing `_`;
- collisions, case-insensitive: the exact spelling wins, then suffixes (see `space`);
- the lock wins over all rules for every pointer still present.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from generator.naming.lock import LOCK_FILE, LockError, NameLock, loads
from generator.naming.space import Claim, Namespace
from generator.naming.words import (
    RESERVED_CLASS_NAMES,
    class_base,
    field_base,
    module_base,
    pascal,
    snake,
    words,
)

__all__ = [
    "LOCK_FILE",
    "LockError",
    "NameLock",
    "Namer",
    "class_base",
    "field_base",
    "join_path",
    "loads",
    "pascal",
    "snake",
    "words",
]

# Module names the generated package keeps for itself.
RESERVED_MODULES = ("_base", "__init__", "py", "typing", "types")


def join_path(segments: Iterable[str]) -> str:
    """PascalCase path words, a word repeated by the next one said once.

    `("tracing", "Tracing Configuration")` -> `TracingConfiguration`, not
    `TracingTracingConfiguration`; empty segments (a nested union) add nothing.
    """
    parts: list[str] = []
    for segment in segments:
        if not words(segment):
            continue
        part = pascal(segment)
        if parts and part.startswith(parts[-1]):
            parts[-1] = part
        else:
            parts.append(part)
    return "".join(parts) or "Schema"


class Namer:
    """Assigns class, field and module names for one package, honouring a lock."""

    def __init__(self, lock: NameLock | None = None) -> None:
        self._lock = lock or NameLock()
        self._classes: dict[str, str] = {}
        self._fields: dict[str, str] = {}
        self._modules: dict[str, str] = {}
        self._class_space = Namespace(("Model", "Schema"), RESERVED_CLASS_NAMES)
        self._module_space = Namespace(("_",), RESERVED_MODULES)
        self._pending = dict(self._lock.classes)  # locked class names not yet handed out

    def components(self, schemas: Mapping[str, str]) -> dict[str, str]:
        """Class names for named component schemas ({name: pointer} -> {pointer: class})."""
        keys = set(schemas.values())
        # Reserve every locked name of an inline schema first, so a new component never
        # takes the name an existing inline schema is about to get back from the lock.
        for key, name in sorted(self._pending.items()):
            if key in keys:
                continue
            if name.isidentifier() and self._class_space.free(name):
                self._class_space.take(name)
            else:
                del self._pending[key]  # a duplicate or broken entry: named by rule instead
        claims = [Claim(key=ptr, base=class_base(name), raw=name) for name, ptr in schemas.items()]
        locked = {k: v for k, v in self._pending.items() if k in keys}
        got = self._class_space.assign(claims, locked)
        self._classes.update(got)
        for key in got:
            self._pending.pop(key, None)
        return got

    def inline(self, key: str, parent: str | None, segments: Iterable[str]) -> str:
        """A class name for an inline schema at `key`, from its parent's name and the path."""
        if key in self._classes:
            return self._classes[key]
        locked = self._pending.pop(key, None)
        if locked is not None and locked.isidentifier():
            name = locked  # reserved for this key since construction
        else:
            prefix = self._classes.get(parent, "") if parent is not None else ""
            name = self._class_space.allocate(class_base(prefix + join_path(segments)))
        self._classes[key] = name
        return name

    def derived(self, key: str, name: str, suffix: str) -> str:
        """A second class for the same schema (`PetParam`), keyed `key` + '|' + suffix."""
        return self.inline(f"{key}|{suffix.lower()}", None, (name + suffix,))

    def class_name(self, key: str) -> str | None:
        """The class name already assigned to `key`, if any."""
        return self._classes.get(key)

    def fields(self, class_key: str, wires: Mapping[str, str]) -> dict[str, str]:
        """Field names of one class ({wire name: pointer} -> {wire name: field name})."""
        space = Namespace(("_",))
        claims = [Claim(key=ptr, base=field_base(w), raw=w) for w, ptr in wires.items()]
        locked = {c.key: self._lock.fields[c.key] for c in claims if c.key in self._lock.fields}
        got = space.assign(claims, locked)
        self._fields.update(got)
        return {wire: got[ptr] for wire, ptr in wires.items()}

    def module(self, key: str, class_name: str) -> str:
        """The module that holds the class at `key` (snake_case of its name, locked)."""
        if key in self._modules:
            return self._modules[key]
        locked = self._lock.modules.get(key)
        if locked is not None and locked.isidentifier() and self._module_space.free(locked):
            self._module_space.take(locked)
            name = locked
        else:
            name = self._module_space.allocate(module_base(class_name))
        self._modules[key] = name
        return name

    def lock(self) -> NameLock:
        """The lock for this run: every name handed out (sorted when written)."""
        return NameLock(
            classes=dict(self._classes), fields=dict(self._fields), modules=dict(self._modules)
        )
