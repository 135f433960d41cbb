"""The scoping form (App. iii) pre-filled from the referral that opened the case.

The seed asks that Section 1, the composition of the child's family, be "completed BEFORE
the form is sent out": the child and the family members the referrer listed, in the stored
shapes of the scoping form's questions (dates ISO yyyy-mm-dd, addresses as their text).
``matches`` is never filled: each agency must check every person against its own records,
so the checker asks for it until they do.

Pure: answers in, answers out; no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from shared.forms.definitions.practice_learning import PRACTICE_LEARNING
from shared.forms.definitions.scoping import MAX_PEOPLE
from shared.forms.definitions.serious_incident import SERIOUS_INCIDENT

#: the referral forms whose answers name the child and family (their 1.1 and 1.2 pages)
PREFILLED_FROM = frozenset({SERIOUS_INCIDENT.id, PRACTICE_LEARNING.id})
SUBJECT_CHILD = "Subject child"


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
