"""The roles a person can hold; the one place that names them."""

from enum import StrEnum


class Role(StrEnum):
    FACULTY = "faculty"
    DEPARTMENT_HEAD = "department_head"
    COI_OFFICE = "coi_office"
    GENERAL_COUNSEL = "general_counsel"
    #: Decides elevated-risk engagement proposals; the COI office acts where no one holds it.
    RISK_COMMITTEE = "risk_committee"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def is_department_scoped(self) -> bool:
        """A department head's grant names the department it covers; other grants don't."""
        return self is Role.DEPARTMENT_HEAD


ROLE_LABELS = {
    Role.FACULTY: "Faculty",
    Role.DEPARTMENT_HEAD: "Department head",
    Role.COI_OFFICE: "COI office",
    Role.GENERAL_COUNSEL: "General counsel",
    Role.RISK_COMMITTEE: "Elevated-risk committee",
    Role.ADMIN: "Administrator",
}
