"""What a personal access token may be used for; the one place that names the scopes."""

from __future__ import annotations

from enum import StrEnum


class Scope(StrEnum):
    PEOPLE_READ = "people:read"
    DISCLOSURES_READ = "disclosures:read"
    FLAGS_READ = "flags:read"
    ROSTER_WRITE = "roster:write"

    @property
    def label(self) -> str:
        return SCOPE_LABELS[self]


SCOPE_LABELS = {
    Scope.PEOPLE_READ: "Read people (names, departments, roles)",
    Scope.DISCLOSURES_READ: "Read what people certified (their latest submitted disclosures)",
    Scope.FLAGS_READ: "Read open watchlist flags",
    Scope.ROSTER_WRITE: "Create and update people and roles from roster rows",
}
