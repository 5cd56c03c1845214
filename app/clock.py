"""Today's date where the institution is: due dates are calendar dates on its campus."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def local_today() -> date:
    zone = current_app.config.get("TIMEZONE", "UTC") if has_app_context() else "UTC"
    return datetime.now(ZoneInfo(zone) if zone != "UTC" else UTC).date()
