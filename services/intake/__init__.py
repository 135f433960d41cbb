"""intake: the public referral forms. ``create_app`` builds the web app and the worker wiring."""

from services.intake.app import create_app

__all__ = ["create_app"]
