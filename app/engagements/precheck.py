"""Agency risk pre-check: the DoD decision matrix's factors for the people of a proposal,
from facts Candor holds, factor by factor with the likely outcome. Pure: facts in,
assessment out; the factors and look-back periods are data (data/agency_factors.toml).
An aid for reviewers, never a legal decision."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path

FACTORS_FILE = Path(__file__).with_name("data") / "agency_factors.toml"


class Outcome(StrEnum):
    """In order of seriousness."""

    NO_MITIGATION = "no_mitigation"
    MITIGATION = "mitigation"
    PROHIBITED = "prohibited"

    @property
    def label(self) -> str:
        return {
            Outcome.NO_MITIGATION: "No mitigation needed",
            Outcome.MITIGATION: "Mitigation required",
            Outcome.PROHIBITED: "Prohibited",
        }[self]

    @property
    def rank(self) -> int:
        return list(Outcome).index(self)


@dataclass(frozen=True)
class Factor:
    factor_id: str
    title: str
    lookback_years: int
    current: Outcome
    past: Outcome


@dataclass(frozen=True)
class Matrix:
    factors: tuple[Factor, ...]
    countries_of_concern: frozenset[str]


@cache
def load_matrix(path: Path = FACTORS_FILE) -> Matrix:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    factors = tuple(
        Factor(
            entry["id"],
            entry["title"],
            int(entry["lookback_years"]),
            Outcome(entry["current"]),
            Outcome(entry["past"]),
        )
        for entry in data["factor"]
    )
    return Matrix(factors, frozenset(data["countries_of_concern"]))


@dataclass(frozen=True)
class Fact:
    """Something Candor holds about a person that bears on a factor."""

    factor_id: str
    person: str
    description: str
    #: When it began or happened; None when Candor does not know (treated as current).
    on: date | None
    #: Still going on (an appointment without an end, a current award).
    current: bool


@dataclass
class FactorResult:
    factor: Factor
    outcome: Outcome = Outcome.NO_MITIGATION
    facts: list[Fact] = field(default_factory=list)


@dataclass
class Assessment:
    results: list[FactorResult]

    @property
    def outcome(self) -> Outcome:
        return max((r.outcome for r in self.results), key=lambda o: o.rank)


def years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def assess(facts: list[Fact], today: date, matrix: Matrix | None = None) -> Assessment:
    """Each factor's likely outcome from the facts within its look-back period."""
    matrix = matrix or load_matrix()
    results = []
    for factor in matrix.factors:
        result = FactorResult(factor)
        since = years_before(today, factor.lookback_years)
        for fact in facts:
            if fact.factor_id != factor.factor_id:
                continue
            if not fact.current and fact.on is not None and fact.on < since:
                continue
            result.facts.append(fact)
            outcome = factor.current if fact.current else factor.past
            if outcome.rank > result.outcome.rank:
                result.outcome = outcome
        results.append(result)
    return Assessment(results)
