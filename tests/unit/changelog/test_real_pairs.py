"""Hand-verified notes for three real pairs: the two specs were read side by side (`diff` of
the files), what changed is written down below, and the entries must say exactly that: every
listed change, at its origin, with its level, and nothing else that is not documentation."""

from __future__ import annotations

import pytest

from generator.changelog import judge_pair
from generator.changelog.model import Entry, Level, Section
from generator.changelog.settings import ChangelogSettings
from generator.pipeline import build_ir
from tests.conftest import CORPUS, CORPUS_MISSING

B, W, I = Level.BREAKING, Level.WARNING, Level.INFO  # noqa: E741 (the levels' initials)

# (kind, area, the name it is about, level)
Row = tuple[str, str, str, Level]

# museum 1.1.1 -> 1.2.1: request/response schemas renamed and merged (SpecialEvent serves
# both), a webhook added. SpecialEventResponse required eventId, SpecialEvent does not;
# BuyMuseumTicketsResponse required ticketId, MuseumTicketsConfirmation does not; phone
# (optional) left the ticket purchase, eventName (optional) left its confirmation; email is
# no longer required by BuyMuseumTickets (its allOf lists no `required`). SpecialEvent, now
# also the POST request body, has the eventId CreateSpecialEventRequest lacked; a ticket
# purchase is now allOf [{email}, Ticket], so it gains Ticket.ticketId, and its confirmation
# (allOf [Ticket, ...]) gains Ticket.eventId.
MUSEUM: list[Row] = [
    ("request-property-added-optional", "schema SpecialEvent", "eventId", I),
    ("request-property-added-optional", "schema Ticket", "ticketId", I),
    ("response-property-added-optional", "schema Ticket", "eventId", I),
    ("response-property-became-optional", "schema SpecialEvent", "eventId", B),
    ("response-property-became-optional", "schema MuseumTicketsConfirmation", "ticketId", B),
    ("request-property-removed-optional", "schema BuyMuseumTickets", "phone", W),
    ("response-property-removed-optional", "schema MuseumTicketsConfirmation", "eventName", W),
    ("request-property-became-optional", "schema BuyMuseumTickets", "email", I),
    ("webhook-added", "POST publishNewEvent", "POST publishNewEvent", I),
]

# Azure 2024-08-01-preview -> 2024-09-01-preview: `details` left contentFilterDetailedResults'
# required list; max_completion_tokens, stream_options and parallel_tool_calls are new
# request properties; completion_tokens_details (with reasoning_tokens) a new usage field;
# the api-version example changed in all 42 operations (documentation, one entry).
AZURE: list[Row] = [
    ("response-property-became-optional", "schema contentFilterDetailedResults", "details", B),
    ("request-property-added-optional", "schema chatCompletionsRequestCommon",
     "max_completion_tokens", I),
    ("request-property-added-optional", "schema createChatCompletionRequest",
     "parallel_tool_calls", I),
    ("request-property-added-optional", "schema createChatCompletionRequest",
     "stream_options", I),
    ("request-property-added-optional", "schema createCompletionRequest", "stream_options", I),
    ("request-property-added-optional", "schema createRunRequest", "parallel_tool_calls", I),
    ("request-property-added-optional", "schema createThreadAndRunRequest",
     "parallel_tool_calls", I),
    ("response-property-added-optional", "schema runObject", "parallel_tool_calls", I),
    ("response-property-added-optional", "schema completionUsage",
     "completion_tokens_details", I),
]

# train-travel 1.0.0 -> 1.2.0: BookingPayment.source anyOf -> oneOf and its card's cvc
# integer -> string; the newBooking webhook's body became required (the API now always sends
# one: nothing breaks for its receivers); page/limit on the three
# list operations, coordinates/search/country on GET /stations; a Cache-Control header on
# five responses; trip items gained Links-Origin (`self`); a mock server; x-speakeasy-retries.
TRAIN: list[Row] = [
    ("request-property-became-one-of", "schema BookingPayment", "source", B),
    ("request-property-type-changed", "schema BookingPayment", "cvc", B),
    ("webhook-payload-became-required", "POST newBooking", "requestBody", I),
    ("new-optional-request-parameter", "API", "query/page", I),
    ("new-optional-request-parameter", "API", "query/limit", I),
    ("new-optional-request-parameter", "GET /stations", "query/coordinates", I),
    ("new-optional-request-parameter", "GET /stations", "query/search", I),
    ("new-optional-request-parameter", "GET /stations", "query/country", I),
    ("response-header-added", "API", "200 cache-control", I),
    ("response-property-added-optional", "schema Links-Origin", "self", I),
    ("api-server-added", "API", "https://try.microcks.io/rest/Train+Travel+API/1.0.0", I),
    ("api-extension-added", "API", "x-speakeasy-retries", I),
]


def _section(old: str, new: str) -> Section:
    if not CORPUS.is_dir():
        pytest.skip(CORPUS_MISSING)
    a, b = build_ir(CORPUS / old)[0], build_ir(CORPUS / new)[0]
    return judge_pair(a, b, old_label=a.label, new_label=b.label, settings=ChangelogSettings())


def _row(entry: Entry) -> Row:
    return entry.kind, entry.area, entry.params["name"], entry.level


@pytest.mark.corpus
@pytest.mark.parametrize(("old", "new", "expected"), [
    ("museum/2024-07-19.yaml", "museum/2024-11-20.yaml", MUSEUM),
    ("azure-openai-inference/2024-08-01-preview.yaml",
     "azure-openai-inference/2024-09-01-preview.yaml", AZURE),
    ("train-travel/2024-08-22.yaml", "train-travel/2024-12-23.yaml", TRAIN),
], ids=["museum", "azure", "train-travel"])
def test_the_notes_say_what_changed_and_nothing_else(old: str, new: str,
                                                     expected: list[Row]) -> None:
    section = _section(old, new)
    found = [_row(e) for e in section.entries if not e.docs_only]
    # museum's renamed schemas also move references: information, named as such
    renames = [r for r in found if r[0].endswith(("reference-changed", "probable-rename"))]
    assert all(r[3] is I for r in renames)
    assert sorted(r for r in found if r not in renames) == sorted(expected)


@pytest.mark.corpus
def test_one_entry_for_a_change_many_operations_share() -> None:
    section = _section("museum/2024-07-19.yaml", "museum/2024-11-20.yaml")
    [event_id] = [e for e in section.entries if e.kind == "response-property-became-optional"
                  and e.params["name"] == "eventId"]
    assert {r.operation for r in event_id.reach} == {
        "GET /special-events", "GET /special-events/{eventId}",
        "PATCH /special-events/{eventId}", "POST /special-events"}
    azure = _section("azure-openai-inference/2024-08-01-preview.yaml",
                     "azure-openai-inference/2024-09-01-preview.yaml")
    [usage] = [e for e in azure.entries if e.params["name"] == "completion_tokens_details"]
    assert [d.params["name"] for d in usage.details] == ["reasoning_tokens"]
