"""What a pack says (``pack_contents``): the contents page's fields, the notification
details through the answers template's fields, the names inside the .zip."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.documents.pack_contents import (
    AgencyLine,
    Entry,
    contents_context,
    notification_context,
    zip_name,
)
from shared.packs import MEETING
from tests.unit.documents.pack_fakes import PackCaseData, Step

NOW = datetime(2026, 12, 6, 17, 45, tzinfo=UTC)


def test_the_contents_page_lists_documents_and_agencies() -> None:
    context = contents_context(
        MEETING,
        "GSCP-2026-0001",
        "A Partnership",
        NOW,
        [Entry("Referral", 2), Entry("Notification details", 7)],
        [AgencyLine("O'Brien & Sons <Ltd>", "Not returned")],
        [AgencyLine("Metropolitan Police", "Not known to the agency (5 December 2026)")],
    )
    assert context["pack_title"] == "Rapid Review meeting pack"
    assert context["built_at"] == "5:45pm on 6 December 2026"
    assert context["entries"] == [
        {"title": "Referral", "page": "2"},
        {"title": "Notification details", "page": "7"},
    ]
    # printed literally by the renderer, which escapes: kept as typed here
    assert context["outstanding"] == [{"name": "O'Brien & Sons <Ltd>", "status": "Not returned"}]


def test_the_notification_details_are_the_steps_in_the_consoles_words() -> None:
    rationale = "A child was seriously harmed."
    case = PackCaseData(
        received_on=date(2026, 11, 20),
        aware_on=date(2026, 11, 19),
        steps={
            "decide_criteria": Step(
                "Record the decision on whether the criteria are met",
                date(2026, 11, 23),
                "The chair decided the criteria are met",
                reason=rationale,
                rows=(("Rationale for the decision", rationale),),
            ),
            "record_panel_notification": Step(
                "Record the notification to the national Panel",
                date(2026, 11, 24),
                "The local authority notified the national Panel",
                rows=(("DfE notification reference", "SIN-2026-000123"),),
            ),
        },
    )
    context = notification_context(case, "A Partnership", MEETING)
    assert context["document_title"] == "Notification details"
    pages = context["sections"][0]["pages"]
    assert [p["title"] for p in pages] == [
        "Dates",
        "Record the decision on whether the criteria are met",
        "Record the notification to the national Panel",
    ]
    assert pages[0]["rows"][0] == {
        "label": "Date the partnership became aware",
        "text": "19 November 2026",
    }
    decision = [r["label"] for r in pages[1]["rows"]]
    assert decision == ["Recorded", "Rationale for the decision"], "the reason once, not twice"


@pytest.mark.parametrize(
    ("position", "title", "name"),
    [
        (1, "Referral of a serious incident (Appendix i)",
         "01 Referral of a serious incident (Appendix i).docx"),
        (3, "Scoping return: O'Brien & Sons <Ltd>", "03 Scoping return - O'Brien & Sons Ltd.docx"),
        (12, "../../etc/passwd", "12 .. .. etc passwd.docx"),
        (4, "///", "04 Document.docx"),
    ],
)  # fmt: skip
def test_names_in_the_zip_are_safe_on_any_disk(position: int, title: str, name: str) -> None:
    assert zip_name(position, title) == name
