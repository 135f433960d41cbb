"""What other services may read of intake's data: a submitted referral, read-only.

The scheduler's ``open_case`` job reads a referral through this module; nothing outside
intake writes intake tables or imports anything else from intake.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services.intake.tables import referral

#: keys of ``answers`` for a serious-incident referral (App. i) in the first slice
SERIOUS_INCIDENT_KEYS = (
    "child_name",  # Name of Child
    "child_date_of_birth",  # Date of Birth, ISO yyyy-mm-dd
    "referrer_name",  # Name of Person Making referral
    "referrer_agency",  # Agency Designation and Title
    "referrer_email",  # e-mail address (from Contact Details)
    "outline",  # brief outline of the child and family circumstances and incident
)


@dataclass(frozen=True)
class ReferralSnapshot:
    id: int
    reference: str
    kind: str
    received_at: datetime
    answers: dict[str, Any]


def fetch_referral(conn: Connection, referral_id: int) -> ReferralSnapshot | None:
    row = conn.execute(select(referral).where(referral.c.id == referral_id)).first()
    if row is None:
        return None
    return ReferralSnapshot(
        id=row.id,
        reference=row.reference,
        kind=row.kind,
        received_at=row.received_at,
        answers=dict(row.answers),
    )
