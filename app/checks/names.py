"""The shared definitions of the checks: same organisation, foreign, China, the last 12 months."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from .case import Item

#: Legal-form words that do not tell two organisations apart ("Acme Co., Ltd." is "ACME").
LEGAL_FORMS = frozenset(
    {
        "co",
        "company",
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "llp",
        "lp",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "sarl",
        "bv",
        "nv",
        "srl",
        "spa",
        "pty",
        "kk",
    }
)
#: Chinese legal forms, written without spaces at the end of a name.
CHINESE_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "公司")
UNITED_STATES = "US"
#: "China includes Hong Kong and Macao."
CHINA = frozenset({"CN", "HK", "MO"})


def name_key(name: str) -> str:
    """A name folded so that case, accents, punctuation and legal forms do not matter."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    text = text.replace("&", " and ").replace("'", "")
    words = re.findall(r"\w+", text)
    kept = [word for word in words if word not in LEGAL_FORMS] or words
    if kept:
        for form in CHINESE_LEGAL_FORMS:
            if kept[-1].endswith(form) and len(kept[-1]) > len(form):
                kept[-1] = kept[-1][: -len(form)]
                break
    return " ".join(kept)


def same_organisation(a: Item, b: Item) -> bool:
    """The same registry organisation, or names equal once folded."""
    if a.organisation_id is not None and a.organisation_id == b.organisation_id:
        return True
    key = name_key(a.organisation)
    return bool(key) and key == name_key(b.organisation)


def is_foreign(country: str) -> bool:
    """A country other than the United States (an unknown country is not foreign)."""
    return bool(country) and country.upper() != UNITED_STATES


def in_china(country: str) -> bool:
    return country.upper() in CHINA


def twelve_months_before(as_of: date) -> date:
    """The first day of the 12 months ending on `as_of` (both ends are included)."""
    try:
        return as_of.replace(year=as_of.year - 1)
    except ValueError:  # 29 February: the year before has none
        return as_of.replace(year=as_of.year - 1, day=28)


def in_last_12_months(day: date, as_of: date) -> bool:
    return twelve_months_before(as_of) <= day <= as_of


def active_in_last_12_months(start: date | None, end: date | None, as_of: date) -> bool:
    """An activity that was under way on some day of the last 12 months."""
    started = start is None or start <= as_of
    not_ended = end is None or end >= twelve_months_before(as_of)
    return started and not_ended


def group_by_organisation(items: Iterable[Item]) -> list[list[Item]]:
    """Items in groups naming the same organisation, in the order first named."""
    groups: list[list[Item]] = []
    for item in items:
        for group in groups:
            if any(same_organisation(item, other) for other in group):
                group.append(item)
                break
        else:
            groups.append([item])
    return groups
