"""Sign-in rate limits: per address and per account, counting only refused attempts.

Storage is Redis when REDIS_URL (or RATELIMIT_STORAGE_URI) names one, so every worker and
server shares the counts; in memory otherwise, which production refuses when
WEB_CONCURRENCY says more than one worker runs (config.py).
"""

from __future__ import annotations

from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, default_limits=[])

LOCKOUT_MESSAGE = (
    "Too many unsuccessful sign-in attempts. For your security, sign-in is paused for a "
    "while; try again in a few minutes, or contact the research office."
)


def account_key() -> str:
    """The email being tried, folded: unknown and real accounts are limited alike."""
    return "account:" + (request.form.get("email", "") or "").strip().lower()


def refused(response: object) -> bool:
    """Only refused attempts count: a successful sign-in redirects."""
    return getattr(response, "status_code", 200) != 302
