from __future__ import annotations

import pytest

from services.intake.app import create_app
from services.intake.bootstrap import build_container
from services.intake.handoff_queue import RedisCaseQueue
from services.intake.repository import SqlReferralRepository
from shared import runtime
from shared.config import Config, ConfigError, load_config
from tests.unit.intake.fakes import FakeQueue, FakeReferrals


def config(**values: str) -> Config:
    return load_config("intake", {"CSPR_ENV": "test", "DATABASE_URL": "sqlite://", **values})


def test_real_adapters_by_default() -> None:
    container = build_container(config(REFERENCE_PREFIX="LSCP"))
    assert isinstance(container.referrals, SqlReferralRepository)
    assert container.referrals.prefix == "LSCP"
    assert isinstance(container.queue, RedisCaseQueue)
    assert container.clock().tzinfo is not None


def test_overrides_replace_adapters_and_are_registered() -> None:
    referrals, queue = FakeReferrals(), FakeQueue()
    app = create_app(config(), referrals=referrals, queue=queue)
    container = app.extensions["cspr"]
    assert container.referrals is referrals and container.queue is queue
    assert runtime.get("intake") is container


def test_unknown_overrides_are_refused() -> None:
    with pytest.raises(TypeError, match="referals"):
        build_container(config(), referals=FakeReferrals())


@pytest.mark.parametrize("prefix", ["", "gscp", "GSCP-2026", "WAY-TOO-LONG-PREFIX-X"])
def test_a_bad_reference_prefix_stops_start_up(prefix: str) -> None:
    with pytest.raises(ConfigError, match="REFERENCE_PREFIX"):
        create_app(config(REFERENCE_PREFIX=prefix))
