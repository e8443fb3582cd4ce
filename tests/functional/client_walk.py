"""Run as a script: import a generated client package, walk every namespace of `Client` and
`AsyncClient` (loading every resource module) and print the number of methods of each."""

from __future__ import annotations

import functools
import importlib
import inspect
import sys
from typing import Any


def count(obj: Any, package: str, seen: set[int]) -> int:
    """Public methods of the resource classes reachable from `obj`."""
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    found = 0
    for cls in type(obj).__mro__:
        if not cls.__module__.startswith(f"{package}.resources"):
            continue
        for name, value in vars(cls).items():
            if isinstance(value, functools.cached_property):
                found += count(getattr(obj, name), package, seen)
            elif inspect.isfunction(value) and not name.startswith("_"):
                found += 1
    for name, value in vars(type(obj)).items():
        if isinstance(value, functools.cached_property) and name != "with_raw_response" \
                and type(obj).__module__ == f"{package}._client":
            found += count(getattr(obj, name), package, seen)
    return found


if __name__ == "__main__":
    name = sys.argv[1]
    package = importlib.import_module(name)
    sync = package.Client(api_key="k", base_url="http://127.0.0.1:9")
    async_ = package.AsyncClient(api_key="k", base_url="http://127.0.0.1:9")
    print(count(sync, name, set()), count(async_, name, set()))
