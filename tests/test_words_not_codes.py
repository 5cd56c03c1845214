"""No page of the demo institution shows a raw code: every page every role can open is
rendered, and its visible text must hold no stored enum value (`us_federal`,
`co_authorship`, `10000-19999`) and no ISO country code (`CN`)."""

from __future__ import annotations

import re
from enum import StrEnum
from html.parser import HTMLParser

import pycountry
import pytest
from sqlalchemy import select

from app.advice.models import AdviceRequest
from app.demo.operations import seed_demo_institution
from app.disclosures import enums as disclosure_enums
from app.disclosures.models import Disclosure, DisclosureVersion
from app.engagements import enums as engagement_enums
from app.engagements.models import EngagementProposal
from app.organisations.models import Organisation
from app.people.models import Department, Person
from app.record.models import VersionContract
from app.review import models as review_models
from app.screening import flags as screening_flags
from tests.factories import login

DEMO_PASSWORD = "candor-demo-2026"
VIEWERS = (
    "admin@demo.candor.edu",
    "coi@demo.candor.edu",
    "counsel@demo.candor.edu",
    "margaret.okafor@demo.candor.edu",
    "wei.zhang@demo.candor.edu",
    "li.na.chen@demo.candor.edu",
)
#: Two-letter words that are also country codes and read as English on a page.
ENGLISH_WORDS = {
    "US",
    "IT",
    "IN",
    "IS",
    "AT",
    "BE",
    "BY",
    "DO",
    "GO",
    "ME",
    "MY",
    "NO",
    "SO",
    "TO",
    "AM",
    "AS",
    "IP",
    "ID",
    "OR",
}


class VisibleText(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "title"):
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def coded_values() -> set[str]:
    """Stored values that are codes, not words: with an underscore or digits."""
    values = set()
    for module in (disclosure_enums, review_models, screening_flags, engagement_enums):
        for item in vars(module).values():
            if isinstance(item, type) and issubclass(item, StrEnum):
                values |= {
                    m.value for m in item if "_" in m.value or any(c.isdigit() for c in m.value)
                }
    return values


COUNTRIES = {c.alpha_2 for c in pycountry.countries}


#: Where a country code would sit if a page printed one: alone, in brackets, after a
#: separator or in quotes.
COUNTRY_PLACES = (
    r"^([A-Z]{2})$",
    r"\(([A-Z]{2})\)",
    r", ([A-Z]{2})\)",
    r"· ([A-Z]{2})$",
    r"“([A-Z]{2})”",
)


def raw_codes(html: str, codes: set[str]) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    found = []
    for text in parser.parts:
        found += [f"{t!r} in {text[:80]!r}" for t in re.findall(r"[\w+-]+", text) if t in codes]
        for place in COUNTRY_PLACES:
            found += [
                f"country {c!r} in {text[:80]!r}" for c in re.findall(place, text) if c in COUNTRIES
            ]
    return found


def demo_urls(app) -> list[str]:
    """Every GET page, with each URL parameter filled from the demo's records."""
    values = {
        "disclosure_id": list(select_ids(Disclosure)),
        "organisation_id": select_ids(Organisation)[:8],
        "contract_id": select_ids(VersionContract),
        "person_id": select_ids(Person)[:3],
        "proposal_id": select_ids(EngagementProposal),
        "request_id": select_ids(AdviceRequest),
        "code": [d.code for d in app.extensions["sqlalchemy"].session.scalars(select(Department))],
    }
    urls = []
    for rule in app.url_map.iter_rules():
        if (
            "GET" not in rule.methods
            or rule.endpoint.endswith("static")
            or "download" in rule.endpoint
        ):
            continue
        if rule.rule.endswith((".xlsx", ".json", ".xml", ".pdf")) or "suggest" in rule.rule:
            continue
        arguments = set(rule.arguments)
        if arguments == set():
            urls.append(rule.build({})[1])
        elif arguments == {"disclosure_id"}:
            urls += [rule.build({"disclosure_id": i})[1] for i in values["disclosure_id"]]
        elif arguments == {"disclosure_id", "number"}:
            for version in app.extensions["sqlalchemy"].session.scalars(select(DisclosureVersion)):
                urls.append(
                    rule.build({"disclosure_id": version.disclosure_id, "number": version.number})[
                        1
                    ]
                )
        elif len(arguments) == 1 and next(iter(arguments)) in values:
            name = next(iter(arguments))
            urls += [rule.build({name: v})[1] for v in values[name]]
    return urls


def select_ids(model) -> list[int]:
    from app.extensions import db

    return list(db.session.scalars(select(model.id).order_by(model.id)))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_no_page_of_the_demo_shows_a_raw_code(app, db):
    seed_demo_institution()
    codes = coded_values()
    urls = demo_urls(app)
    assert len(urls) > 40
    problems, pages = [], 0
    for email in VIEWERS:
        client = app.test_client()
        login(client, email, DEMO_PASSWORD)
        for url in urls:
            response = client.get(url)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            pages += 1
            problems += [f"{email} {url}: {p}" for p in raw_codes(response.text, codes)]
    assert pages > 100
    assert not problems, "\n".join(sorted(set(problems))[:80])
