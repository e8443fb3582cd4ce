"""Run in a child: import a generated package and build every model, alias and TypedDict.

Exit 1 with the failures listed; the package must import nothing heavy (no pydantic).
"""

import importlib
import sys
import warnings

name = sys.argv[1]
package = importlib.import_module(name)
assert "pydantic" not in sys.modules, "importing the package imported pydantic"
from pydantic import BaseModel, TypeAdapter  # noqa: E402

failures = []
for public in package.__all__:
    obj = getattr(package, public)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            if isinstance(obj, type) and issubclass(obj, BaseModel):
                obj.model_rebuild(force=True)
            elif not (isinstance(obj, type) and hasattr(obj, "__required_keys__")):
                TypeAdapter(obj)
    except Exception as exc:
        failures.append(f"{public}: {type(exc).__name__}: {exc}")
print(f"{len(package.__all__)} names, {len(failures)} failures")
for line in failures[:20]:
    print(line)
sys.exit(1 if failures else 0)
