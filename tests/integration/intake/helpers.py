from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine, Row

from services.intake.tables import referral


def stored_rows(engine: Engine) -> list[Row[Any]]:
    with engine.connect() as conn:
        return list(conn.execute(select(referral).order_by(referral.c.id)))
