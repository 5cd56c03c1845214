"""What a compliance check reports: a finding, with its severity and the items it concerns."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How a finding weighs on certification."""

    #: The disclosure cannot be certified until the finding is resolved.
    BLOCK = "block"
    #: Certified only with an explanation from the filer, which reviewers see.
    WARN = "warn"
    #: Shown to the filer and reviewers; asks for nothing.
    INFO = "info"

    @property
    def label(self) -> str:
        return SEVERITY_LABELS[self]


SEVERITY_LABELS = {
    Severity.BLOCK: "Must be resolved",
    Severity.WARN: "Needs an explanation",
    Severity.INFO: "For information",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding of one rule on one disclosure."""

    #: Stable rule id, e.g. "sfi_threshold" (the contract of `flask checks evaluate`).
    rule: str
    severity: Severity
    #: Indexes (from 0) of the disclosure's items the finding concerns; for a tie dropped
    #: since the last certified version, of its `previous_items`.
    items: tuple[int, ...]
    #: In the filer's words: what to look at and what to do.
    message: str
    #: In the reviewer's words: what was found and why it matters.
    explanation: str

    def to_contract(self) -> dict[str, object]:
        """The fields `flask checks evaluate` writes, and nothing more."""
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "items": list(self.items),
            "message": self.message,
        }
