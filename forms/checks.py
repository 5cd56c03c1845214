"""The check settings page: one field per setting, built from the settings' definitions."""

from __future__ import annotations

from functools import cache
from typing import Any

from wtforms import BooleanField, Field, Form, SelectField, StringField
from wtforms.validators import InputRequired, ValidationError

from app.checks.findings import Severity
from app.checks.settings import (
    DEFINITIONS,
    CheckSettings,
    SettingDefinition,
    SettingError,
    SettingKind,
)
from forms.base import CandorForm
from forms.choices import enum_choices


def field_name(key: str) -> str:
    """A setting key as a form field name ("outside_days_limit.days" has a dot)."""
    return key.replace(".", "__")


class ParsesAs:
    """The value must be one the setting accepts; its own message goes beside the field."""

    def __init__(self, definition: SettingDefinition) -> None:
        self.definition = definition

    def __call__(self, form: Form, field: Field) -> None:
        try:
            self.definition.parse(field.data)
        except SettingError as error:
            raise ValidationError(error.message) from None


def _field(definition: SettingDefinition) -> Field:
    if definition.kind is SettingKind.ENABLED:
        return BooleanField(definition.label)
    if definition.kind is SettingKind.SEVERITY:
        return SelectField(definition.label, choices=enum_choices(Severity))
    return StringField(
        definition.label,
        validators=[InputRequired("Enter a number."), ParsesAs(definition)],
        description=definition.help,
    )


class CheckSettingsForm(CandorForm):
    """Fields are added per setting by `check_settings_form`."""

    def setting_values(self) -> dict[str, Any]:
        return {definition.key: self[field_name(definition.key)].data for definition in DEFINITIONS}

    def field_for(self, key: str) -> Field:
        return self[field_name(key)]


@cache
def _form_class() -> type[CheckSettingsForm]:
    fields = {field_name(definition.key): _field(definition) for definition in DEFINITIONS}
    return type("BoundCheckSettingsForm", (CheckSettingsForm,), fields)


def check_settings_form(current: CheckSettings | None) -> CheckSettingsForm:
    """The form, filled with the current settings (None: from the posted data)."""
    if current is None:
        return _form_class()()
    data = {
        field_name(definition.key): (
            value
            if isinstance(value := current.values[definition.key], bool)
            else definition.to_text(value)
        )
        for definition in DEFINITIONS
    }
    return _form_class()(data=data)
