"""Changing the institution's check settings (validated, audited, all or nothing)."""

from __future__ import annotations

from collections.abc import Mapping

from app.audit.operations import record
from app.checks.models import CheckSetting
from app.checks.queries import institution_settings
from app.checks.settings import DEFINITIONS_BY_KEY, SettingError
from app.extensions import db
from app.people.models import Person


def update_check_settings(values: Mapping[str, object], actor: Person | None) -> list[str]:
    """Store every changed value; returns the keys changed. SettingError names a bad key."""
    unknown = [key for key in values if key not in DEFINITIONS_BY_KEY]
    if unknown:
        raise SettingError(unknown[0], "There is no such setting.")
    current = institution_settings().values
    changes: dict[str, tuple[str, str]] = {}
    for key, raw in values.items():
        definition = DEFINITIONS_BY_KEY[key]
        before, after = current[key], definition.parse(raw)
        if after != before:
            changes[key] = (definition.to_text(before), definition.to_text(after))
    for key, (_, after) in changes.items():
        row = db.session.get(CheckSetting, key)
        if row is None:
            db.session.add(CheckSetting(key=key, value=after, updated_by_id=actor and actor.id))
        else:
            row.value, row.updated_by_id = after, actor.id if actor else None
    if changes:
        record(
            "checks.settings_changed",
            object_type="check_setting",
            object_id=",".join(sorted(changes))[:100],
            summary="Changed check settings: "
            + ", ".join(f"{key} {before} -> {after}" for key, (before, after) in changes.items()),
            actor=actor,
            before={key: before for key, (before, _) in changes.items()},
            after={key: after for key, (_, after) in changes.items()},
        )
    db.session.flush()
    return sorted(changes)
