"""Webhooks: the API sends the request, so what it holds is judged like a response."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.changelog import judge_pair
from generator.changelog.model import Changelog, Level, Section, Side
from generator.changelog.settings import ChangelogSettings
from generator.render.changelog import Format, render_changelog
from tests.unit.changelog.helpers import api_from_text
from tests.unit.changelog.kind_cases import S, operation, spec

B, W, I = Level.BREAKING, Level.WARNING, Level.INFO  # noqa: E741 (the levels' initials)
PET = {"$ref": "#/components/schemas/Pet"}


def _spec(pet: dict[str, Any], *, reply: dict[str, Any] | None = None,
          sig: dict[str, Any] | None = None, also_request: bool = False) -> str:
    """The webhook `POST petAdded` sends a Pet (with an `X-Sig` header of schema `sig`) and
    reads `reply`; with `also_request`, `POST /pets` takes a Pet too."""
    hook = operation(requestBody={"content": {"application/json": {"schema": PET}}},
                     parameters=[{"name": "X-Sig", "in": "header", "schema": sig or S}],
                     responses={"200": {"description": "ok", "content": {
                         "application/json": {"schema": reply or {"type": "object"}}}}})
    paths = {}
    if also_request:
        paths = {"/pets": {"post": operation(
            requestBody={"content": {"application/json": {"schema": PET}}})}}
    return spec(paths, {"schemas": {"Pet": pet}}, webhooks={"petAdded": {"post": hook}})


def _pet(kinds: list[str], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "required": required,
            "properties": {"id": S, "kind": {"type": "string", "enum": kinds}}}


def _judge(tmp: Path, old: str, new: str) -> Section:
    return judge_pair(api_from_text(tmp, "old", old), api_from_text(tmp, "new", new),
                      old_label="a", new_label="b", settings=ChangelogSettings())


def _found(section: Section) -> list[tuple[str, Level]]:
    return sorted((e.kind, e.level) for e in section.entries)


def test_a_wider_payload_may_break_receivers_and_a_narrower_one_is_safe(tmp_path: Path) -> None:
    old, new = _spec(_pet(["a", "b"], ["id", "kind"])), _spec(_pet(["a", "c"], ["id"]))
    assert _found(_judge(tmp_path, old, new)) == [
        ("response-property-became-optional", B),  # receivers may now get no `kind`
        ("response-property-enum-value-added", W),  # nor did they know `c`
        ("response-property-enum-value-removed", I),  # they will not get `b`: safe
    ]
    assert _found(_judge(tmp_path, new, old)) == [
        ("response-property-became-required", I), ("response-property-enum-value-added", W),
        ("response-property-enum-value-removed", I)]


def test_the_receivers_reply_is_judged_like_a_request(tmp_path: Path) -> None:
    reply = {"type": "object", "properties": {"ok": {"type": "boolean"}}}
    old = _spec(_pet(["a"], ["id"]), reply=reply)
    new = _spec(_pet(["a"], ["id"]), reply={**reply, "required": ["ok"]})
    # receivers must now send `ok`: what they sent before is refused
    assert _found(_judge(tmp_path, old, new)) == [("request-property-became-required", B)]


def test_a_header_the_api_sends_reads_like_a_response_header(tmp_path: Path) -> None:
    sig = {"type": "string", "enum": ["v1"]}
    old = _spec(_pet(["a"], ["id"]), sig={**sig, "enum": ["v1", "v0"]})
    new = _spec(_pet(["a"], ["id"]), sig={**sig, "enum": ["v1", "v2"]})
    assert _found(_judge(tmp_path, old, new)) == [
        ("response-header-enum-value-added", W), ("response-header-enum-value-removed", I)]


def test_a_schema_an_operation_takes_and_a_webhook_sends_is_judged_per_side(
        tmp_path: Path) -> None:
    old = _spec(_pet(["a", "b"], ["id"]), also_request=True)
    new = _spec(_pet(["a", "b", "c"], ["id"]), also_request=True)
    [entry] = _judge(tmp_path, old, new).entries
    # harmless for callers of POST /pets, a new value for receivers of the webhook: the worse
    assert (entry.kind, entry.level) == ("response-property-enum-value-added", W)
    assert [(r.operation, r.side, r.webhook) for r in entry.reach] == [
        ("POST /pets", Side.REQUEST, False), ("POST petAdded", Side.RESPONSE, True)]
    log = Changelog(title="T", versions=("a", "b"), sections=(_judge(tmp_path, old, new),))
    assert ("affects `POST /pets` (request), `POST petAdded` (payload)"
            in render_changelog(log, Format.MARKDOWN))
    [data] = json.loads(render_changelog(log, Format.JSON))["sections"][0]["entries"]
    assert [r["webhook"] for r in data["reach"]] == [False, True]


def test_webhook_payload_parts(tmp_path: Path) -> None:
    def hook(required: bool | None) -> str:
        op = operation()
        if required is not None:
            op["requestBody"] = {"required": required, "content": {"application/json": {
                "schema": S}}}
        return spec({}, webhooks={"h": {"post": op}})

    assert _found(_judge(tmp_path, hook(True), hook(False))) == [
        ("webhook-payload-became-optional", B)]
    assert _found(_judge(tmp_path, hook(False), hook(None))) == [("webhook-payload-removed", B)]
    assert _found(_judge(tmp_path, hook(None), hook(True))) == [("webhook-payload-added", I)]
