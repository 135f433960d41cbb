"""Keyword-only test data for the Rapid Review's emails after its meeting (approval requests,
disagreement notices, the outcome to agencies)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.message import EmailMessage
from typing import Any

from services.notifier.messages import Kept, Outgoing
from services.notifier.rapid_review import ReviewSettings
from services.scheduler.readmodel import (
    AgencyContact,
    ApprovalRequest,
    LeadRepresentative,
    MeetingParticipant,
    PartnerDecision,
    ReportSnapshot,
)
from tests.unit.notifier.agency_factories import CHILD_NAME, referral_answers
from tests.unit.notifier.fakes import (
    FakeMailer,
    InMemoryApprovalRequests,
    InMemoryCaseAgencies,
    InMemoryLeadRepresentatives,
    InMemoryMessages,
    InMemoryReports,
)
from tests.unit.notifier.referrer_factories import answer_strings

REFERENCE = "GSCP-2026-0001"
OPS = "safeguarding-partnership@partnership.example"
CHAIR = "lfp-chair@partnership.example"
CONSOLE = "https://console.partnership.example"
#: a urlsafe token as the scheduler makes them (secrets.token_urlsafe(32))
TOKEN = "Qm3Zt8_pL2vXcR7nWk0YbH5eJs-9dUfGa4oKiN6wTyA"
LINK_ID = 7
LEAD_NAME = "Dana Okafor"
LEAD_EMAIL = "dana.okafor@police.example"
#: what the lead representatives wrote in disagreement: it names people
DISAGREEMENT_TEXT = f"DS Karen Whitfield disagrees: {CHILD_NAME}'s stepfather was not checked."
RECOMMENDATION_DETAILS = f"A Domestic Homicide Review naming {CHILD_NAME}'s mother."
LEADS = (
    LeadRepresentative("health", "Harriet Moss", "harriet.moss@icb.example"),
    LeadRepresentative("local_authority", "Lewis Grant", "lewis.grant@council.example"),
    LeadRepresentative("police", LEAD_NAME, LEAD_EMAIL),
)


def make_settings(
    *,
    partnership_name: str = "Greenwich Safeguarding Children Partnership",
    console_url: str = CONSOLE,
    chair_email: str = CHAIR,
    ops_email: str = OPS,
) -> ReviewSettings:
    return ReviewSettings(
        partnership_name=partnership_name,
        console_url=console_url,
        mail_from="cspr@partnership.example",
        contact_name="the Partnership Operations Team",
        contact_phone="020 8921 8732",
        contact_email=ops_email,
        chair_email=chair_email,
    )


def make_approval(
    *,
    link_id: int = LINK_ID,
    partner: str = "police",
    staff_name: str = LEAD_NAME,
    staff_email: str = LEAD_EMAIL,
    report_version: int = 2,
    expires_at: datetime = datetime(2026, 12, 18, 18, 30, tzinfo=UTC),
    revoked: bool = False,
    used: bool = False,
    decide_by: date | None = date(2026, 12, 17),
) -> ApprovalRequest:
    return ApprovalRequest(
        link_id=link_id,
        case_reference=REFERENCE,
        report_version=report_version,
        partner=partner,
        staff_name=staff_name,
        staff_email=staff_email,
        expires_at=expires_at,
        revoked=revoked,
        used=used,
        decide_by=decide_by,
    )


def report_answers(
    *, recommendation: str = "d", disagreement: str = "yes", **more: Any
) -> dict[str, Any]:
    """The answers of a Rapid Review report: the real sample referral's answers (which name
    the child), the recommendation with its details and the disagreement with what was said."""
    answers = referral_answers()
    answers.update(
        recommendation={"answer": recommendation, "details": RECOMMENDATION_DETAILS},
        disagreement={"answer": disagreement, "details": DISAGREEMENT_TEXT},
        rationale=f"{CHILD_NAME} was known to children's social care.",
        **more,
    )
    return answers


def make_report(
    *,
    reference: str = REFERENCE,
    version: int = 2,
    status: str = "final",
    answers: dict[str, Any] | None = None,
    decisions: tuple[PartnerDecision, ...] = (),
) -> ReportSnapshot:
    return ReportSnapshot(
        reference=reference,
        version=version,
        status=status,
        form_id="rapid-review-report",
        form_version=1,
        answers=report_answers() if answers is None else answers,
        finalised_at=datetime(2026, 12, 9, 15, tzinfo=UTC) if status == "final" else None,
        aware_on=date(2026, 11, 20),
        meeting_on=date(2026, 12, 7),
        participants=(MeetingParticipant(LEAD_NAME, "Detective Inspector", "Police", "police"),),
        decisions=decisions,
    )


def disagreed(partner: str = "police") -> PartnerDecision:
    return PartnerDecision(
        partner=partner,
        decision="disagreed",
        reasons=DISAGREEMENT_TEXT,
        decided_at=datetime(2026, 12, 10, 9, tzinfo=UTC),
        decided_by=LEAD_EMAIL,
    )


def make_agency(
    *,
    case_agency_id: int = 12,
    name: str = "Greenwich Police",
    representative: str = "Priya Shah",
    email: str = "priya.shah@police.example",
) -> AgencyContact:
    return AgencyContact(case_agency_id, name, representative, email)


class RecordingMessages(InMemoryMessages):
    """The fake store, keeping what each send recorded in ``notifier_message``."""

    def __init__(self) -> None:
        super().__init__()
        self.claimed: list[Outgoing] = []

    def record(
        self, outgoing: Outgoing, *, reference: str, now: datetime, kept: Kept | None
    ) -> None:
        self.claimed.append(outgoing)
        super().record(outgoing, reference=reference, now=now, kept=kept)


@dataclass
class Fakes:
    approvals: InMemoryApprovalRequests
    reports: InMemoryReports
    leads: InMemoryLeadRepresentatives
    agencies: InMemoryCaseAgencies
    mailer: FakeMailer
    messages: RecordingMessages


def make_fakes(
    *,
    approvals: tuple[ApprovalRequest, ...] = (),
    reports: tuple[ReportSnapshot, ...] = (),
    leads: tuple[LeadRepresentative, ...] = LEADS,
    agencies: tuple[AgencyContact, ...] = (),
) -> Fakes:
    return Fakes(
        approvals=InMemoryApprovalRequests(approvals),
        reports=InMemoryReports(reports),
        leads=InMemoryLeadRepresentatives(leads),
        agencies=InMemoryCaseAgencies((REFERENCE, a) for a in agencies),
        mailer=FakeMailer(),
        messages=RecordingMessages(),
    )


def parts(message: EmailMessage) -> list[str]:
    """Everything a reader of the message sees: subject, text, HTML and headers."""
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return [
        str(message["Subject"]),
        str(text.get_content()),
        str(html.get_content()),
        "\n".join(f"{k}: {v}" for k, v in message.items()),
    ]


def plain(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def personal_strings(answers: dict[str, Any]) -> Iterator[str]:
    """Every answer text long enough to be recognised, and the disagreement's own words."""
    yield from (value for value in answer_strings(answers) if len(value) >= 5)
    yield DISAGREEMENT_TEXT
    yield from ("Amelia", "Hartley", "14 March 2019", "Jo Example", "Whitfield")
