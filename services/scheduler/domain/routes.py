"""The two routes a referral can take (DOMAIN.md "The two routes")."""

from __future__ import annotations

from enum import StrEnum


class Route(StrEnum):
    SERIOUS_INCIDENT = "serious_incident"
    PRACTICE_LEARNING = "practice_learning"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Route.SERIOUS_INCIDENT: "Serious incident",
    Route.PRACTICE_LEARNING: "Practice learning",
}


def route_label(value: str) -> str:
    """The label of a stored route value; unknown values are shown as stored."""
    try:
        return Route(value).label
    except ValueError:
        return value
