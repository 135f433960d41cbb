"""The agencies of a case, pure: each agency's derived scoping status, when its link stops
working, whether every return is in, the details staff type, the agencies a referral names,
who may change a case's agencies and when, and the "Send scoping requests" action."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from services.scheduler.domain.agencies import (
    AgencyDetails,
    AgencyKind,
    AgencyOnCase,
    LinkFacts,
    ReturnFacts,
    ScopingStatus,
    all_returned,
    link_expiry,
    referral_agencies,
    same_agency,
    scoping_status,
)
from services.scheduler.domain.agency_changes import (
    SCOPING_STATES,
    AgencyChange,
    AgencyErrors,
    change_refusal,
    check_agency,
    not_ready_to_send,
)
from services.scheduler.domain.lifecycle import ActionRefused, CaseSnapshot, InputErrors
from services.scheduler.domain.routes import Route
from services.scheduler.domain.staff import Role
from services.scheduler.domain.states import CaseState
from tests.unit.scheduler.lifecycle_helpers import LA_LEAD, OPS, clock, plan, step, to_criteria_met

S = CaseState
DUE = date(2026, 11, 20)  # a Friday
SENT_AT = datetime(2026, 11, 13, 10, 0, tzinfo=UTC)


def link_facts(
    *,
    due_on: date = DUE,
    opened: bool = False,
    revoked: bool = False,
    serial: int = 1,
) -> LinkFacts:
    return LinkFacts(
        serial=serial,
        issued_at=SENT_AT,
        due_on=due_on,
        expires_at=link_expiry(due_on, 5),
        revoked_at=datetime(2026, 11, 16, 9, 0, tzinfo=UTC) if revoked else None,
        opened_at=datetime(2026, 11, 14, 9, 0, tzinfo=UTC) if opened else None,
    )


def return_facts(*, status: str = "draft", submitted: bool = False) -> ReturnFacts:
    return ReturnFacts(
        status=status,
        saved_at=datetime(2026, 11, 15, 11, 0, tzinfo=UTC),
        submitted_at=datetime(2026, 11, 15, 11, 0, tzinfo=UTC) if submitted else None,
        started_at=datetime(2026, 11, 14, 9, 0, tzinfo=UTC),
    )


def agency(
    *,
    id: int = 1,
    name: str = "Riverside Primary School",
    representative: str = "Ada Lovelace",
    email: str = "dsl@riverside.example",
    link: LinkFacts | None = None,
) -> AgencyOnCase:
    details = AgencyDetails(name=name, kind="education", representative=representative, email=email)
    return AgencyOnCase(id=id, details=details, link=link)


# --- scoping_status -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "returned", "today", "expected"),
    [
        pytest.param(None, None, DUE, ScopingStatus.NOT_SENT, id="not sent"),
        pytest.param(link_facts(), None, DUE, ScopingStatus.SENT, id="sent"),
        pytest.param(link_facts(opened=True), None, DUE, ScopingStatus.OPENED, id="opened"),
        pytest.param(
            link_facts(opened=True),
            return_facts(),
            DUE,
            ScopingStatus.DRAFT_SAVED,
            id="draft saved",
        ),
        pytest.param(
            link_facts(opened=True),
            return_facts(status="returned", submitted=True),
            DUE,
            ScopingStatus.RETURNED,
            id="returned",
        ),
        pytest.param(
            link_facts(opened=True),
            return_facts(status="not_known", submitted=True),
            DUE,
            ScopingStatus.NOT_KNOWN,
            id="not known",
        ),
        pytest.param(
            link_facts(),
            None,
            date(2026, 11, 21),
            ScopingStatus.OVERDUE,
            id="overdue the day after the due date",
        ),
        pytest.param(
            link_facts(opened=True),
            return_facts(),
            date(2026, 11, 21),
            ScopingStatus.OVERDUE,
            id="a draft is overdue after the due date",
        ),
        pytest.param(
            link_facts(opened=True),
            None,
            DUE,
            ScopingStatus.OPENED,
            id="not overdue on the due date",
        ),
        pytest.param(
            link_facts(revoked=True), None, DUE, ScopingStatus.LINK_WITHDRAWN, id="link withdrawn"
        ),
        pytest.param(
            link_facts(revoked=True),
            return_facts(),
            date(2026, 12, 1),
            ScopingStatus.LINK_WITHDRAWN,
            id="withdrawn rather than overdue",
        ),
        pytest.param(
            link_facts(opened=True),
            return_facts(status="returned", submitted=True),
            date(2027, 1, 4),
            ScopingStatus.RETURNED,
            id="a returned agency stays returned after its due date",
        ),
        pytest.param(
            link_facts(revoked=True),
            return_facts(status="not_known", submitted=True),
            date(2027, 1, 4),
            ScopingStatus.NOT_KNOWN,
            id="not known stays so when the link is withdrawn later",
        ),
    ],
)
def test_each_scoping_status(
    link: LinkFacts | None, returned: ReturnFacts | None, today: date, expected: ScopingStatus
) -> None:
    assert scoping_status(link, returned, today) is expected


def test_a_draft_only_opened_is_not_a_saved_draft() -> None:
    # intake makes the return when the link is first opened: until the agency saves it,
    # the agency has opened its link, nothing more
    opened_at = datetime(2026, 11, 14, 9, 0, tzinfo=UTC)
    made = ReturnFacts(status="draft", saved_at=opened_at, started_at=opened_at)
    assert scoping_status(link_facts(opened=True), made, DUE) is ScopingStatus.OPENED
    saved = replace(made, saved_at=datetime(2026, 11, 14, 9, 30, tzinfo=UTC))
    assert scoping_status(link_facts(opened=True), saved, DUE) is ScopingStatus.DRAFT_SAVED


def test_only_returned_and_not_known_count_as_done_and_each_has_a_label() -> None:
    assert {s for s in ScopingStatus if s.done} == {
        ScopingStatus.RETURNED,
        ScopingStatus.NOT_KNOWN,
    }
    assert ScopingStatus.NOT_KNOWN.label == "Not known to the agency"
    assert ScopingStatus.OVERDUE.tag_class == "govuk-tag--red"
    assert all(s.label and s.tag_class.startswith("govuk-tag--") for s in ScopingStatus)


# --- link_expiry ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_on", "grace_days", "utc"),
    [
        # British Summer Time begins on Sunday 29 March 2026
        (date(2026, 3, 27), 0, datetime(2026, 3, 27, 17, 0, tzinfo=UTC)),
        (date(2026, 3, 27), 5, datetime(2026, 4, 1, 16, 0, tzinfo=UTC)),
        (date(2026, 3, 30), 0, datetime(2026, 3, 30, 16, 0, tzinfo=UTC)),
        # and ends on Sunday 25 October 2026
        (date(2026, 10, 23), 0, datetime(2026, 10, 23, 16, 0, tzinfo=UTC)),
        (date(2026, 10, 23), 5, datetime(2026, 10, 28, 17, 0, tzinfo=UTC)),
        (date(2026, 10, 26), 0, datetime(2026, 10, 26, 17, 0, tzinfo=UTC)),
        # the grace days are calendar days, through a year's end
        (date(2026, 12, 29), 5, datetime(2027, 1, 3, 17, 0, tzinfo=UTC)),
    ],
    ids=str,
)
def test_a_link_expires_at_5pm_in_london_on_the_due_date_plus_the_grace_days(
    due_on: date, grace_days: int, utc: datetime
) -> None:
    expires = link_expiry(due_on, grace_days)
    assert expires == utc
    assert expires.astimezone(UTC) == utc
    assert (expires.hour, expires.minute) == (17, 0), "5pm on the London clock"


# --- all_returned --------------------------------------------------------------------------


def test_every_return_is_in_only_when_each_agency_returned_or_said_not_known() -> None:
    school, police = agency(id=1, link=link_facts()), agency(id=2, link=link_facts())
    returned = return_facts(status="returned", submitted=True)
    not_known = return_facts(status="not_known", submitted=True)
    assert not all_returned((), {}, DUE), "nothing was sent to no agencies"
    assert not all_returned((school, police), {}, DUE)
    assert not all_returned((school, police), {1: returned}, DUE)
    assert not all_returned((school, police), {1: returned, 2: return_facts()}, DUE)
    assert all_returned((school, police), {1: returned, 2: not_known}, DUE)
    assert all_returned((school, police), {1: returned, 2: not_known}, date(2027, 2, 1))
    # a return held for an agency no longer on the case does not count
    assert not all_returned((school, police), {1: returned, 3: returned}, DUE)


# --- check_agency --------------------------------------------------------------------------

GOOD = {
    "name": "Metropolitan Police",
    "kind": "police",
    "representative": "DI Sam Jones",
    "email": "sam.jones@police.example",
}


def agency_errors(**raw: object) -> dict[str, str]:
    with pytest.raises(AgencyErrors) as wrong:
        check_agency(raw, DUE)
    return wrong.value.errors


def test_an_agency_typed_in_is_checked_and_tidied() -> None:
    details = check_agency(
        {**GOOD, "name": "  Metropolitan Police ", "email": " Sam.Jones@Police.Example "}, DUE
    )
    assert details == AgencyDetails(
        name="Metropolitan Police",
        kind="police",
        representative="DI Sam Jones",
        email="sam.jones@police.example",
        phone="",
    )
    assert details.can_be_sent
    assert AgencyKind(details.kind).partner is not None


def test_an_empty_agency_has_an_error_for_each_required_detail() -> None:
    assert agency_errors() == {
        "name": "Enter the agency's name",
        "kind": "Select the type of agency",
        "representative": "Enter the name of the agency's representative",
        "email": "Enter the representative's email address",
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Enter the agency's name"),
        ("kind", "", "Select the type of agency"),
        ("kind", "spaceship", "Select the type of agency"),
        ("representative", "  ", "Enter the name of the agency's representative"),
        ("email", "", "Enter the representative's email address"),
        (
            "email",
            "not an address",
            "Enter an email address in the correct format, like name@example.com",
        ),
        (
            "email",
            "sam@police",
            "Enter an email address in the correct format, like name@example.com",
        ),
        (
            "email",
            "sam jones@police.example",
            "Enter an email address in the correct format, like name@example.com",
        ),
        ("name", "P" * 301, "The agency's name must be 300 characters or fewer"),
        ("representative", "R" * 201, "The representative's name must be 200 characters or fewer"),
        (
            "email",
            "s" * 310 + "@police.example",
            "The email address must be 320 characters or fewer",
        ),
        ("phone", "0" * 51, "The telephone number must be 50 characters or fewer"),
    ],
)
def test_each_wrong_detail_says_what_to_do(field: str, value: str, message: str) -> None:
    assert agency_errors(**{**GOOD, field: value}) == {field: message}


def test_the_longest_details_allowed_are_kept() -> None:
    details = check_agency({**GOOD, "name": "P" * 300, "representative": "R" * 200}, DUE)
    assert (len(details.name), len(details.representative)) == (300, 200)


# --- referral_agencies ---------------------------------------------------------------------


def test_the_agencies_a_referral_names_are_listed_once_each_with_reason_and_contact() -> None:
    found = referral_agencies(
        {
            "agencies": [
                {
                    "agency": "Riverside  Primary\nSchool",
                    "reason": "Current school",
                    "contact": "  Office, 020 7946 0001 ",
                },
                {"agency": "riverside primary school", "reason": "Said twice"},
                {"agency": "Health Visiting", "reason": "Saw the baby in May", "contact": ""},
                {"agency": "GP surgery"},
                {"agency": "   ", "reason": "no name"},
                {"reason": "no name either"},
                "Metropolitan Police",
                None,
                ["a", "list"],
            ]
        }
    )
    assert [(d.name, d.kind, d.representative, d.email) for d, _ in found] == [
        ("Riverside Primary School", "other", "", ""),
        ("Health Visiting", "other", "", ""),
        ("GP surgery", "other", "", ""),
    ]
    reasons = [reason for _, reason in found]
    assert reasons == [
        "Current school\n\nContact details given in the referral: Office, 020 7946 0001",
        "Saw the baby in May",
        "",
    ]
    assert not any(d.can_be_sent for d, _ in found), "ops add the representative and email"


def test_a_contact_without_a_reason_is_kept_and_a_long_name_is_cut() -> None:
    [(details, reason)] = referral_agencies(
        {"agencies": [{"agency": "N" * 400, "contact": "dsl@school.example"}]}
    )
    assert details.name == "N" * 300
    assert reason == "Contact details given in the referral: dsl@school.example"


@pytest.mark.parametrize(
    "answers",
    [{}, {"agencies": None}, {"agencies": "Riverside"}, {"agencies": {"agency": "x"}}],
    ids=str,
)
def test_a_referral_without_a_list_of_agencies_names_none(answers: dict[str, object]) -> None:
    assert referral_agencies(answers) == []


# --- change_refusal ------------------------------------------------------------------------

SI, PL = Route.SERIOUS_INCIDENT, Route.PRACTICE_LEARNING
LINK_CHANGES = (AgencyChange.SEND, AgencyChange.REVOKE, AgencyChange.REOPEN)
LIST_CHANGES = (AgencyChange.ADD, AgencyChange.EDIT, AgencyChange.REMOVE)
ONLY_KEEPERS = "Only the partnership operations team or the chair can change a case's agencies."
ONLY_SI = "Only a serious-incident case has agencies asked for scoping returns."
NOT_SCOPING = (
    "Scoping requests are sent to the agencies with the case's action \"Send scoping requests "
    'to the agencies", once the national Panel is notified; after that, until the report goes '
    "to the Panel, one agency's link can be sent again, withdrawn or its return reopened."
)
STATES = (
    S.REFERRAL_RECEIVED,
    S.CRITERIA_MET,
    S.PANEL_NOTIFIED,
    S.RAPID_REVIEW_SCOPING,
    S.RECOMMENDATION_APPROVED,
    S.REPORT_SENT_TO_PANEL,
    S.CRITERIA_NOT_MET,
    S.CLOSED,
)
LISTED_IN = {
    S.REFERRAL_RECEIVED,
    S.CRITERIA_MET,
    S.PANEL_NOTIFIED,
    S.RAPID_REVIEW_SCOPING,
    S.RECOMMENDATION_APPROVED,
}


def expected_refusal(role: Role, change: AgencyChange, state: CaseState, route: Route) -> str:
    if role not in (Role.OPS, Role.CHAIR):
        return ONLY_KEEPERS
    if route is not SI:
        return ONLY_SI
    if change in LINK_CHANGES:
        return "" if state in SCOPING_STATES else NOT_SCOPING
    if state in LISTED_IN:
        return ""
    return (
        f'The agencies of a case in state "{state.label}" can no longer be changed: the Rapid '
        "Review report has gone to the Panel, or there is no Rapid Review."
    )


@pytest.mark.parametrize("state", STATES, ids=str)
@pytest.mark.parametrize("change", list(AgencyChange), ids=str)
@pytest.mark.parametrize("role", list(Role), ids=str)
def test_who_may_change_a_case_s_agencies_and_when(
    role: Role, change: AgencyChange, state: CaseState
) -> None:
    assert change_refusal(SI, state, role, change) == expected_refusal(role, change, state, SI)


@pytest.mark.parametrize("change", list(AgencyChange), ids=str)
@pytest.mark.parametrize("role", list(Role), ids=str)
def test_a_practice_learning_case_has_no_agencies_to_change(
    role: Role, change: AgencyChange
) -> None:
    reason = change_refusal(PL, S.REFERRAL_RECEIVED, role, change)
    assert reason == (ONLY_SI if role in (Role.OPS, Role.CHAIR) else ONLY_KEEPERS)


def test_the_states_the_agencies_are_listed_and_sent_in() -> None:
    assert set(SCOPING_STATES) == {
        S.RAPID_REVIEW_SCOPING,
        S.RAPID_REVIEW_MEETING_HELD,
        S.RECOMMENDATION_DISPUTED,
        S.RECOMMENDATION_APPROVED,
    }
    # the list may be completed before the requests go, but no link is sent before then
    for change in LIST_CHANGES:
        assert change_refusal(SI, S.PANEL_NOTIFIED, Role.OPS, change) == ""
    for change in LINK_CHANGES:
        assert change_refusal(SI, S.PANEL_NOTIFIED, Role.CHAIR, change) == NOT_SCOPING
        assert change_refusal(SI, S.RAPID_REVIEW_MEETING_HELD, Role.OPS, change) == ""


# --- not_ready_to_send ---------------------------------------------------------------------


def test_why_the_requests_cannot_go_yet() -> None:
    assert not_ready_to_send(()) == (
        "Add the agencies involved in the case before sending scoping requests."
    )
    ready = agency(id=1, name="Metropolitan Police")
    assert not_ready_to_send((ready,)) == ""
    no_email = agency(id=2, name="Riverside Primary School", email="")
    no_one = agency(id=3, name="GP surgery", representative="")
    assert not_ready_to_send((ready, no_email, no_one)) == (
        "Give each agency a named representative and an email address before sending "
        "scoping requests: Riverside Primary School, GP surgery."
    )


# --- the "Send scoping requests" action ----------------------------------------------------

#: Wednesday 25 March 2026; Good Friday (3 April) and Easter Monday (6 April) follow
RECEIVED = date(2026, 3, 25)
NOTIFIED = date(2026, 3, 26)
SENT_ON = date(2026, 3, 30)
SCOPING_INPUTS = {
    "summary_of_case": "A child was seriously injured at home; neglect is suspected.",
    "time_period": "From the child's birth to the incident",
    "sent_on": SENT_ON.isoformat(),
}


def panel_notified(*agencies: AgencyOnCase) -> CaseSnapshot:
    case = step(
        "record_panel_notification",
        to_criteria_met(RECEIVED),
        {"notified_on": NOTIFIED.isoformat(), "dfe_reference": "CSIN-2026-123"},
        NOTIFIED,
        LA_LEAD,
    )
    # the Rapid Review meeting's date is set too ("Letter and scoping forms sent to all
    # agencies; meeting date set"), so the request is the last of that step
    done = {**case.done, "set_meeting_date": NOTIFIED}
    return replace(case, agencies=tuple(agencies), done=done)


def refused(case: CaseSnapshot) -> str:
    with pytest.raises(ActionRefused) as no:
        plan("send_scoping_requests", case, SCOPING_INPUTS, SENT_ON, OPS)
    return no.value.reason


def test_the_requests_are_refused_with_no_agencies_or_one_without_an_email() -> None:
    assert refused(panel_notified()) == (
        "Add the agencies involved in the case before sending scoping requests."
    )
    ready = agency(id=1, name="Metropolitan Police")
    assert refused(panel_notified(ready, agency(id=2, email=""))) == (
        "Give each agency a named representative and an email address before sending "
        "scoping requests: Riverside Primary School."
    )


def test_sending_the_requests_starts_the_return_clock_across_easter() -> None:
    school = agency(id=1)
    police = agency(id=2, name="Metropolitan Police", email="sam.jones@police.example")
    case = panel_notified(school, police)
    assert clock(case, "send_scoping_forms").due_on == SENT_ON, "2 working days after 26 March"

    planned = plan("send_scoping_requests", case, SCOPING_INPUTS, SENT_ON, OPS)

    # 31 March, 1, 2 April, (Good Friday, the weekend, Easter Monday), 7, 8 April
    due = date(2026, 4, 8)
    assert planned.to_state is S.RAPID_REVIEW_SCOPING
    assert planned.values["return_due_on"] == due
    assert planned.values["agency_ids"] == [1, 2]
    assert planned.values["summary_of_case"] == SCOPING_INPUTS["summary_of_case"]
    started = {c.key: c for c in planned.change.start}
    assert started["return_scoping_forms"].due_on == due
    assert [(m.key, m.on) for m in planned.change.met] == [("send_scoping_forms", SENT_ON)]
    assert planned.summary == (
        "Scoping requests sent on 30 March 2026 to 2 agencies: Riverside Primary School, "
        "Metropolitan Police; returns are due by 8 April 2026"
    )


def test_the_requests_cannot_be_dated_before_the_panel_was_notified() -> None:
    case = panel_notified(agency(id=1))
    with pytest.raises(InputErrors) as wrong:
        plan(
            "send_scoping_requests", case, {**SCOPING_INPUTS, "sent_on": "2026-03-25"}, SENT_ON, OPS
        )
    assert wrong.value.errors == {
        "sent_on": "The date the requests are sent must be the same as or after the date the "
        "national Panel was notified (26 March 2026)"
    }


def test_the_same_agency_however_its_name_was_typed() -> None:
    typed = AgencyDetails("  riverside   PRIMARY ", "education", "A Head", "a@s.example")
    assert same_agency(typed, AgencyDetails("Riverside Primary", "other", "B", "b@s.example"))
    assert not same_agency(typed, AgencyDetails("Riverside Secondary", "education", "A", "a@x"))
