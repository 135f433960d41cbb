"""Test tiers: tests/unit (no I/O), tests/integration (real PostgreSQL, Redis, LibreOffice,
S3, SMTP), tests/e2e (the running stack over HTTP and in Chromium). Each fixture module in
tests/fixtures starts or connects to one real component."""

import pytest

pytest_plugins = [
    "tests.fixtures.database",
    "tests.fixtures.redis",
    "tests.fixtures.s3",
    "tests.fixtures.unoserver",
    "tests.fixtures.smtp",
    "tests.fixtures.stack",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = str(item.path)
        if "/tests/integration/" in path:
            item.add_marker(pytest.mark.integration)
        elif "/tests/e2e/" in path:
            item.add_marker(pytest.mark.e2e)
