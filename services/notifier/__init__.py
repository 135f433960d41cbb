"""The notifier service: sends the emails (new-referral alerts), idempotently."""

from services.notifier.app import create_app

__all__ = ["create_app"]
