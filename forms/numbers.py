"""Number and money fields: figures only, finite, in range, errors beside the field.

`decimal.Decimal` accepts "Infinity", "NaN" and "sNaN", and a signalling NaN makes every
later comparison raise. So the fields here accept plain figures only (an optional sign,
digits, one decimal point, an exponent of a few digits) and never hand a non-finite value
to a validator or an operation. What was typed is kept in the field (`raw_data`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from wtforms import DecimalField, Field, Form
from wtforms.validators import StopValidation, ValidationError

#: The largest amount any money column holds (Numeric(14, 2)).
MAX_AMOUNT = Decimal("999999999999.99")
CENTS = Decimal("0.01")
#: Figures, optionally with thousands separators and an exponent of at most four digits.
FIGURES = re.compile(
    r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?", re.ASCII
)


def parse_figures(text: str) -> Decimal | None:
    """The number typed, or None for an empty box; ValueError for anything else."""
    text = text.strip()
    if not text:
        return None
    if not FIGURES.fullmatch(text):
        raise ValueError(text)
    return Decimal(text.replace(",", ""))


class FiguresField(DecimalField):
    """A decimal typed in figures; anything else is refused beside the field."""

    def __init__(self, label: str, validators: Any = None, message: str = "", **kwargs: Any):
        super().__init__(label, validators, **kwargs)
        self.figures_message = message or "Enter a number in figures, such as 12 or 12.5."

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        if not str(valuelist[0]).strip():
            # Spaces are no figure: the box is empty, for InputRequired as for Optional.
            self.raw_data, self.data = [""], None
            return
        try:
            self.data = parse_figures(str(valuelist[0]))
        except ValueError as error:
            self.data = None
            raise ValueError(self.figures_message) from error

    def pre_validate(self, form: Form) -> None:
        # Unreadable input has its message already; range checks would only repeat it.
        if self.process_errors:
            raise StopValidation()


class Between:
    """A number within [low, high] with at most `decimals` decimals (what its column keeps:
    a figure the column would round is refused rather than silently changed)."""

    def __init__(self, low: int, high: int, decimals: int, message: str) -> None:
        self.low, self.high, self.message = Decimal(low), Decimal(high), message
        self.step = Decimal(1).scaleb(-decimals)
        self.decimals = decimals

    def __call__(self, form: Form, field: Field) -> None:
        value = field.data
        if value is None:
            return
        if not self.low <= value <= self.high:
            raise ValidationError(self.message)
        if value != value.quantize(self.step):
            plural = "decimal" if self.decimals == 1 else "decimals"
            raise ValidationError(f"Enter at most {self.decimals} {plural}.")


class MoneyAmount:
    """The one rule for amounts of money: zero or more, whole cents, at most the maximum."""

    def __call__(self, form: Form, field: Field) -> None:
        value = field.data
        if value is None:
            return
        if value < 0:
            raise ValidationError("Enter zero or more.")
        if value > MAX_AMOUNT:
            raise ValidationError("Enter an amount of at most 999,999,999,999.99.")
        if value != value.quantize(CENTS):
            raise ValidationError("Enter the amount with at most two decimals (whole cents).")


def money_field(label: str, *validators: object, **kwargs: Any) -> FiguresField:
    """Every money field of every form: figures, finite, whole cents, within the maximum."""
    return FiguresField(
        label,
        validators=[*validators, MoneyAmount()],
        places=2,
        message="Enter the amount in figures, such as 12500 or 12500.50.",
        **kwargs,
    )


def number_field(
    label: str, low: int, high: int, *validators: object, places: int, message: str = "", **kw: Any
) -> FiguresField:
    """A count or duration (days, months): figures within a sensible range."""
    within = Between(low, high, places, message or f"Enter between {low} and {high}.")
    return FiguresField(label, validators=[*validators, within], places=places, **kw)
