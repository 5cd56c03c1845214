"""The university's red lines, as data: what each covers and why, in words.

A proposal crosses a red line when screening finds, on the part of the proposal a rule
looks at, a watchlist entry of one of the rule's categories (at or above its severity).
The rules are read in order and the first that fits a finding names it, so the more
specific rules (visitors, executive education) come first. Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.engagements.enums import EngagementKind
from app.screening.flags import Category, Severity


class Subject(StrEnum):
    """The part of a proposal a finding was made on."""

    PARTNER = "partner"
    VISITOR_EMPLOYER = "visitor_employer"
    VISITOR_PRIOR = "visitor_prior"
    PERSON = "person"

    @property
    def label(self) -> str:
        return SUBJECT_LABELS[self]


SUBJECT_LABELS = {
    Subject.PARTNER: "Partner",
    Subject.VISITOR_EMPLOYER: "Visitor's current employer",
    Subject.VISITOR_PRIOR: "Visitor's earlier affiliation",
    Subject.PERSON: "Affiliation of a person involved",
}


@dataclass(frozen=True)
class RedLine:
    rule_id: str
    title: str
    #: Why the university does not do this, as the PI reads it.
    reason: str
    categories: frozenset[Category]
    subjects: frozenset[Subject]
    #: Only findings at least this serious (Severity.rank: lower is more serious).
    min_severity: Severity = Severity.ELEVATED
    #: Only proposals of these kinds; empty means every kind.
    kinds: frozenset[EngagementKind] = frozenset()

    def covers(self, kind: EngagementKind, finding: Mapping[str, Any]) -> bool:
        return (
            (not self.kinds or kind in self.kinds)
            and finding["subject"] in self.subjects
            and finding["category"] in self.categories
            and Severity(finding["severity"]).rank <= self.min_severity.rank
        )


DEFENSE_OR_MILITARY = frozenset({Category.DEFENSE_INSTITUTION, Category.MILITARY_COMPANY})
ANY_PART = frozenset(Subject) - {Subject.VISITOR_PRIOR}

RED_LINES: tuple[RedLine, ...] = (
    RedLine(
        "visitor-military-employer",
        "Visitor currently employed by a military or security institution",
        "The university does not appoint as postdocs or visiting researchers people who are "
        "currently employed by Chinese military or security institutions.",
        DEFENSE_OR_MILITARY,
        frozenset({Subject.VISITOR_EMPLOYER}),
        Severity.CRITICAL,
        frozenset({EngagementKind.VISITING_RESEARCHER}),
    ),
    RedLine(
        "executive-education-client",
        "Executive education for an organisation with military, security or repression ties",
        "The university does not run executive or professional education that empowers "
        "organisations tied to the military, intelligence or human-rights suppression.",
        DEFENSE_OR_MILITARY | {Category.HUMAN_RIGHTS_CONCERN},
        frozenset({Subject.PARTNER}),
        Severity.CRITICAL,
        frozenset({EngagementKind.EXECUTIVE_EDUCATION}),
    ),
    RedLine(
        "defense-university",
        "National defense university, military research institute or defense key laboratory",
        "The university does not collaborate with China's national defense universities, "
        "military research institutes or national defense key laboratories.",
        frozenset({Category.DEFENSE_INSTITUTION}),
        frozenset({Subject.PARTNER}),
        Severity.CRITICAL,
    ),
    RedLine(
        "military-company",
        "Company in intelligence or supplying the armed forces (DoD 1260H)",
        "The university has no relationship with companies directly involved in intelligence "
        "or supplying the armed forces.",
        frozenset({Category.MILITARY_COMPANY}),
        frozenset({Subject.PARTNER}),
        Severity.CRITICAL,
    ),
    RedLine(
        "human-rights-suppression",
        "Company credibly linked to human-rights suppression in Xinjiang",
        "The university has no relationship with companies credibly contributing to "
        "human-rights suppression in Xinjiang.",
        frozenset({Category.HUMAN_RIGHTS_CONCERN}),
        frozenset({Subject.PARTNER}),
        Severity.ELEVATED,
    ),
    RedLine(
        "talent-program",
        "Talent-recruitment program",
        "Faculty do not take part in foreign talent-recruitment programs designed to "
        "transfer technology.",
        frozenset({Category.TALENT_PROGRAM}),
        ANY_PART,
        Severity.ELEVATED,
    ),
)


@dataclass(frozen=True)
class Crossing:
    """A red line a proposal crosses, and the finding that crosses it."""

    rule: RedLine
    finding: Mapping[str, Any]

    @property
    def list_name(self) -> str:
        return str(self.finding["source"])

    @property
    def entry_name(self) -> str:
        return str(self.finding["canonical_name"])


def crossings(kind: EngagementKind, findings: Iterable[Mapping[str, Any]]) -> list[Crossing]:
    """Every red line the findings cross: one per (rule, watchlist entry)."""
    found: dict[tuple[str, str], Crossing] = {}
    for finding in findings:
        rule = next((rule for rule in RED_LINES if rule.covers(kind, finding)), None)
        if rule is not None:
            found.setdefault((rule.rule_id, finding["entry_id"]), Crossing(rule, finding))
    return list(found.values())
