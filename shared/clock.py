"""The one real clock; containers take it as a port so tests can pass a fixed time."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)
