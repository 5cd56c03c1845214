"""Argon2 password hashing (argon2-cffi's recommended parameters)."""

from argon2 import PasswordHasher, Type, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import Parameters

#: OWASP's recommended argon2id minimum (19 MiB, 2 passes, 1 lane): strong against
#: offline guessing, and about 20 ms per sign-in, so sign-ins cannot starve a 2-core server.
OWASP_ARGON2ID = Parameters(
    type=Type.ID,
    version=19,
    salt_len=16,
    hash_len=32,
    time_cost=2,
    memory_cost=19_456,
    parallelism=1,
)

#: Named argon2 parameter sets; "cheapest" exists only to keep the test suite fast.
PROFILES = {"default": OWASP_ARGON2ID, "cheapest": profiles.CHEAPEST}

_hasher = PasswordHasher.from_parameters(PROFILES["default"])
#: Verified against when the email is unknown, so both failures take the same time.
_UNUSABLE_HASH = _hasher.hash("candor: no such account")


def use_profile(name: str) -> None:
    """Switch the parameters used for new hashes; existing hashes keep verifying."""
    global _hasher, _UNUSABLE_HASH
    if name not in PROFILES:
        raise ValueError(f"unknown password hashing profile {name!r}")
    _hasher = PasswordHasher.from_parameters(PROFILES[name])
    _UNUSABLE_HASH = _hasher.hash("candor: no such account")


MIN_PASSWORD_LENGTH = 12


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _UNUSABLE_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def password_needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str) -> str | None:
    """Why a new password is unacceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if password.strip() != password:
        return "Remove spaces at the start or end."
    return None
