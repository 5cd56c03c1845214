"""What a screening run reports: categories, severities and the Flag itself.

The five policy categories and the four severities are a contract shared with reports and
reviews, so they live here, once, with their human labels.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Category(StrEnum):
    """Policy categories, listed in severity order (most serious first)."""

    DEFENSE_INSTITUTION = "defense_institution"
    MILITARY_COMPANY = "military_company"
    HUMAN_RIGHTS_CONCERN = "human_rights_concern"
    TALENT_PROGRAM = "talent_program"
    GOVERNMENT_PROGRAM = "government_program"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


class InfoKind(StrEnum):
    """Kinds of informational flag; deliberately disjoint from the policy categories."""

    FORMERLY_LISTED = "formerly_listed"
    COUNTRY_OF_CONCERN = "country_of_concern"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    ELEVATED = "elevated"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most serious; sort by this to put critical flags first."""
        return _SEVERITY_ORDER.index(self)

    @property
    def label(self) -> str:
        return self.value.capitalize()


_SEVERITY_ORDER = (Severity.CRITICAL, Severity.HIGH, Severity.ELEVATED, Severity.INFO)

#: Flag and entry categories: a policy category or an informational kind.
FlagCategory = Category | InfoKind

CATEGORY_LABELS: dict[FlagCategory, str] = {
    Category.DEFENSE_INSTITUTION: "Defense-linked institution",
    Category.MILITARY_COMPANY: "Chinese military company",
    Category.HUMAN_RIGHTS_CONCERN: "Human rights concern (Xinjiang)",
    Category.TALENT_PROGRAM: "Government talent recruitment program",
    Category.GOVERNMENT_PROGRAM: "Chinese government funder or program",
    InfoKind.FORMERLY_LISTED: "Formerly listed",
    InfoKind.COUNTRY_OF_CONCERN: "Institution in a country of concern",
}

#: Severity an entry gets when its data does not say otherwise (WATCHLIST.md).
DEFAULT_SEVERITY: dict[FlagCategory, Severity] = {
    Category.DEFENSE_INSTITUTION: Severity.CRITICAL,
    Category.MILITARY_COMPANY: Severity.CRITICAL,
    Category.HUMAN_RIGHTS_CONCERN: Severity.CRITICAL,
    Category.TALENT_PROGRAM: Severity.HIGH,
    Category.GOVERNMENT_PROGRAM: Severity.ELEVATED,
    InfoKind.FORMERLY_LISTED: Severity.INFO,
    InfoKind.COUNTRY_OF_CONCERN: Severity.INFO,
}


def parse_flag_category(value: str) -> FlagCategory:
    """The category named by `value`; raises ValueError for anything else."""
    for kind in (Category, InfoKind):
        if value in kind._value2member_map_:
            return kind(value)
    raise ValueError(f"unknown category {value!r}")


@dataclass(frozen=True, slots=True)
class Flag:
    """One mention of a watchlist entry in a text.

    `start`/`end` index the original text, so `text[start:end] == matched`.
    """

    category: FlagCategory
    severity: Severity
    entry_id: str
    canonical_name: str
    matched: str
    start: int
    end: int
    #: The list and edition the entry comes from, e.g. "DoD Section 1260H list, 2026 edition".
    source: str
    explanation: str
    #: True when the text differs from every alias by one typo or a missing space.
    approximate: bool = False
    #: The organisation the entry names: one id shared by the entries of every list that
    #: names it (the built-in entry's when there is one), for one flag per organisation.
    entity_id: str = ""
    #: The listed parent's name when the entry is a subsidiary, "" otherwise.
    parent: str = ""

    @property
    def is_policy(self) -> bool:
        return isinstance(self.category, Category)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["category"] = str(self.category)
        data["severity"] = str(self.severity)
        return data
