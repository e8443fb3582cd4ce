"""The work done while another process diffs: what it picks, and that it changes no answer."""

from __future__ import annotations

from pathlib import Path

from generator.changelog import judge_history
from generator.changelog.prepare import changed_body_schemas
from generator.changelog.settings import ChangelogSettings
from generator.diff import diff_apis
from tests.unit.changelog.helpers import api_from_text

OLD = """
openapi: 3.1.0
info: {title: Prepare, version: "1"}
paths:
  /a:
    post:
      requestBody:
        content:
          application/json: {schema: {$ref: "#/components/schemas/A"}}
      responses: {"204": {description: ok}}
  /b:
    post:
      requestBody:
        content:
          application/json: {schema: {$ref: "#/components/schemas/B"}}
      responses: {"204": {description: ok}}
components:
  schemas:
    A: {type: object, properties: {inner: {$ref: "#/components/schemas/Inner"}}}
    Inner: {type: object, properties: {x: {type: string}}}
    B: {type: object, properties: {y: {type: string}}}
"""
NEW = OLD.replace("x: {type: string}", "x: {type: integer}")


def test_only_the_changed_bodies_and_what_they_reach(tmp_path: Path) -> None:
    old, new = api_from_text(tmp_path, "old", OLD), api_from_text(tmp_path, "new", NEW)
    found = changed_body_schemas(old, new)
    # /a's body reaches the changed `Inner`; /b's body is as it was
    assert "#/components/schemas/A" in found and "#/components/schemas/Inner" in found
    assert "#/components/schemas/B" not in found
    assert found == sorted(found)
    assert changed_body_schemas(old, old) == []


def test_preparing_while_diffing_changes_no_section(tmp_path: Path) -> None:
    def judged(prepared: bool) -> object:
        old, new = api_from_text(tmp_path, "old", OLD), api_from_text(tmp_path, "new", NEW)
        diff = diff_apis(old, new)
        sections, _ = judge_history([("1", old), ("2", new)], settings=ChangelogSettings(),
                                    diffs=(lambda: [diff]) if prepared else None)
        return sections

    assert judged(prepared=True) == judged(prepared=False)
