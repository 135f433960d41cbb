"""How documents reads a case, an agency's scoping request and a Rapid Review report
version: through the scheduler's read model only."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from services.documents.ports import RapidReviewReport, ReferralCase, ScopingRequest
from services.scheduler.readmodel import fetch_case, fetch_report, fetch_scoping_request


class SqlCaseReader:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def fetch(self, reference: str) -> ReferralCase | None:
        with self.engine.connect() as conn:
            return fetch_case(conn, reference)


class SqlScopingRequests:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def fetch(self, case_agency_id: int, serial: int) -> ScopingRequest | None:
        with self.engine.connect() as conn:
            return fetch_scoping_request(conn, case_agency_id, serial)


class SqlReportReader:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def fetch(self, reference: str, version: int) -> RapidReviewReport | None:
        with self.engine.connect() as conn:
            return fetch_report(conn, reference, version)
