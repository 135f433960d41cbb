"""Sign-in, the case list and the case page against PostgreSQL, with real Argon2 hashing."""

from __future__ import annotations

from flask.testing import FlaskClient
from redis import Redis
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.scheduler.bootstrap import Container
from services.scheduler.tables import audit_event, staff_user
from shared.forms import samples
from shared.forms.registry import get_form
from tests.integration.scheduler.factories import RECEIVED_AT, open_case, store_referral
from tests.unit.scheduler.factories import STAFF_PASSWORD, add_staff
from tests.unit.scheduler.web_helpers import one, page, sign_in, text


def actions(engine: Engine) -> list[tuple[str, str | None, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(select(audit_event).order_by(audit_event.c.id))
        return [(r.action, r.actor_email, r.case_reference) for r in rows]


def test_sign_in_view_a_case_and_the_audit_trail(
    console: FlaskClient, scheduler: Container, engine: Engine, redis_conn: Redis
) -> None:
    user = add_staff(scheduler, email="chair@partnership.example", role="chair")
    reference = open_case(redis_conn, store_referral(engine).id)
    assert reference == "GSCP-2026-0001"

    failed = sign_in(console, "chair@partnership.example", "not the right password")
    assert text(page(failed), ".govuk-error-summary a") == (
        "Enter a correct email address and password"
    )
    response = sign_in(console, "chair@partnership.example", next_url=f"/cases/{reference}")
    assert response.headers["Location"] == f"/cases/{reference}"

    listing = page(console.get("/cases"))
    row = one(listing, f"tr[data-reference='{reference}']")
    assert "Chair informs the three lead representatives" in row.get_text()
    assert "Jo Example" in row.get_text()
    case_page = page(console.get(f"/cases/{reference}"))
    assert text(case_page, "h1") == reference
    labels = [text(r, "th") for r in case_page.select("#deadlines tbody tr")]
    assert labels == [
        "Chair informs the three lead representatives",
        "Chair decides whether criteria are met",
        "Notify the national Panel",
        "Rapid Review complete and sent to the Panel",
    ]

    assert actions(engine) == [
        ("staff.added", None, None),
        ("staff.sign_in_failed", "chair@partnership.example", None),
        ("staff.signed_in", "chair@partnership.example", None),
        ("cases.listed", "chair@partnership.example", None),
        ("case.viewed", "chair@partnership.example", reference),
    ]
    with engine.connect() as conn:
        details = " ".join(r.detail for r in conn.execute(select(audit_event)))
        stored = conn.execute(select(staff_user)).one()
    assert STAFF_PASSWORD not in details and "not the right password" not in details
    assert stored.id == user.id and stored.last_sign_in_at is not None
    assert stored.password_hash.startswith("$argon2id$")


def test_api_with_the_service_token(
    console: FlaskClient, scheduler: Container, engine: Engine, redis_conn: Redis
) -> None:
    form = get_form("practice-learning")
    answers = samples.answers(form, today=RECEIVED_AT.date(), items=2)
    reference = open_case(redis_conn, store_referral(engine, form_id=form.id, answers=answers).id)
    headers = {"Authorization": "Bearer integration-service-token"}
    listing = console.get("/api/cases", headers=headers).json
    assert listing is not None
    assert [c["reference"] for c in listing["cases"]] == [reference]
    detail = console.get(f"/api/cases/{reference}", headers=headers).json
    assert detail is not None
    assert detail["route"] == "practice_learning"
    assert detail["deadlines"] == []
    # the answers exactly as intake stored them (JSON in PostgreSQL), nothing copied
    assert detail["referral"] == {"form": "practice-learning", "version": 1, "answers": answers}
    missing = console.get("/api/cases/GSCP-2026-0999", headers=headers)
    assert missing.status_code == 404
    assert missing.json == {
        "error": "not_found",
        "reason": "No case with reference GSCP-2026-0999.",
    }
    assert console.get("/api/cases").status_code == 401


def test_readyz_with_real_postgres_and_redis(console: FlaskClient) -> None:
    response = console.get("/readyz")
    assert response.status_code == 200
    assert response.json == {
        "service": "scheduler",
        "status": "ready",
        "checks": {"database": "ok", "redis": "ok"},
    }
