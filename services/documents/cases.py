"""How documents reads a case: through the scheduler's read model only."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from services.documents.ports import ReferralCase
from services.scheduler.readmodel import fetch_case


class SqlCaseReader:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def fetch(self, reference: str) -> ReferralCase | None:
        with self.engine.connect() as conn:
            return fetch_case(conn, reference)
