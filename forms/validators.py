"""Small validators shared by forms."""

from __future__ import annotations

import re

from wtforms import Field, Form
from wtforms.validators import StopValidation, ValidationError

from app.clock import local_today

EARLIEST_YEAR = 1950
LATEST_YEAR = 2100


class SensibleDate:
    """A date in a plausible range (catches 0202 for 2020), optionally not in the future."""

    def __init__(self, not_future: bool = False) -> None:
        self.not_future = not_future

    def __call__(self, form: Form, field: Field) -> None:
        value = field.data
        if value is None:
            return
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise ValidationError(f"Enter a year between {EARLIEST_YEAR} and {LATEST_YEAR}.")
        if self.not_future and value > local_today():
            raise ValidationError("This date cannot be in the future.")


class NotBefore:
    """This date must not be earlier than another date field of the same form."""

    def __init__(self, other: str, message: str | None = None) -> None:
        self.other = other
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        start = form[self.other].data
        if field.data is not None and start is not None and field.data < start:
            label = form[self.other].label.text.lower()
            raise ValidationError(self.message or f"This must be on or after the {label}.")


class RequiredWhen:
    """Required when another field has a given value (a ticked box, a chosen option)."""

    def __init__(self, other: str, value: object = True, message: str = "") -> None:
        self.other = other
        self.value = value
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        if form[self.other].data != self.value:
            return
        if field.data is None or (isinstance(field.data, str) and not field.data.strip()):
            field.errors[:] = []
            raise StopValidation(self.message or "This is required here.")


#: C0 and C1 control characters except tab, line feed and carriage return: NUL cannot be
#: stored by PostgreSQL at all, and the others are never part of honest text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_MESSAGE = "Remove the invisible control characters (such as NUL) from this text."


def has_control_characters(text: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(text))


def refuse_control_characters(form: Form) -> bool:
    """Put an error beside every text field that holds control characters; False if any."""
    clean = True
    for field in form:
        if isinstance(field.data, str) and has_control_characters(field.data):
            field.errors = [*field.errors, CONTROL_MESSAGE]
            clean = False
    return clean
