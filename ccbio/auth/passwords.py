"""Password hashing with Argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    """Return an Argon2id hash of `password` (salted; the parameters are stored in the hash)."""
    return _hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Return whether `password` matches `stored_hash`; None or a malformed hash never matches."""
    if not stored_hash:
        # still spend the time of one verification, so an unknown name is not told apart by timing
        stored_hash = _dummy_hash()
    try:
        return _hasher().verify(stored_hash, password) and stored_hash is not _dummy_hash()
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Return whether the hash was made with weaker parameters than today's defaults."""
    return _hasher().check_needs_rehash(stored_hash)


@cache
def _dummy_hash() -> str:
    return _hasher().hash("not a password of any account")
