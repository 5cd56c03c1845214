"""The SciENcv Current and Pending (Other) Support upload ("Data Ingest") as XML.

A pure builder: a `CposProfile` of plain values in, XML bytes out, following the rules in
FORMATS.md: `<profile>` without attributes or namespace; `identification`, `employment`,
`funding` in that order; each `support` with its children in the one order SciENcv
accepts, within their length limits, `contributiontype` always present, `supporttype`
only `current` or `pending`, digits-only amounts, one `personmonth` with its `year` per
project year, in-kind entries without title, location or end date. Text is made plain
(no smart quotes or dashes, no control characters), the usual causes of a refused upload.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from xml.etree import ElementTree as ET

#: Each `support` child in the order SciENcv requires, with its length limit.
SUPPORT_LIMITS: dict[str, int | None] = {
    "projecttitle": 300,
    "awardnumber": 50,
    "supportsource": 60,
    "location": 60,
    "contributiontype": None,
    "awardamount": 13,
    "inkinddescription": 500,
    "overallobjectives": 1500,
    "potentialoverlap": 5000,
    "startdate": None,
    "enddate": None,
    "supporttype": None,
    "commitment": None,
}
FIELD_LABELS = {
    "projecttitle": "project title",
    "awardnumber": "award number",
    "supportsource": "source of support",
    "location": "location (place of performance)",
    "awardamount": "award amount",
    "inkinddescription": "in-kind description",
    "overallobjectives": "overall objectives",
    "potentialoverlap": "statement of potential overlap",
}
_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2026": "...",
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class CposPosition:
    entry: str
    title: str
    organisation: str
    country: str
    start_year: int | None
    end_year: int | None
    current: bool
    city: str = ""
    state: str = ""


@dataclass(frozen=True)
class CposSupport:
    #: How the filer recognises the entry in Candor (for the limits report).
    entry: str
    in_kind: bool
    title: str
    award_number: str
    source: str
    location: str
    #: In US dollars; None when not known in dollars (the element is then left out).
    amount: Decimal | None
    in_kind_description: str
    objectives: str
    overlap: str
    starts_on: date
    ends_on: date | None
    status: str
    #: Person-months committed in each project year (None: not known).
    person_months: Decimal | None
    #: How a foreign amount became dollars (or why it is left out), for the filer.
    amount_note: str = ""


@dataclass(frozen=True)
class CposProfile:
    first_name: str
    middle_name: str
    last_name: str
    orcid: str = ""
    era_commons: str = ""
    positions: list[CposPosition] = field(default_factory=list)
    supports: list[CposSupport] = field(default_factory=list)


@dataclass(frozen=True)
class LimitProblem:
    entry: str
    field: str
    length: int
    limit: int

    @property
    def message(self) -> str:
        label = FIELD_LABELS.get(self.field, self.field)
        return (
            f"{self.entry}: the {label} is {self.length} characters long; SciENcv takes at "
            f"most {self.limit}. The file carries the first {self.limit}: shorten it in Candor "
            "or in SciENcv."
        )


def plain(text: str) -> str:
    """Text as SciENcv reads it: straight quotes and hyphens, no control characters."""
    return " ".join(_CONTROL.sub("", text.translate(_PLAIN)).split())


def project_years(starts_on: date, ends_on: date) -> list[int]:
    """The calendar year in which each 12-month project year begins."""
    years, year_start = [], starts_on
    while year_start <= ends_on:
        years.append(year_start.year)
        try:
            year_start = year_start.replace(year=year_start.year + 1)
        except ValueError:  # a project starting on 29 February
            year_start = year_start.replace(year=year_start.year + 1, day=28)
    return years


def amount_digits(amount: Decimal) -> str:
    return str(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP).copy_abs())


def months_text(months: Decimal) -> str:
    text = format(months.normalize(), "f")
    return "0" if months == 0 else text


def support_values(support: CposSupport) -> dict[str, str | None]:
    """Each child's text before limits, None where the element is left out."""
    return {
        "projecttitle": "" if support.in_kind else plain(support.title),
        "awardnumber": plain(support.award_number) or None,
        "supportsource": plain(support.source),
        "location": "" if support.in_kind else plain(support.location) or None,
        "contributiontype": "inkind" if support.in_kind else "award",
        "awardamount": amount_digits(support.amount) if support.amount is not None else None,
        "inkinddescription": plain(support.in_kind_description) if support.in_kind else None,
        "overallobjectives": plain(support.objectives) or None,
        "potentialoverlap": plain(support.overlap) or None,
        "startdate": support.starts_on.isoformat(),
        "enddate": None
        if support.in_kind or support.ends_on is None
        else support.ends_on.isoformat(),
        "supporttype": support.status,
    }


def limit_problems(profile: CposProfile) -> list[LimitProblem]:
    """Every value longer than SciENcv takes, naming the entry and the field."""
    problems = []
    for support in profile.supports:
        for name, value in support_values(support).items():
            limit = SUPPORT_LIMITS[name]
            if value is not None and limit is not None and len(value) > limit:
                problems.append(LimitProblem(support.entry, name, len(value), limit))
    return problems


def _child(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _identification(root: ET.Element, profile: CposProfile) -> None:
    identification = _child(root, "identification")
    _child(identification, "id", plain(profile.orcid), idtype="orcid")
    _child(identification, "account", plain(profile.era_commons), accounttype="eRA-Commons")
    name = _child(identification, "name", current="yes")
    _child(name, "firstname", plain(profile.first_name))
    _child(name, "middlename", plain(profile.middle_name))
    _child(name, "lastname", plain(profile.last_name))


def _employment(root: ET.Element, profile: CposProfile) -> None:
    employment = _child(root, "employment")
    for position in profile.positions:
        element = _child(
            employment, "position", featured="no", current="yes" if position.current else "no"
        )
        _child(element, "positiontitle", plain(position.title))
        organization = _child(element, "organization")
        _child(organization, "orgname", plain(position.organisation))
        for tag, value in (
            ("city", position.city),
            ("stateorprovince", position.state),
            ("country", position.country),
        ):
            if plain(value):
                _child(organization, tag, plain(value))
        for tag, year in (("startdate", position.start_year), ("enddate", position.end_year)):
            if year is not None:
                _child(_child(element, tag), "year", f"{year:04d}")


def _support(funding: ET.Element, support: CposSupport) -> None:
    element = _child(funding, "support")
    for name, value in support_values(support).items():
        if value is None:
            continue
        limit = SUPPORT_LIMITS[name]
        _child(element, name, value[:limit] if limit is not None else value)
    if support.in_kind:
        return
    commitment = _child(element, "commitment")
    months = months_text(support.person_months) if support.person_months is not None else ""
    for year in project_years(support.starts_on, support.ends_on or support.starts_on):
        _child(commitment, "personmonth", months, year=f"{year:04d}")


def build_cpos_xml(profile: CposProfile) -> bytes:
    root = ET.Element("profile")
    _identification(root, profile)
    _employment(root, profile)
    funding = _child(root, "funding")
    for support in profile.supports:
        _support(funding, support)
    ET.indent(root)
    declaration = b'<?xml version="1.0" encoding="utf-8"?>\n'
    return declaration + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"
