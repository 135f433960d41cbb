"""``PackSource`` through the read models: the request and the case from the scheduler's,
the agencies' scoping returns from intake's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy.engine import Engine

from services.documents.pack_ports import PackCase, PackRequest, ScopingReturn
from services.documents.ports import RapidReviewReport
from services.intake.readmodel import fetch_scoping_returns
from services.scheduler.readmodel import fetch_pack_case, fetch_pack_request, fetch_report


class SqlPackSource:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def request(self, pack_id: int) -> PackRequest | None:
        with self.engine.connect() as conn:
            return fetch_pack_request(conn, pack_id)

    def case(self, reference: str) -> PackCase | None:
        with self.engine.connect() as conn:
            return fetch_pack_case(conn, reference)

    def returns(self, case_agency_ids: Iterable[int]) -> Mapping[int, ScopingReturn]:
        with self.engine.connect() as conn:
            return fetch_scoping_returns(conn, case_agency_ids)

    def report(self, reference: str, version: int | None) -> RapidReviewReport | None:
        with self.engine.connect() as conn:
            return fetch_report(conn, reference, version)
