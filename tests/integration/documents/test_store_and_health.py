"""``MinioStore`` against SeaweedFS, and the service's readiness with everything real."""

from __future__ import annotations

import secrets

import pytest
from flask import Flask

from devstack.procs import free_port
from services.documents.app import create_app
from services.documents.ports import ObjectMissing, StoreError
from services.documents.referral import sha256_hex
from services.documents.s3store import MinioStore, S3Settings
from shared import runtime
from shared.config import Config


def settings(s3_settings: dict[str, str], **changes: str) -> S3Settings:
    values = {**s3_settings, **changes}
    return S3Settings(
        endpoint=values["S3_ENDPOINT"],
        access_key=values["S3_ACCESS_KEY"],
        secret_key=values["S3_SECRET_KEY"],
        bucket=values["S3_BUCKET"],
    )


def test_the_bucket_is_made_on_first_use_and_objects_round_trip(
    s3_settings: dict[str, str],
) -> None:
    bucket = f"cspr-lazy-{secrets.token_hex(4)}"
    store = MinioStore(settings(s3_settings, S3_BUCKET=bucket))
    assert store.exists("cases/X-1/referral/X-1-referral.pdf") is False
    stored = store.put(
        "cases/X-1/referral/X-1-referral.pdf",
        b"%PDF-1.7 test",
        "application/pdf",
        {"kind": "referral"},
    )
    assert stored.sha256 == sha256_hex(b"%PDF-1.7 test")
    assert stored.size == 13
    assert store.get(stored.key) == b"%PDF-1.7 test"
    assert store.stat(stored.key) == stored
    assert store.exists(stored.key) is True
    with pytest.raises(ObjectMissing):
        store.get("cases/X-1/referral/nothing.pdf")
    store.ensure_bucket()  # again: harmless


def test_wrong_keys_are_refused(s3_settings: dict[str, str]) -> None:
    store = MinioStore(settings(s3_settings, S3_SECRET_KEY="not-the-secret-key"))
    with pytest.raises(StoreError):
        store.check()
    with pytest.raises(StoreError):
        store.put("k", b"x", "text/plain")


def test_readyz_checks_every_real_dependency(documents_app: Flask) -> None:
    response = documents_app.test_client().get("/readyz")
    assert response.get_json() == {
        "service": "documents",
        "status": "ready",
        "checks": {"database": "ok", "redis": "ok", "object_store": "ok", "unoserver": "ok"},
    }


def test_readyz_reports_a_dead_store_and_a_dead_unoserver(documents_config: Config) -> None:
    config = documents_config.with_overrides(
        S3_ENDPOINT=f"127.0.0.1:{free_port()}",
        UNOSERVER_POOL=f"{documents_config['UNOSERVER_POOL']},127.0.0.1:{free_port()}",
    )
    app = create_app(config)
    try:
        response = app.test_client().get("/readyz")
    finally:
        app.extensions["cspr"].engine.dispose()
        runtime.clear()
    assert response.status_code == 503
    checks = response.get_json()["checks"]
    assert checks["database"] == checks["redis"] == "ok"
    assert checks["object_store"].startswith("failing")
    assert checks["unoserver"].startswith("failing")
