"""The SciENcv CPOS upload rules of FORMATS.md, written from the rules themselves (not from
Candor's generator), so a test can say of any XML whether SciENcv would take it."""

from __future__ import annotations

import re
from datetime import date
from xml.etree import ElementTree as ET

SUPPORT_ORDER = [
    "projecttitle",
    "awardnumber",
    "supportsource",
    "location",
    "contributiontype",
    "awardamount",
    "inkinddescription",
    "overallobjectives",
    "potentialoverlap",
    "startdate",
    "enddate",
    "supporttype",
    "commitment",
]
MAX_LENGTH = {
    "projecttitle": 300,
    "awardnumber": 50,
    "supportsource": 60,
    "location": 60,
    "inkinddescription": 500,
    "overallobjectives": 1500,
    "potentialoverlap": 5000,
}
SMART = re.compile("[\u2018\u2019\u201c\u201d\u2013\u2014]")


def _is_subsequence(tags: list[str], order: list[str]) -> bool:
    positions = [order.index(tag) for tag in tags if tag in order]
    return (
        len(positions) == len(tags)
        and positions == sorted(positions)
        and len(set(tags)) == len(tags)
    )


def _project_year_count(start: date, end: date) -> int:
    """12-month project years beginning on the start date's anniversaries."""
    count, year = 0, start.year
    while date(year, start.month, min(start.day, 28)) <= end:
        count += 1
        year += 1
    return count


def violations(xml: bytes, as_of: date) -> list[str]:
    """Every broken rule, in words; empty when SciENcv would accept the file."""
    problems: list[str] = []
    if not xml.startswith(b'<?xml version="1.0" encoding="utf-8"?>'):
        problems.append("no XML declaration with version 1.0 and encoding utf-8")
    root = ET.fromstring(xml)  # noqa: S314 - a file this test run just generated
    if root.tag != "profile" or root.attrib:
        problems.append("the root must be <profile> with no attributes")
    if "}" in root.tag or any("}" in el.tag for el in root.iter()):
        problems.append("namespaces are not allowed")
    if [child.tag for child in root] != ["identification", "employment", "funding"]:
        problems.append(f"profile children are {[c.tag for c in root]}")
    text = xml.decode("utf-8")
    if SMART.search(text):
        problems.append("smart quotes or dashes in the file")
    identification = root.find("identification")
    if identification is not None:
        if identification.find("id[@idtype='orcid']") is None:
            problems.append("identification has no <id idtype='orcid'>")
        if identification.find("account[@accounttype='eRA-Commons']") is None:
            problems.append("identification has no eRA-Commons account")
        name = identification.find("name[@current='yes']")
        if name is None or [c.tag for c in name] != ["firstname", "middlename", "lastname"]:
            problems.append("name must hold firstname, middlename, lastname")
    for position in root.iterfind("employment/position"):
        if set(position.attrib) != {"featured", "current"}:
            problems.append(f"position attributes are {sorted(position.attrib)}")
        if position.find("positiontitle") is None or position.find("organization/orgname") is None:
            problems.append("a position lacks its title or organisation name")
        for tag in ("startdate", "enddate"):
            element = position.find(tag)
            if element is not None:
                year = element.find("year")
                if year is None or not re.fullmatch(r"\d{4}", year.text or ""):
                    problems.append(f"position {tag} without a four-digit year")
    for number, support in enumerate(root.iterfind("funding/support"), start=1):
        where = f"support {number}"
        tags = [child.tag for child in support]
        if not _is_subsequence(tags, SUPPORT_ORDER):
            problems.append(f"{where}: children out of order or unknown: {tags}")
        values = {child.tag: (child.text or "") for child in support}
        for tag, limit in MAX_LENGTH.items():
            if len(values.get(tag, "")) > limit:
                problems.append(f"{where}: {tag} longer than {limit}")
        kind = values.get("contributiontype")
        if kind not in ("award", "inkind"):
            problems.append(f"{where}: contributiontype is {kind!r}")
        if values.get("supporttype") not in ("current", "pending"):
            problems.append(f"{where}: supporttype is {values.get('supporttype')!r}")
        if "awardamount" in values and not re.fullmatch(r"\d{1,13}", values["awardamount"]):
            problems.append(f"{where}: awardamount {values['awardamount']!r} is not 1-13 digits")
        for tag in ("startdate", "enddate"):
            if tag in values and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", values[tag]):
                problems.append(f"{where}: {tag} is not YYYY-MM-DD")
        if "enddate" in values and date.fromisoformat(values["enddate"]) < as_of:
            problems.append(f"{where}: an ended project is listed")
        if kind == "inkind":
            if values.get("projecttitle", "") or values.get("location", ""):
                problems.append(f"{where}: an in-kind entry has a title or location")
            if not values.get("inkinddescription"):
                problems.append(f"{where}: an in-kind entry has no description")
        if kind == "award":
            commitment = support.find("commitment")
            months = [] if commitment is None else list(commitment)
            if any(m.tag != "personmonth" or "year" not in m.attrib for m in months):
                problems.append(f"{where}: a personmonth without its year")
            if any(not re.fullmatch(r"\d{4}", m.get("year", "")) for m in months):
                problems.append(f"{where}: a personmonth year is not YYYY")
            if any(m.text and not re.fullmatch(r"\d+(\.\d+)?", m.text) for m in months):
                problems.append(f"{where}: a personmonth value is not a number")
            if "startdate" in values and "enddate" in values:
                expected = _project_year_count(
                    date.fromisoformat(values["startdate"]), date.fromisoformat(values["enddate"])
                )
                years = [m.get("year") for m in months]
                if len(years) != expected or len(set(years)) != len(years):
                    problems.append(
                        f"{where}: {len(years)} personmonths for {expected} project years"
                    )
    return problems
