"""How long console sessions last and how many failed sign-ins are tolerated.

Plain values, built from configuration in one place (``bootstrap``) and replaceable in tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from shared.config import Config, ConfigError


@dataclass(frozen=True)
class SessionPolicy:
    #: no request for this long ends a session
    idle: timedelta = timedelta(minutes=30)
    #: a session ends this long after signing in, however active
    max_age: timedelta = timedelta(hours=12)

    @classmethod
    def from_config(cls, config: Config) -> SessionPolicy:
        return cls(
            idle=timedelta(minutes=_positive(config, "SESSION_IDLE_MINUTES")),
            max_age=timedelta(hours=_positive(config, "SESSION_MAX_HOURS")),
        )


@dataclass(frozen=True)
class ThrottlePolicy:
    """Sign-in is refused while there were this many failures within ``window``."""

    per_account: int = 5
    per_address: int = 20
    window: timedelta = timedelta(minutes=15)

    @property
    def message(self) -> str:
        minutes = int(self.window.total_seconds() // 60)
        return f"Too many attempts. Wait {minutes} minutes and try again."


def _positive(config: Config, name: str) -> int:
    try:
        value = int(config[name])
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {config[name]!r}") from None
    if value < 1:
        raise ConfigError(f"{name} must be at least 1")
    return value
