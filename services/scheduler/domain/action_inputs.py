"""The inputs of each staff action, in the forms' own words (App. iv and App. vi).

One tuple per action, in the order a form asks them; ``actions.py`` attaches each to its
action. A web form and a JSON body are both derived from these.
"""

from __future__ import annotations

from services.scheduler.domain.inputs import Input, Kind, Option, date_input, text_input
from services.scheduler.domain.meeting_time import DEFAULT_LENGTH_WORDS
from services.scheduler.domain.outcomes import CSPR_OUTCOMES, LFP_DECISIONS, OUTCOMES

LEADS_INFORMED = (date_input("informed_on", "the date the lead representatives were informed"),)

CRITERIA = (
    Input(
        "criteria",
        "Are the criteria for a serious child safeguarding incident met?",
        Kind.RADIOS,
        "Select whether the criteria are met",
        hint="Abuse or neglect of a child is known or suspected, and the child has died or "
        "been seriously harmed",
        options=(
            Option("met", "Yes, the criteria are met"),
            Option("not_met", "No, the criteria are not met"),
        ),
    ),
    text_input("rationale", "Rationale for the decision", "Enter the rationale for the decision"),
    date_input("decided_on", "the date of the decision"),
)

PANEL_NOTIFICATION = (
    date_input("notified_on", "the date the national Panel was notified"),
    Input(
        "dfe_reference",
        "DfE notification reference",
        Kind.TEXT,
        "Enter the DfE notification reference",
        hint="The reference the child safeguarding incident notification system gave",
        max_length=50,
        noun="The DfE notification reference",
    ),
)

#: App. iii's "Summary of Case" and "Indicative time period to be looked at" are written by
#: the partnership before the form goes out; every agency's form shows them
SCOPING_REQUESTS = (
    Input(
        "summary_of_case",
        "Summary of Case",
        Kind.TEXTAREA,
        "Enter a summary of the case",
        hint="Shown at the top of every agency's scoping form, behind its secure link. It is "
        "never put in an email",
        max_length=5000,
        noun="The summary of the case",
    ),
    Input(
        "time_period",
        "Indicative time period to be looked at",
        Kind.TEXT,
        "Enter the indicative time period to be looked at",
        hint="Good practice suggests that the time period examined should be limited. For "
        "example, from the child's birth in March 2024 to the incident",
        max_length=300,
        noun="The indicative time period",
    ),
    date_input("sent_on", "the date the requests are sent"),
)

_OUTSIDE_WINDOW = Input(
    "outside_window_reason",
    "If the date is outside working days 9 to 11, why? (optional otherwise)",
    Kind.TEXTAREA,
    "",
    required=False,
    max_length=2000,
    noun="The reason",
)
MEETING_DATE = (
    date_input(
        "meeting_on",
        "the date of the meeting",
        "Between working days 9 and 11 after the national Panel was notified. "
        "For example, 27 3 2026",
        allow_future=True,
    ),
    _OUTSIDE_WINDOW,
    # what a calendar invitation needs (services/notifier/meeting_invitation.py): without a
    # start time no invitation is sent
    Input(
        "starts_at",
        "Start time (optional)",
        Kind.TEXT,
        "",
        hint="For example, 10am or 2:30pm. Everyone invited to the meeting is emailed a "
        "calendar invitation once a start time is given",
        required=False,
        max_length=20,
        noun="The start time",
    ),
    Input(
        "ends_at",
        "Finish time (optional)",
        Kind.TEXT,
        "",
        hint="For example, 12:30pm. If you leave it empty, the invitation is for "
        f"{DEFAULT_LENGTH_WORDS}",
        required=False,
        max_length=20,
        noun="The finish time",
    ),
    Input(
        "place",
        "Where (optional)",
        Kind.TEXT,
        "",
        hint="For example, Room 2, County Hall, or Online: Microsoft Teams link sent separately",
        required=False,
        max_length=200,
        noun="Where the meeting is",
    ),
)
MEETING_HELD = (
    date_input("held_on", "the date the meeting was held"),
    _OUTSIDE_WINDOW,
)

#: a lead representative's decision on the newest final report (the emailed link's form too)
RECOMMENDATION_DECISION = (
    Input(
        "decision",
        "Do you approve the Rapid Review's recommendation?",
        Kind.RADIOS,
        "Select whether you approve or disagree with the recommendation",
        hint="You decide for your safeguarding partner, on the version of the report shown",
        options=(
            Option("approve", "I approve the recommendation"),
            Option("disagree", "I disagree with the recommendation"),
        ),
    ),
    Input(
        "reasons",
        "Why do you disagree?",
        Kind.TEXTAREA,
        "Enter why you disagree with the recommendation",
        hint="Recorded on the case and shared with the other lead representatives and the "
        "chair in the console; it is never put in an email. The independent scrutineer "
        "then mediates",
        only_when=("decision", frozenset({"disagree"})),
        max_length=5000,
        noun="Why you disagree",
    ),
)

#: ``mediation_outcome``, not ``outcome``: that name is the case's App. iv outcome letter
MEDIATION = (
    Input(
        "scrutineer",
        "Name of the independent scrutineer",
        Kind.TEXT,
        "Enter the name of the independent scrutineer",
        max_length=200,
        noun="The independent scrutineer's name",
    ),
    date_input("mediated_on", "the date of the mediation"),
    Input(
        "result",
        "Result of the mediation",
        Kind.TEXTAREA,
        "Enter the result of the mediation",
        max_length=5000,
        noun="The result of the mediation",
    ),
    Input(
        "mediation_outcome",
        "What happens next?",
        Kind.RADIOS,
        "Select what happens next",
        options=(
            Option("agreed", "The partners agree the recommendation"),
            Option(
                "revise",
                "The report is to be revised and approved again",
                hint="A new final version of the report is made, and the three lead "
                "representatives are asked to approve it",
            ),
        ),
    ),
)

REPORT_SENT = (date_input("sent_on", "the date the report was sent"),)

PANEL_RESPONSE = (
    Input(
        "response",
        "Does the Panel agree with the recommendation?",
        Kind.RADIOS,
        "Select whether the Panel agrees with the recommendation",
        options=(
            Option("agrees", "Yes, the Panel agrees"),
            Option("does_not_agree", "No, the Panel does not agree"),
        ),
    ),
    date_input("responded_on", "the date of the Panel's response"),
    text_input("panel_comments", "What the Panel said"),
)

#: App. iv section 3: d and j ask "Please state"; not holding a CSPR needs other options
#: to have been considered (DOMAIN.md "Rules the system must enforce")
OUTCOME = (
    Input(
        "outcome",
        "After completing this Rapid Review it has been agreed that this case:",
        Kind.RADIOS,
        "Select the outcome",
        options=OUTCOMES,
    ),
    Input(
        "consideration_of",
        "Please state",
        Kind.TEXT,
        "Enter which review should be considered: DHR, SAR, MAPPA SFO or other",
        only_when=("outcome", frozenset({"d"})),
        max_length=500,
        noun="Which review should be considered",
    ),
    Input(
        "other_outcome",
        "Please state",
        Kind.TEXT,
        "Enter the other outcome",
        only_when=("outcome", frozenset({"j"})),
        max_length=500,
        noun="The other outcome",
    ),
    Input(
        "rationale",
        "Rationale for recommendation",
        Kind.TEXTAREA,
        "Enter the rationale for the recommendation",
        hint="When the decision is that a case does not meet the criteria for a Child "
        "Safeguarding Practice Review, other review options must be considered",
        max_length=5000,
        noun="The rationale for the recommendation",
    ),
    Input(
        "other_options_considered",
        "Other review options were considered",
        Kind.CONFIRM,
        "Confirm that other review options were considered",
        only_when=("outcome", frozenset(o.value for o in OUTCOMES) - CSPR_OUTCOMES),
    ),
    date_input("decided_on", "the date the outcome was agreed"),
)

AGENCIES_INFORMED = (
    date_input(
        "informed_on",
        "the date the agencies were informed",
        "Every agency on the case is emailed the outcome (the case reference and the outcome "
        "only) when you record this. For example, 27 3 2026",
    ),
)

SPECIAL_MEETING = (
    date_input("meeting_on", "the date of the special meeting", allow_future=True),
    text_input(
        "reason",
        "Why a special meeting is needed",
        "Enter why a special meeting is needed",
    ),
)

LFP_DECISION = (
    date_input("meeting_on", "the date of the meeting"),
    Input(
        "decisions",
        "What did the group decide?",
        Kind.CHECKBOXES,
        "Select what the group decided",
        hint="Select all that apply",
        options=LFP_DECISIONS,
        exclusive_error='Select what the group decided, or select "No further action"',
    ),
    text_input("notes", "Notes"),
)

CLOSE = (text_input("reason", "Why the case is being closed"),)

AWARENESS = (
    date_input(
        "aware_on",
        "the date the partnership became aware",
        "The Panel notification and Rapid Review deadlines will move. For example, 27 3 2026",
    ),
    text_input(
        "reason", "Why the date is being corrected", "Enter why the date is being corrected"
    ),
)
