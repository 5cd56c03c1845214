"""The one shape of a refusal by a business rule: the field to show it beside, and why."""

from __future__ import annotations


class Refusal(ValueError):
    """An operation the rules refuse; views put `message` beside the form field `field`."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
