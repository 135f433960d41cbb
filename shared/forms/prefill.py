"""The scoping form (App. iii) pre-filled from the referral that opened the case, and the
Report of Rapid Review (App. iv) from the referral and the agencies' scoping returns.

The seed asks that Section 1, the composition of the child's family, be "completed BEFORE
the form is sent out": the child and the family members the referrer listed, in the stored
shapes of the scoping form's questions (dates ISO yyyy-mm-dd, addresses as their text).
``matches`` is never filled: each agency must check every person against its own records,
so the checker asks for it until they do.

The report's Section 1 (``report_answers``) gathers what the case already holds: the family
members the referrer listed and anyone an agency added, the referral's outline and each
agency's summary of its involvement, and the documents these came from. Staff edit all of
it before the meeting.

Pure: answers in, answers out; no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from shared.forms.definitions.practice_learning import PRACTICE_LEARNING
from shared.forms.definitions.rapid_review_report import MAX_FAMILY_MEMBERS
from shared.forms.definitions.scoping import MAX_PEOPLE
from shared.forms.definitions.serious_incident import SERIOUS_INCIDENT

#: the referral forms whose answers name the child and family (their 1.1 and 1.2 pages)
PREFILLED_FROM = frozenset({SERIOUS_INCIDENT.id, PRACTICE_LEARNING.id})
_CAPTIONS = {form.id: form.caption for form in (SERIOUS_INCIDENT, PRACTICE_LEARNING)}
SUBJECT_CHILD = "Subject child"
#: how the report's "Documentation available" names an agency's scoping return
SCOPING_DOCUMENT = "Initial Scoping and Information Sharing form"


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _iso_date(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _person(role: Any, name: Any, date_of_birth: Any, home_address: Any) -> dict[str, Any]:
    found = {
        "role": _text(role),
        "name": _text(name),
        "date_of_birth": _iso_date(date_of_birth),
        "home_address": _text(home_address),
    }
    return {key: value for key, value in found.items() if value is not None}


def family_composition(referral_form_id: str, answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Section 1's people from a referral's stored answers: the child, then each family
    member as the referrer gave them; nothing for a form that is not such a referral."""
    if referral_form_id not in PREFILLED_FROM:
        return []
    people = [
        _person(
            SUBJECT_CHILD,
            answers.get("child_name"),
            answers.get("child_date_of_birth"),
            answers.get("child_home_address"),
        )
    ]
    members = answers.get("family_members")
    for member in members if isinstance(members, list) else []:
        if not isinstance(member, Mapping):
            continue
        person = _person(
            member.get("relationship"),
            member.get("name"),
            member.get("date_of_birth"),
            member.get("address"),
        )
        if person:
            people.append(person)
    return people[:MAX_PEOPLE]


def prefilled_answers(referral_form_id: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The scoping form's answers before an agency opens it."""
    return {"family_composition": family_composition(referral_form_id, answers)}


def _key(name: Any) -> str:
    """A name as compared: "Jo  EXAMPLE " and "jo example" are one person."""
    return " ".join(name.split()).casefold() if isinstance(name, str) else ""


def _member(
    name: Any,
    address: Any,
    relationship: Any,
    date_of_birth: Any,
    legal_status: Any = None,
    ethnic_origin: Any = None,
) -> dict[str, Any]:
    """One row of the report's family members: the name, a new line, then the address."""
    lines = [text for text in (_text(name), _text(address)) if text]
    found = {
        "name_and_address": "\n".join(lines) or None,
        "relationship": _text(relationship),
        "date_of_birth": _iso_date(date_of_birth),
        "legal_status": _text(legal_status),
        "ethnic_origin": _text(ethnic_origin),
    }
    return {key: value for key, value in found.items() if value is not None}


def _listed(items: Any) -> list[Mapping[str, Any]]:
    return [i for i in items if isinstance(i, Mapping)] if isinstance(items, list) else []


def report_members(
    referral_form_id: str,
    referral_answers: Mapping[str, Any],
    returns: Sequence[tuple[str, Mapping[str, Any]]],
) -> list[dict[str, Any]]:
    """Each family member the referral lists, then each person an agency's scoping return
    added that is not yet listed by name; never the child, who is named above them."""
    referral = referral_answers if referral_form_id in PREFILLED_FROM else {}
    seen = {_key(referral.get("child_name"))} - {""}
    members: list[dict[str, Any]] = []
    for given in _listed(referral.get("family_members")):
        member = _member(
            given.get("name"),
            given.get("address"),
            given.get("relationship"),
            given.get("date_of_birth"),
            given.get("legal_status"),
            given.get("ethnic_origin"),
        )
        if member:
            members.append(member)
            seen.add(_key(given.get("name")))
    for _agency, answers in returns:
        for person in _listed(answers.get("family_composition")):
            name = _key(person.get("name"))
            if not name or name in seen or person.get("role") == SUBJECT_CHILD:
                continue
            seen.add(name)
            members.append(
                _member(
                    person.get("name"),
                    person.get("home_address"),
                    person.get("role"),
                    person.get("date_of_birth"),
                )
            )
    return members[:MAX_FAMILY_MEMBERS]


def report_answers(
    referral_form_id: str,
    referral_answers: Mapping[str, Any],
    returns: Sequence[tuple[str, Mapping[str, Any]]],
) -> dict[str, Any]:
    """The Report of Rapid Review's answers before staff open it.

    ``returns`` are (agency name, answers) of each agency that returned the scoping form, in
    the order they are to be shown. A case summary longer than its question allows is left
    so: the checker asks staff to shorten it, rather than anything being cut here.
    """
    referral = referral_answers if referral_form_id in PREFILLED_FROM else {}
    found: dict[str, Any] = {}
    child = _text(referral.get("child_name"))
    if child:
        found["child_name"] = child
    found["family_members"] = report_members(referral_form_id, referral_answers, returns)
    paragraphs = [_text(referral.get("outline"))]
    sources = [f"Referral ({_CAPTIONS[referral_form_id]})"] if referral_form_id in _CAPTIONS else []
    for agency, answers in returns:
        name = _text(agency) or "Agency"
        summary = _text(answers.get("involvement_summary"))
        paragraphs.append(f"{name}: {summary}" if summary else None)
        sources.append(f"{SCOPING_DOCUMENT}: {name}")
    case_summary = "\n\n".join(p for p in paragraphs if p)
    if case_summary:
        found["case_summary"] = case_summary
    if sources:
        found["documentation_available"] = "\n".join(sources)
    return found
