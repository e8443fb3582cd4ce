"""openapi-core as the request oracle: recorded requests unmarshalled back against the spec.

openapi-core cannot live in the test venv (see oracle-requirements.lock), so this module has
two halves. The test side, `unmarshal(spec, host, records)`, sends the recorded requests as
JSON to `python -m tests.servers.oracle` run by build/oracle-venv; that side loads the spec
once and answers, per request, the errors openapi-core found and the parameters and body it
unmarshalled (dates, bytes and other non-JSON values as their text).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.servers.rig import REPO, Recorded

ORACLE_PYTHON = REPO / "build" / "oracle-venv" / "bin" / "python"


@dataclass(frozen=True, slots=True)
class Unmarshalled:
    """What openapi-core made of one request: its errors, parameters by location, body."""

    errors: tuple[str, ...]
    path: dict[str, Any]
    query: dict[str, Any]
    header: dict[str, Any]
    cookie: dict[str, Any]
    body: Any


def unavailable() -> str | None:
    """Why the oracle cannot run (its venv missing), or None."""
    if not ORACLE_PYTHON.exists():
        return f"{ORACLE_PYTHON} missing (make oracle, or make test, creates it)"
    return None


def unmarshal(spec: Path, host: str, records: list[Recorded]) -> list[Unmarshalled]:
    """openapi-core's reading of each recorded request, as if sent to `host` (scheme://host)."""
    payload = {
        "spec": str(spec),
        "host": host,
        "requests": [
            {"method": r.method, "path": r.path, "query": r.query,
             "headers": [list(h) for h in r.headers],
             "body_b64": base64.b64encode(r.body).decode()}
            for r in records
        ],
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    done = subprocess.run(
        [str(ORACLE_PYTHON), "-m", "tests.servers.oracle"], input=json.dumps(payload),
        capture_output=True, text=True, cwd=REPO, env=env, timeout=300, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"oracle failed: {done.stderr[-3000:]}")
    return [Unmarshalled(errors=tuple(a["errors"]), path=a["path"], query=a["query"],
                         header=a["header"], cookie=a["cookie"], body=a["body"])
            for a in json.loads(done.stdout)]


# ---- the oracle-venv side (imports openapi-core and werkzeug, which only that venv has) ----


def _plain(value: Any) -> Any:
    """Unmarshalled values as JSON: models and dicts as dicts, bytes and dates as text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "__dict__") and not hasattr(value, "isoformat"):
        return {k: _plain(v) for k, v in vars(value).items()}
    return str(value)


def _answer(openapi: Any, host: str, raw: dict[str, Any]) -> dict[str, Any]:
    from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest
    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Request

    builder = EnvironBuilder(
        method=raw["method"], base_url=host, path="/",
        query_string=raw["query"], headers=[tuple(h) for h in raw["headers"]],
        data=base64.b64decode(raw["body_b64"]),
    )
    # werkzeug's builder would read a `%23` in the path as the start of a fragment: the
    # WSGI path is set decoded, as a server sets it.
    environ = builder.get_environ()
    environ["PATH_INFO"] = urllib.parse.unquote(raw["path"], encoding="latin-1")
    result = openapi.unmarshal_request(WerkzeugOpenAPIRequest(Request(environ)))
    parameters = result.parameters
    return {
        "errors": [f"{type(e).__name__}: {e}" + _causes(e) for e in result.errors],
        "path": _plain(dict(parameters.path)) if parameters else {},
        "query": _plain(dict(parameters.query)) if parameters else {},
        "header": _plain(dict(parameters.header)) if parameters else {},
        "cookie": _plain(dict(parameters.cookie)) if parameters else {},
        "body": _plain(result.body),
    }


def _causes(error: BaseException) -> str:
    """The schema errors behind an openapi-core error, which its message leaves out."""
    inner = getattr(error, "schema_errors", None) or getattr(error.__cause__, "schema_errors", ())
    return "".join(f" [{'/'.join(map(str, e.absolute_path))}: {e.message}]" for e in inner)


def _main() -> int:
    from openapi_core import OpenAPI

    payload = json.load(sys.stdin)
    openapi = OpenAPI.from_file_path(payload["spec"])
    answers = [_answer(openapi, payload["host"], raw) for raw in payload["requests"]]
    json.dump(answers, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
