"""Everything the API reads, in one place: people, and the certified record (latest
certified versions and their flags, never a draft)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, or_, select

from app.api.models import ApiToken
from app.disclosures.models import Disclosure, DisclosureVersion
from app.disclosures.queries import disclosures_of
from app.extensions import db
from app.people.models import Person
from app.record.models import VersionFlag, VersionItem
from app.record.queries import certified_flags
from app.review.models import FlagDisposition
from app.review.queries import latest_dispositions
from app.screening.flags import Severity


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
    """What the person certified: the latest certified version of each of their
    disclosures, newest disclosure first."""
    rows = db.session.execute(
        select(Disclosure, DisclosureVersion)
        .join(DisclosureVersion, DisclosureVersion.id == Disclosure.certified_version_id)
        .where(Disclosure.person_id == person.id)
        .order_by(Disclosure.due_on.desc(), Disclosure.id.desc())
    )
    return [(disclosure, version) for disclosure, version in rows]


@dataclass(frozen=True)
class OpenFlag:
    flag: VersionFlag
    disclosure_id: int
    person_id: int
    #: The disclosure's item (the same across its versions).
    item_id: int
    disposition: FlagDisposition | None


def certified_disclosures_of(person: Person) -> list[Disclosure]:
    """The person's disclosures that were submitted at least once."""
    return [d for d in disclosures_of(person) if d.certified_version_id is not None]


def _open_flags(query) -> list[tuple[VersionFlag, int, int, int]]:
    return list(
        db.session.execute(
            query.with_only_columns(
                VersionFlag, Disclosure.id, Disclosure.person_id, VersionItem.item_id
            )
        )
    )


def _with_decisions(rows: list[tuple[VersionFlag, int, int, int]]) -> list[OpenFlag]:
    decided = latest_dispositions([flag.id for flag, *_ in rows])
    return [OpenFlag(*row, decided.get(row[0].id)) for row in rows]


def open_flags_on_certified_disclosures(disclosures: list[Disclosure]) -> list[OpenFlag]:
    """Open flags of the latest certified versions of these disclosures, most serious first."""
    ids = [d.id for d in disclosures]
    if not ids:
        return []
    rows = _open_flags(certified_flags(None, None).where(Disclosure.id.in_(ids)))
    rows.sort(key=lambda row: (Severity(row[0].severity).rank, row[0].id))
    return _with_decisions(rows)


#: Most serious first, in the database's own sort.
SEVERITY_ORDER = case(
    {severity.value: severity.rank for severity in Severity}, value=VersionFlag.severity
)


def institution_open_flags(page: Page) -> tuple[list[OpenFlag], int]:
    """Open flags of every latest certified version in the institution, most serious first."""
    query = certified_flags(None, None)
    total = db.session.scalar(query.with_only_columns(func.count())) or 0
    rows = _open_flags(
        query.order_by(SEVERITY_ORDER, VersionFlag.raised_at, VersionFlag.id)
        .offset(page.offset)
        .limit(page.size)
    )
    return _with_decisions(rows), total


def token_by_id(token_id: int) -> ApiToken | None:
    return db.session.get(ApiToken, token_id)


def all_tokens() -> list[ApiToken]:
    """Every token, newest first (revoked and expired ones stay listed for the record)."""
    return list(
        db.session.scalars(
            select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )
