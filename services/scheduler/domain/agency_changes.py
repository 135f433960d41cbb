"""What staff type and change about a case's agencies: an agency's details (checked with
GOV.UK messages), who may change the agencies of a case and when, and what each change to
one agency asks for (a reason)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.scheduler.domain.agencies import NAME_MAX, AgencyDetails, AgencyKind, AgencyOnCase
from services.scheduler.domain.inputs import Input, Kind, Option, clean_inputs
from services.scheduler.domain.routes import Route
from services.scheduler.domain.staff import Role
from services.scheduler.domain.states import CaseState

REPRESENTATIVE_MAX = 200
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# --- what staff type about an agency ----------------------------------------------------

AGENCY_INPUTS: tuple[Input, ...] = (
    Input(
        "name",
        "Agency name",
        Kind.TEXT,
        "Enter the agency's name",
        max_length=NAME_MAX,
        noun="The agency's name",
    ),
    Input(
        "kind",
        "Type of agency",
        Kind.RADIOS,
        "Select the type of agency",
        options=tuple(Option(k.value, k.label) for k in AgencyKind),
    ),
    Input(
        "representative",
        "Named representative",
        Kind.TEXT,
        "Enter the name of the agency's representative",
        hint="The person the scoping letter is addressed to, usually the agency's "
        "safeguarding lead",
        max_length=REPRESENTATIVE_MAX,
        noun="The representative's name",
    ),
    Input(
        "email",
        "Representative's email address",
        Kind.TEXT,
        "Enter the representative's email address",
        hint="Use a secure email address: the scoping request and its link are sent there",
        max_length=320,
        noun="The email address",
    ),
    Input(
        "phone",
        "Telephone number (optional)",
        Kind.TEXT,
        "",
        required=False,
        max_length=50,
        noun="The telephone number",
    ),
)


class AgencyErrors(ValueError):
    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


def check_agency(raw: Mapping[str, object], today: date) -> AgencyDetails:
    """The checked details of an agency, or AgencyErrors (GOV.UK messages by input id)."""
    values, errors = clean_inputs(AGENCY_INPUTS, raw, today)
    email = str(values.get("email", "")).strip().lower()
    if email and not _EMAIL.match(email):
        errors["email"] = "Enter an email address in the correct format, like name@example.com"
    if errors:
        raise AgencyErrors(errors)
    return AgencyDetails(
        name=str(values["name"]),
        kind=str(values["kind"]),
        representative=str(values["representative"]),
        email=email,
        phone=str(values.get("phone", "")),
    )


# --- who may change a case's agencies, and when --------------------------------------------


class AgencyChange(StrEnum):
    ADD = "add"
    EDIT = "edit"
    REMOVE = "remove"
    SEND = "send"
    REVOKE = "revoke"
    REOPEN = "reopen"


#: the Rapid Review is under way: requests have gone out and the report has not
SCOPING_STATES = frozenset(
    {
        CaseState.RAPID_REVIEW_SCOPING,
        CaseState.RAPID_REVIEW_MEETING_HELD,
        CaseState.RECOMMENDATION_DISPUTED,
        CaseState.RECOMMENDATION_APPROVED,
    }
)
#: agencies may be listed from the referral's arrival until the report goes to the Panel
LISTING_STATES = SCOPING_STATES | {
    CaseState.REFERRAL_RECEIVED,
    CaseState.LEADS_INFORMED,
    CaseState.CRITERIA_MET,
    CaseState.PANEL_NOTIFIED,
}
AGENCY_KEEPERS = frozenset({Role.OPS, Role.CHAIR})


def change_refusal(route: Route, state: CaseState, role: Role, change: AgencyChange) -> str:
    """Why this person may not make ``change`` to the case's agencies now ("" when they may)."""
    if role not in AGENCY_KEEPERS:
        return "Only the partnership operations team or the chair can change a case's agencies."
    if route is not Route.SERIOUS_INCIDENT:
        return "Only a serious-incident case has agencies asked for scoping returns."
    if change in (AgencyChange.SEND, AgencyChange.REVOKE, AgencyChange.REOPEN):
        if state not in SCOPING_STATES:
            return (
                "Scoping requests are sent to the agencies with the case's action "
                '"Send scoping requests to the agencies", once the national Panel is notified; '
                "after that, until the report goes to the Panel, one agency's link can be sent "
                "again, withdrawn or its return reopened."
            )
        return ""
    if state not in LISTING_STATES:
        return (
            f'The agencies of a case in state "{state.label}" can no longer be changed: the '
            "Rapid Review report has gone to the Panel, or there is no Rapid Review."
        )
    return ""


#: what each change to one agency asks for: its page's heading, button and reason
@dataclass(frozen=True)
class ChangeForm:
    heading: str
    button: str
    inputs: tuple[Input, ...]
    warning: str = ""


def _reason(label: str, missing: str = "", hint: str = "") -> tuple[Input, ...]:
    shown = label if missing else f"{label} (optional)"
    return (
        Input(
            "reason",
            shown,
            Kind.TEXTAREA,
            missing,
            hint=hint,
            required=bool(missing),
            max_length=2000,
            noun="The reason",
        ),
    )


CHANGE_FORMS: Mapping[AgencyChange, ChangeForm] = {
    AgencyChange.REMOVE: ChangeForm(
        "Take {agency} off the case",
        "Take the agency off the case",
        _reason(
            "Why is the agency being taken off the case?",
            "Enter why the agency is being taken off the case",
        ),
        "Its link stops working at once. What it has returned is kept.",
    ),
    AgencyChange.SEND: ChangeForm(
        "Send the scoping request to {agency}",
        "Send the scoping request",
        _reason(
            "Why is it being sent now?",
            hint="For example, the agency was added after the requests went out, or the "
            "representative did not receive the email",
        ),
        "A new link, letter and email are sent to the representative. Any earlier link stops "
        "working; answers already saved are kept.",
    ),
    AgencyChange.REVOKE: ChangeForm(
        "Withdraw the link of {agency}",
        "Withdraw the link",
        _reason("Why is the link being withdrawn?", "Enter why the link is being withdrawn"),
        "The link stops working at once. You can send the agency a new one later.",
    ),
    AgencyChange.REOPEN: ChangeForm(
        "Reopen the scoping return of {agency}",
        "Reopen the return",
        _reason(
            "Why is the return being reopened?",
            "Enter why the return is being reopened",
            hint="The agency sees this when it opens its link",
        ),
        "The agency can change its answers through its link and must submit the form again.",
    ),
}


def not_ready_to_send(agencies: tuple[AgencyOnCase, ...]) -> str:
    """Why scoping requests cannot go to the case's agencies yet ("" when they can)."""
    if not agencies:
        return "Add the agencies involved in the case before sending scoping requests."
    missing = [a.name for a in agencies if not a.details.can_be_sent]
    if missing:
        return (
            "Give each agency a named representative and an email address before sending "
            f"scoping requests: {', '.join(missing)}."
        )
    return ""
