"""Everything the API reads, in one place.

The certified record is being moved to frozen version rows (with flags per version);
when it lands, `latest_certified_versions` and `open_flags_on_certified_disclosures` are
the two functions to re-point, and nothing else in the API reads disclosures or flags.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, or_, select

from app.api.models import ApiToken
from app.disclosures.items import DisclosureItem
from app.disclosures.models import Disclosure, DisclosureVersion
from app.disclosures.queries import disclosures_of
from app.extensions import db
from app.people.models import Person
from app.review.models import FlagDisposition
from app.review.queries import latest_dispositions
from app.screening.flags import Severity
from app.screening.models import ItemFlag
from app.screening.queries import open_flags_for


@dataclass(frozen=True)
class Page:
    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def people_page(search: str, page: Page) -> tuple[list[Person], int]:
    """People whose name or email contains `search` (any case), by name; and how many."""
    query = select(Person)
    needle = search.strip().lower()
    if needle:
        query = query.where(
            or_(
                func.lower(Person.full_name).contains(needle, autoescape=True),
                Person.email.contains(needle, autoescape=True),
            )
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    people = db.session.scalars(
        query.order_by(Person.full_name, Person.id).offset(page.offset).limit(page.size)
    )
    return list(people), total


def person_by_id(person_id: int) -> Person | None:
    return db.session.get(Person, person_id)


def latest_certified_versions(person: Person) -> list[tuple[Disclosure, DisclosureVersion]]:
    """What the person certified: the latest submitted version of each of their
    disclosures (read from the version's frozen snapshot), newest disclosure first."""
    latest = (
        select(DisclosureVersion.disclosure_id, func.max(DisclosureVersion.number).label("n"))
        .join(Disclosure, Disclosure.id == DisclosureVersion.disclosure_id)
        .where(Disclosure.person_id == person.id)
        .group_by(DisclosureVersion.disclosure_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Disclosure, DisclosureVersion)
        .join(DisclosureVersion, DisclosureVersion.disclosure_id == Disclosure.id)
        .join(
            latest,
            (latest.c.disclosure_id == DisclosureVersion.disclosure_id)
            & (latest.c.n == DisclosureVersion.number),
        )
        .order_by(Disclosure.due_on.desc(), Disclosure.id.desc())
    )
    return [(disclosure, version) for disclosure, version in rows]


@dataclass(frozen=True)
class OpenFlag:
    flag: ItemFlag
    disclosure_id: int
    person_id: int
    disposition: FlagDisposition | None


def certified_disclosures_of(person: Person) -> list[Disclosure]:
    """The person's disclosures that were submitted at least once."""
    return [disclosure for disclosure in disclosures_of(person) if disclosure.versions]


def open_flags_on_certified_disclosures(disclosures: list[Disclosure]) -> list[OpenFlag]:
    """Open flags on the live items of these (certified) disclosures, most serious first."""
    item_to_disclosure = {item.id: d for d in disclosures for item in d.live_items}
    flags = [
        flag
        for flags_of_item in open_flags_for(list(item_to_disclosure)).values()
        for flag in flags_of_item
    ]
    decided = latest_dispositions([flag.id for flag in flags])
    return sorted(
        (
            OpenFlag(
                flag,
                item_to_disclosure[flag.item_id].id,
                item_to_disclosure[flag.item_id].person_id,
                decided.get(flag.id),
            )
            for flag in flags
        ),
        key=lambda open_flag: (Severity(open_flag.flag.severity).rank, open_flag.flag.id),
    )


#: Most serious first, in the database's own sort.
SEVERITY_ORDER = case(
    {severity.value: severity.rank for severity in Severity}, value=ItemFlag.severity
)


def institution_open_flags(page: Page) -> tuple[list[OpenFlag], int]:
    """Open flags on every submitted disclosure of the institution, most serious first."""
    has_version = (
        select(DisclosureVersion.id)
        .where(DisclosureVersion.disclosure_id == Disclosure.id)
        .exists()
    )
    query = (
        select(ItemFlag, Disclosure.id, Disclosure.person_id)
        .join(DisclosureItem, DisclosureItem.id == ItemFlag.item_id)
        .join(Disclosure, Disclosure.id == DisclosureItem.disclosure_id)
        .where(ItemFlag.cleared_at.is_(None), DisclosureItem.withdrawn_at.is_(None), has_version)
    )
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = list(
        db.session.execute(
            query.order_by(SEVERITY_ORDER, ItemFlag.raised_at, ItemFlag.id)
            .offset(page.offset)
            .limit(page.size)
        )
    )
    decided = latest_dispositions([flag.id for flag, _, _ in rows])
    return [
        OpenFlag(flag, disclosure_id, person_id, decided.get(flag.id))
        for flag, disclosure_id, person_id in rows
    ], total


def token_by_id(token_id: int) -> ApiToken | None:
    return db.session.get(ApiToken, token_id)


def all_tokens() -> list[ApiToken]:
    """Every token, newest first (revoked and expired ones stay listed for the record)."""
    return list(
        db.session.scalars(
            select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )
