"""Password hashing for staff accounts (Argon2id through argon2-cffi)."""

from __future__ import annotations

from typing import Protocol

import argon2
from argon2.exceptions import InvalidHashError, VerificationError


class Passwords(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...

    def needs_rehash(self, password_hash: str) -> bool: ...

    def verify_nobody(self, password: str) -> None:
        """Spend the time a verification takes, for an unknown email."""
        ...


class Argon2Passwords:
    def __init__(self, hasher: argon2.PasswordHasher | None = None) -> None:
        self._hasher = hasher or argon2.PasswordHasher()
        # compared against when the email is unknown, so both paths take as long
        self._dummy = self._hasher.hash("not-a-real-password-just-for-timing")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def verify_nobody(self, password: str) -> None:
        self.verify(self._dummy, password)

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)
