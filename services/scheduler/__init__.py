"""The scheduler: case state, working-day clocks, the ops console and the ``cspr`` CLI."""

from services.scheduler.app import create_app

__all__ = ["create_app"]
