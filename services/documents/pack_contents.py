"""What a pack says, as data: the contents page's fields, the notification details (printed
through the answers template), the agencies' lines, the names inside the .zip, and the
reason a failed build gives staff. Plain Python: no Flask, database or storage here."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from services.documents.common import check_reference, long_date, multi_line, one_line
from services.documents.fields import Field
from services.documents.pack_ports import PackCase, RecordedStep
from shared.govuk_dates import time_and_date
from shared.packs import MEETING, PackKind

#: the bookmark the agencies' returns sit under, and the pack's parts' titles
RETURNS_GROUP = "Scoping returns"
NOTIFICATION_TITLE = "Notification details"
NOT_STARTED = "The Report of Rapid Review has not been started."
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9 .,()'&-]+")


#: the fields of templates/pack_contents.docx (``contents_context``)
FIELDS = {
    "pack_title": Field("The pack's name, Rapid Review meeting pack", required=True),
    "reference": Field("The case reference, GSCP-2026-0001", required=True),
    "built_at": Field("When the pack was built, 5:45pm on 6 December 2026"),
    "description": Field("What the pack holds, in a sentence"),
    "entries": Field(
        "The documents in the pack, in order, each with .title and .page (its first page): "
        "loop over them with {%tr for entry in entries %}",
        required=True,
    ),
    "outstanding": Field(
        "The agencies whose scoping forms are outstanding, each with .name and .status"
    ),
    "not_known": Field(
        "The agencies to whom the child and family are not known, each with .name and .status"
    ),
}


def sample_contents(partnership_name: str, today: date) -> dict[str, Any]:
    """Made-up fields, for testing a template of the partnership's own."""
    entries = [
        Entry("Referral of a serious incident (Appendix i)", 2),
        Entry(NOTIFICATION_TITLE, 7),
        Entry("Scoping return: Example Primary School", 9),
    ]
    return contents_context(
        MEETING,
        "GSCP-2026-0001",
        partnership_name,
        datetime.combine(today, time(17, 45), tzinfo=UTC),
        entries,
        [AgencyLine("Example Health Visiting Service", "Not returned")],
        [AgencyLine("Example Police", f"Not known to the agency ({long_date(today)})")],
    )


@dataclass(frozen=True)
class Entry:
    """A line of the contents page: a part and the page it starts on."""

    title: str
    page: int


@dataclass(frozen=True)
class AgencyLine:
    """An agency listed on the contents page rather than holding a part of the pack."""

    name: str
    status: str


def contents_context(
    kind: PackKind,
    reference: str,
    partnership_name: str,
    built_at: datetime,
    entries: Sequence[Entry],
    outstanding: Sequence[AgencyLine] = (),
    not_known: Sequence[AgencyLine] = (),
) -> dict[str, Any]:
    """The fields of templates/pack_contents.docx."""
    return {
        "partnership_name": one_line(partnership_name),
        "pack_title": kind.title,
        "reference": check_reference(reference),
        "built_at": time_and_date(built_at),
        "description": kind.description,
        "entries": [{"title": one_line(e.title), "page": str(e.page)} for e in entries],
        "outstanding": [{"name": one_line(a.name), "status": a.status} for a in outstanding],
        "not_known": [{"name": one_line(a.name), "status": a.status} for a in not_known],
    }


def _rows(pairs: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"label": one_line(label), "text": multi_line(text)} for label, text in pairs]


def _step_page(step: RecordedStep) -> dict[str, Any]:
    pairs = [("Recorded", step.summary), *step.rows]
    if step.reason and step.reason not in (text for _, text in step.rows):
        pairs.append(("Reason given", step.reason))
    return {"title": one_line(step.label), "rows": _rows(pairs), "entries": [], "empty": ""}


def notification_context(
    case: PackCase, partnership_name: str, meeting_kind: PackKind
) -> dict[str, Any]:
    """The fields of templates/answers.docx for the notification details: the dates the
    clocks run from, then each step recorded so far (the chair's decision, the Panel's
    notification, the scoping requests, the meeting's date), in the console's own words."""
    dates = {
        "title": "Dates",
        "rows": _rows(
            [
                ("Date the partnership became aware", long_date(case.aware_on)),
                ("Date of Referral", long_date(case.received_on)),
            ]
        ),
        "entries": [],
        "empty": "",
    }
    recorded = [_step_page(step) for step in case.steps.values()]
    return {
        "partnership_name": one_line(partnership_name),
        "document_title": NOTIFICATION_TITLE,
        "caption": meeting_kind.title,
        "reference": check_reference(case.reference),
        "referral_date": long_date(case.received_on),
        "sections": [
            {"title": "The notification and the steps since", "pages": [dates, *recorded]}
        ],
    }


def zip_name(position: int, title: str) -> str:
    """``03 Scoping return - Metropolitan Police.docx``: in pack order, safe on any disk."""
    cleaned = " ".join(_UNSAFE_NAME.sub(" ", title.replace(":", " -")).split())[:120]
    return f"{position:02d} {cleaned or 'Document'}.docx"
