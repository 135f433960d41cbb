"""All scoping returns in, end to end: agencies answer through intake's scoping journey, the
scheduler's record_scoping_activity jobs meet the return clock and ask the notifier, whose
job emails the ops team over SMTP to a real server, once per case."""

from __future__ import annotations

from datetime import UTC, datetime

from rq import Queue, SimpleWorker
from sqlalchemy import select

from services.notifier.app import create_app as create_notifier
from services.notifier.tables import message
from shared.config import load_config
from shared.queue import enqueue
from tests.fixtures.smtp import SmtpServer
from tests.integration.journey.scoping_steps import contact
from tests.integration.scheduler.factories import run_scheduler_jobs
from tests.integration.scheduler.test_scoping_links_postgres import (
    POLICE,
    SCHOOL,
    Services,
    agency_ids,
    case_with_agencies,
    complete,
    opened,
    services,
    token_of,
)

__all__ = ["services"]  # the fixture, shared with the scoping links' tests

OPS_EMAIL = "ops-team@partnership.example"
CONSOLE = "https://console.partnership.example"
RETURNS_IN = "services.notifier.jobs.send_returns_in"


def asked(s: Services) -> list[str]:
    return [str(j.func_name) for j in Queue("notifier", connection=s.redis).jobs]


def test_ops_are_told_once_when_the_last_agency_answers(
    services: Services, database_url: str, redis_url: str, smtp_outbox: SmtpServer
) -> None:
    s = services
    config = load_config(
        "notifier",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SMTP_HOST": smtp_outbox.host,
            "SMTP_PORT": str(smtp_outbox.port),
            "OPS_EMAIL": OPS_EMAIL,
            "MAIL_FROM": "cspr@partnership.example",
            "CONSOLE_URL": CONSOLE,
        },
    )
    create_notifier(
        config, engine=s.engine, redis=s.redis, clock=lambda: datetime(2026, 11, 9, 16, tzinfo=UTC)
    )
    reference = case_with_agencies(s, SCHOOL, POLICE)
    ids = agency_ids(s, reference)
    school, police = (opened(s, token_of(s, ids[n])) for n in (SCHOOL, POLICE))
    run_scheduler_jobs(s.redis)
    Queue("notifier", connection=s.redis).empty()  # the scoping requests: not this test's

    s.intake_clock.now = datetime(2026, 11, 6, 11, 0, tzinfo=UTC)
    school.draft.answers = complete(school.draft.answers)
    assert s.journey().submit(school.draft).ok
    run_scheduler_jobs(s.redis)
    assert RETURNS_IN not in asked(s), "the police have not answered yet"

    s.intake_clock.now = datetime(2026, 11, 9, 15, 0, tzinfo=UTC)
    said = {key: [value] for key, value in contact("DI Sam Jones").items()}
    assert s.journey().not_known(police.draft, said) == {}
    run_scheduler_jobs(s.redis)
    assert asked(s).count(RETURNS_IN) == 1
    SimpleWorker(["notifier"], connection=s.redis).work(burst=True)
    # asked again (a retried activity job): the notifier's key keeps it to one email
    enqueue(s.redis, RETURNS_IN, case_reference=reference)
    SimpleWorker(["notifier"], connection=s.redis).work(burst=True)

    [sent] = smtp_outbox.messages()
    assert sent["To"] == OPS_EMAIL
    assert str(sent["Subject"]).lstrip() == f"Rapid Review {reference}: all scoping returns are in"
    body = sent.get_body(preferencelist=("plain",))
    assert body is not None
    assert f"{CONSOLE}/cases/{reference}" in body.get_content().splitlines()
    raw = sent.as_string()
    assert "Ada Example" not in raw and "DI Sam Jones" not in raw
    with s.engine.connect() as conn:
        [row] = conn.execute(select(message)).mappings().all()
    assert (row["template"], row["idempotency_key"]) == ("returns_in", f"returns-in:{reference}")
