"""The Rapid Review meeting: its date (the seed's window, working days 9 to 11 after the
Panel was notified; outside it needs a reason), who took part, and whether it was quorate.

To be quorate at least one representative of each safeguarding partner (the local
authority, the police and the health partner) must be present (App. iv; DOMAIN.md "Rules
the system must enforce"). An unquorate meeting may be recorded, and is flagged wherever
the meeting is shown: the Panel letter cannot say the review included every partner.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from services.scheduler.domain.inputs import Input, Kind, Option, clean_inputs
from services.scheduler.domain.routes import Route
from services.scheduler.domain.staff import Partner, Role
from services.scheduler.domain.states import CaseState

MEETING_CLOCK = "rapid_review_meeting"
NOT_A_PARTNER = "none"


@dataclass(frozen=True)
class Participant:
    id: int
    name: str
    job_role: str
    agency: str
    #: the safeguarding partner the person represents, or None
    partner: Partner | None = None


def missing_partners(participants: Iterable[Participant]) -> tuple[Partner, ...]:
    """The safeguarding partners with nobody present, in the seed's order."""
    present = {p.partner for p in participants}
    return tuple(
        p for p in (Partner.LOCAL_AUTHORITY, Partner.POLICE, Partner.HEALTH) if p not in present
    )


def quorate(participants: Iterable[Participant]) -> bool:
    return not missing_partners(participants)


_PHRASES = {
    Partner.LOCAL_AUTHORITY: "the local authority",
    Partner.POLICE: "the police",
    Partner.HEALTH: "the health partner",
}


def quorum_text(participants: Iterable[Participant]) -> str:
    """ "Quorate: …", or who is missing: "Not quorate: nobody from the police"."""
    missing = missing_partners(participants)
    if not missing:
        return "Quorate: the local authority, the police and the health partner were represented"
    names = [_PHRASES[p] for p in missing]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f"Not quorate: nobody from {listed}"


def outside_window(on: date, window: tuple[date | None, date] | None) -> bool:
    if window is None:
        return False
    opens, closes = window
    return on > closes or (opens is not None and on < opens)


PARTICIPANT_INPUTS: tuple[Input, ...] = (
    Input(
        "name",
        "Name",
        Kind.TEXT,
        "Enter the participant's name",
        max_length=200,
        noun="The participant's name",
    ),
    Input(
        "job_role",
        "Job Role/Title",
        Kind.TEXT,
        "Enter the participant's job role or title",
        max_length=200,
        noun="The job role or title",
    ),
    Input(
        "agency",
        "Agency/Organisation",
        Kind.TEXT,
        "Enter the participant's agency or organisation",
        max_length=300,
        noun="The agency or organisation",
    ),
    Input(
        "partner",
        "Which safeguarding partner do they represent?",
        Kind.RADIOS,
        "Select which safeguarding partner they represent, or that they do not represent one",
        hint="To be quorate at least one representative from each of the safeguarding "
        "partners needs to be present",
        options=(
            Option(Partner.LOCAL_AUTHORITY.value, "The local authority"),
            Option(Partner.POLICE.value, "The police"),
            Option(Partner.HEALTH.value, "The health partner"),
            Option(NOT_A_PARTNER, "None: another agency"),
        ),
    ),
)


class ParticipantErrors(ValueError):
    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


def check_participant(raw: Mapping[str, object], today: date) -> Participant:
    values, errors = clean_inputs(PARTICIPANT_INPUTS, raw, today)
    if errors:
        raise ParticipantErrors(errors)
    partner = str(values["partner"])
    return Participant(
        id=0,
        name=str(values["name"]),
        job_role=str(values["job_role"]),
        agency=str(values["agency"]),
        partner=None if partner == NOT_A_PARTNER else Partner(partner),
    )


#: who took part is recorded while the meeting is being arranged and held
PARTICIPANT_STATES = frozenset({CaseState.PANEL_NOTIFIED, CaseState.RAPID_REVIEW_SCOPING})
PARTICIPANT_KEEPERS = frozenset({Role.OPS, Role.CHAIR})


def participants_refusal(route: Route, state: CaseState, role: Role) -> str:
    """Why this person may not change who took part in the meeting now ("" when they may)."""
    if role not in PARTICIPANT_KEEPERS:
        return "Only the partnership operations team or the chair can record who took part."
    if route is not Route.SERIOUS_INCIDENT:
        return "Only a serious-incident case has a Rapid Review meeting."
    if state not in PARTICIPANT_STATES:
        return (
            f'The participants of a case in state "{state.label}" can no longer be changed: '
            "they are recorded until the meeting is recorded as held."
        )
    return ""
