"""Questions and pages the two referral forms share (App. i and App. vi), in the seed's words.

Both forms ask the same things about the person referring, the child, the family, other
agencies and the chronology; where the seed words a row differently for App. vi, the
builder takes that wording as an argument.
"""

from __future__ import annotations

from shared.forms.choices import Choice, Option, YesNo, YesNoDetails
from shared.forms.model import Page
from shared.forms.questions import Address, Date, Email, LongText, Phone, ShortText, Time
from shared.forms.repeating import Repeating

NAME_MAX = 200
CHRONOLOGY_NOTE = (
    "PLEASE NOTE: This should only include key events and DOES NOT need to be a detailed "
    "chronology at this stage."
)


def person_page(
    *,
    page_id: str,
    title: str,
    prefix: str,
    who: str,
    intro: tuple[str, ...] = (),
    name_label: str = "Name",
    agency_label: str = "Agency Designation and Title",
    agency_name: str = "the agency designation and title",
    phone_required: bool | None = None,
) -> Page:
    """Name, agency designation and title, and the seed's "Contact Details - Address,
    telephone number and e-mail address" as three questions.

    ``agency_name`` names the agency row in messages ("Enter {agency_name} of {who}");
    the telephone number is required of the referrer unless ``phone_required`` says.
    """
    if phone_required is None:
        phone_required = prefix == "referrer"
    return Page(
        id=page_id,
        title=title,
        intro=intro,
        questions=(
            ShortText(
                id=f"{prefix}_name",
                label=name_label,
                name=f"the name of {who}",
                max_length=NAME_MAX,
                autocomplete="name" if prefix == "referrer" else "",
            ),
            ShortText(
                id=f"{prefix}_agency",
                label=agency_label,
                name=f"{agency_name} of {who}",
                max_length=300,
                hint="For example, Designated Safeguarding Lead, Riverside Primary School",
                autocomplete="organization-title" if prefix == "referrer" else "",
            ),
            Address(
                id=f"{prefix}_address",
                label="Address",
                name=f"the address of {who}",
                hint="Contact details: the address of the agency or office",
                required=False,
            ),
            Phone(
                id=f"{prefix}_phone",
                label="Telephone number",
                name=f"the telephone number of {who}",
                required=phone_required,
                autocomplete="tel" if prefix == "referrer" else "",
            ),
            Email(
                id=f"{prefix}_email",
                label="E-mail address",
                name=f"the email address of {who}",
                autocomplete="email" if prefix == "referrer" else "",
            ),
        ),
    )


def child_page() -> Page:
    """1.1 Child's Details, the rows about who the child is."""
    return Page(
        id="child",
        title="Child's Details",
        questions=(
            ShortText(
                id="child_name", label="Name of Child", name="the child's name", max_length=NAME_MAX
            ),
            Date(
                id="child_date_of_birth",
                label="Date of Birth",
                name="the child's date of birth",
                hint="For example, 27 3 2007",
            ),
            Address(
                id="child_home_address",
                label="Home address",
                name="the child's home address",
                required=False,
            ),
            ShortText(
                id="child_gender",
                label="Gender",
                name="the child's gender",
                required=False,
                max_length=100,
            ),
            ShortText(
                id="child_ethnic_origin",
                label="Ethnic Origin",
                name="the child's ethnic origin",
                required=False,
                max_length=100,
            ),
            ShortText(
                id="child_faith",
                label="Faith/Religion",
                name="the child's faith or religion",
                required=False,
                max_length=100,
            ),
            LongText(
                id="child_disability",
                label="Disability",
                name="the child's disability",
                required=False,
                max_length=2_000,
                rows=3,
                hint="Leave blank if the child has no disability you know of",
            ),
        ),
    )


def circumstances_page(*, serious: bool) -> Page:
    """1.1 Child's Details, the yes/no rows and the incident (App. vi words some differently)."""
    services = "Early Help" if serious else "a Children & Families Practice"
    incident = (
        (
            Choice(
                id="incident_type",
                label="Date of Death or Serious Incident (please specify which)",
                name="whether the child died or was seriously harmed",
                options=(Option("death", "Death"), Option("serious-incident", "Serious incident")),
            ),
            Date(
                id="incident_date",
                label="Date of Death or Serious Incident",
                name="the date of the death or serious incident",
                hint="For example, 14 3 2026",
            ),
        )
        if serious
        else (
            Date(
                id="incident_date",
                label="Date of Incident (please specify which)",
                name="the date of the incident",
                hint="For example, 14 3 2026",
            ),
        )
    )
    later = (
        (
            YesNoDetails(
                id="criminal_investigation",
                label="Is this case known to be the subject of a criminal investigation?",
                name="the case is known to be the subject of a criminal investigation",
                details_label="If so, who is the lead investigator?",
                details_name="who the lead investigator is",
            ),
            YesNoDetails(
                id="coroners_inquiry",
                label="Is this case known to be the subject of a Coroner's Inquiry?",
                name="the case is known to be the subject of a Coroner's Inquiry",
                details_label="If so, who is the key contact?",
                details_name="who the key contact for the Coroner's Inquiry is",
            ),
            YesNoDetails(
                id="adult_safeguarding",
                label="Are there any adult safeguarding concerns and have these been shared via "
                "completing an Adult referral form?",
                name="there are adult safeguarding concerns shared by an Adult referral form",
                details_label="If so, who is the key contact?",
                details_name="who the key contact for the adult safeguarding concerns is",
            ),
        )
        if serious
        else ()
    )
    return Page(
        id="circumstances",
        title="Child's Details: circumstances and incident",
        questions=(
            YesNo(
                id="looked_after",
                label="Is the child/young person looked after?",
                name="the child or young person is looked after",
            ),
            YesNoDetails(
                id="child_protection_plan",
                label="Is the child/young person subject to a child protection plan or has "
                "been previously?",
                name="the child is or has been subject to a child protection plan",
                details_label="If so when, for what and for how long?",
                details_name="when, for what and for how long",
            ),
            YesNoDetails(
                id="open_to_social_care",
                label=f"Is the child/young person open to Children's Social Care or {services}?",
                name=f"the child is open to Children's Social Care or {services}",
                details_label="If so, who is the lead practitioner?",
                details_name="who the lead practitioner is",
            ),
            *incident,
            Address(
                id="incident_location",
                label="Address of location of incident",
                name="the address of the location of the incident",
            ),
            ShortText(
                id="carer_at_incident",
                label="Carer at time of incident",
                name="the carer at the time of the incident",
                max_length=300,
            ),
            *later,
        ),
    )


def family_page(*, page_id: str = "family-members") -> Page:
    return Page(
        id=page_id,
        title="Details of Family Members and any Significant Others",
        repeating=Repeating(
            id="family_members",
            label="Details of Family Members and any Significant Others",
            item_name="family member or significant other",
            item_plural="family members or significant others",
            title_question="name",
            max_items=30,
            questions=(
                ShortText(id="name", label="Name", name="their name", max_length=NAME_MAX),
                Address(id="address", label="Address", name="their address", required=False),
                ShortText(
                    id="relationship",
                    label="Relationship to Child",
                    name="their relationship to the child",
                    max_length=100,
                    hint="For example, mother, stepfather, sibling, mother's partner",
                ),
                Date(
                    id="date_of_birth",
                    label="Date of Birth",
                    name="their date of birth",
                    required=False,
                    hint="For example, 27 3 1990",
                ),
                ShortText(
                    id="legal_status",
                    label="Legal Status",
                    name="their legal status",
                    required=False,
                    max_length=200,
                    hint="For example, parental responsibility, special guardian",
                ),
                ShortText(
                    id="ethnic_origin",
                    label="Ethnic Origin",
                    name="their ethnic origin",
                    required=False,
                    max_length=100,
                ),
            ),
        ),
    )


def agencies_page(*, title: str) -> Page:
    return Page(
        id="agencies",
        title=title,
        repeating=Repeating(
            id="agencies",
            label=title,
            item_name="agency",
            item_plural="agencies",
            title_question="agency",
            max_items=30,
            questions=(
                ShortText(id="agency", label="Agency", name="the agency", max_length=300),
                LongText(
                    id="contact",
                    label="Contact Details: Address, Telephone and E-mail",
                    name="the agency's contact details",
                    required=False,
                    max_length=1_000,
                    rows=4,
                ),
                LongText(
                    id="reason",
                    label="Reason for involvement (include whether current or not)",
                    name="the reason for involvement",
                    max_length=2_000,
                    rows=4,
                ),
            ),
        ),
    )


def background_page(*, note: str) -> Page:
    return Page(
        id="case-background",
        title="Case Background",
        intro=(note,),
        questions=(
            LongText(
                id="outline",
                label="Please provide a brief outline of the child and family circumstances "
                "and the incident that triggered this referral:",
                name="a brief outline of the child and family circumstances and the incident",
                rows=8,
            ),
            LongText(
                id="referral_reason",
                label="Please outline why you are making this referral:",
                name="why you are making this referral",
                rows=6,
            ),
        ),
    )


def chronology_page() -> Page:
    return Page(
        id="chronology",
        title="Chronology",
        intro=(
            "Please use the chronology table below to outline any events around the time of "
            "the incident.",
            CHRONOLOGY_NOTE,
        ),
        repeating=Repeating(
            id="chronology",
            label="Chronology",
            item_name="event",
            title_question="date",
            max_items=50,
            questions=(
                Date(
                    id="date",
                    label="Date",
                    name="the date of the event",
                    hint="For example, 14 3 2026",
                ),
                Time(
                    id="time",
                    label="Time",
                    name="the time of the event",
                    required=False,
                    hint="For example, 14:30 or 2:30pm. Leave blank if not known",
                ),
                LongText(id="event", label="Event", name="what happened", max_length=2_000, rows=4),
            ),
        ),
    )
