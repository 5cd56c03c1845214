"""Read-side helpers for organisations: suggestions, search, relationships, duplicates.

Names are compared by their match key (see `operations.match_key`), which folds case,
accents, punctuation and legal forms the same way in Python on every database. Aliases
live in a JSON list, so SQL only narrows the candidates and Python decides.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, String, and_, case, func, literal, or_, select, true
from sqlalchemy.orm import joinedload, with_polymorphic

from app.disclosures.contracts import Contract
from app.disclosures.enums import ItemKind
from app.disclosures.items import DisclosureItem
from app.disclosures.models import Disclosure, DisclosureVersion
from app.extensions import db
from app.organisations.models import Organisation
from app.organisations.operations import canonical, match_key
from app.people.models import Department, Person
from app.record.models import VersionContract, VersionItem

PER_PAGE = 25
#: How many rows SQL hands to Python for ranking suggestions.
SUGGESTION_CANDIDATES = 200
#: How many possible duplicates the COI office is shown at once.
DUPLICATE_LIMIT = 20


@dataclass(frozen=True)
class Relationship:
    """A certified item (latest version) that names an organisation, or whose contract has
    it as the other party. Drafts are never shown here: they belong to their filer."""

    item: VersionItem
    #: True when the organisation is the item's contract counterparty, not the named one.
    via_contract: bool

    @property
    def disclosure(self) -> Disclosure:
        return self.item.version.disclosure

    @property
    def person(self) -> Person:
        return self.disclosure.person

    @property
    def department(self) -> Department | None:
        return self.person.department

    @property
    def kind_label(self) -> str:
        return ItemKind(self.item.kind).label

    @property
    def summary(self) -> str:
        return self.item.summary


@dataclass(frozen=True)
class OrganisationScope:
    """Which organisations a person is offered and shown: every verified one, and those
    in `named_ids`; all of them when `everything` (the COI office and general counsel)."""

    everything: bool = False
    named_ids: frozenset[int] = frozenset()

    def allows(self, organisation: Organisation) -> bool:
        return self.everything or organisation.verified or organisation.id in self.named_ids

    def where(self) -> ColumnElement[bool]:
        """A superset in SQL (a merged record may lead to an allowed survivor)."""
        if self.everything:
            return true()
        ids = list(self.named_ids)
        return or_(
            Organisation.verified,
            Organisation.id.in_(ids),
            Organisation.merged_into_id.in_(ids),
        )


EVERY_ORGANISATION = OrganisationScope(everything=True)


def organisations_named_by(person_ids: Collection[int]) -> frozenset[int]:
    """Organisations these people named on their own disclosures, drafts included: on an
    item, or as the other party to an item's contract."""
    own_items = (
        select(DisclosureItem.id)
        .join(Disclosure, Disclosure.id == DisclosureItem.disclosure_id)
        .where(Disclosure.person_id.in_(list(person_ids)))
    )
    named = db.session.scalars(
        select(DisclosureItem.organisation_id).where(
            DisclosureItem.id.in_(own_items), DisclosureItem.organisation_id.is_not(None)
        )
    )
    counterparties = db.session.scalars(
        select(Contract.counterparty_id).where(Contract.item_id.in_(own_items))
    )
    return frozenset(named) | frozenset(counterparties)


def organisations_certified_in(department_ids: Collection[int]) -> frozenset[int]:
    """Organisations named in what people of these departments certified: the items and
    contract counterparties of latest certified versions (never a draft or an amendment in
    progress)."""
    certified = (
        select(VersionItem.id)
        .join(Disclosure, Disclosure.certified_version_id == VersionItem.version_id)
        .join(Person, Person.id == Disclosure.person_id)
        .where(Person.department_id.in_(list(department_ids)))
    )
    named = db.session.scalars(
        select(VersionItem.organisation_id).where(
            VersionItem.id.in_(certified), VersionItem.organisation_id.is_not(None)
        )
    )
    counterparties = db.session.scalars(
        select(VersionContract.counterparty_id).where(
            VersionContract.version_item_id.in_(certified)
        )
    )
    return with_survivors({*named, *counterparties})


def with_survivors(ids: set[int]) -> frozenset[int]:
    """The records, and every record they were merged into (through any chain)."""
    found, frontier = set(ids), set(ids)
    while frontier:
        merged_into = set(
            db.session.scalars(
                select(Organisation.merged_into_id).where(
                    Organisation.id.in_(frontier), Organisation.merged_into_id.is_not(None)
                )
            )
        )
        frontier = merged_into - found
        found |= merged_into
    return frozenset(found)


def organisations_called(names: Iterable[str]) -> frozenset[int]:
    """The canonical records that go by these names (or had them, before a rename)."""
    keys = {match_key(name) for name in names} - {""}
    if not keys:
        return frozenset()
    found = set(db.session.scalars(select(Organisation).where(Organisation.match_key.in_(keys))))
    missing = keys - {organisation.match_key for organisation in found}
    if missing:
        found.update(
            db.session.scalars(
                select(Organisation).where(
                    or_(
                        *(
                            Organisation.alias_keys.contains(f"\n{key}\n", autoescape=True)
                            for key in missing
                        )
                    )
                )
            )
        )
    return frozenset(canonical(organisation).id for organisation in found)


def _canonical_only() -> ColumnElement[bool]:
    return Organisation.merged_into_id.is_(None)


def _name_filter(text: str) -> ColumnElement[bool]:
    """Records that may match `text` by name or alias (a superset; Python re-checks)."""
    key = match_key(text)
    lowered = " ".join(text.split()).lower()
    return or_(
        Organisation.match_key.contains(key, autoescape=True),
        Organisation.alias_keys.contains(key, autoescape=True),
        func.lower(Organisation.name).contains(lowered, autoescape=True),
    )


def _match_rank(organisation: Organisation, key: str) -> int | None:
    """0 if a name or alias starts with the key, 1 if one contains it, None otherwise."""
    keys = [match_key(name) for name in organisation.all_names]
    if any(name_key.startswith(key) for name_key in keys):
        return 0
    if any(key in name_key for name_key in keys):
        return 1
    return None


def suggest_organisations(
    prefix: str, scope: OrganisationScope = EVERY_ORGANISATION, limit: int = 10
) -> list[Organisation]:
    """Canonical records in the scope whose name or alias starts with, then contains, the
    text typed."""
    key = match_key(prefix)
    if not key:
        return []
    # Merged records keep their own match key, so they lead to the record they went into.
    candidates = db.session.scalars(
        select(Organisation)
        .where(_name_filter(prefix), scope.where())
        .order_by(
            case((Organisation.match_key.startswith(key, autoescape=True), 0), else_=1),
            Organisation.match_key,
        )
        .limit(SUGGESTION_CANDIDATES)
    )
    ranked: dict[int, tuple[int, str, Organisation]] = {}
    for candidate in candidates:
        organisation = canonical(candidate)
        if not scope.allows(organisation):
            continue
        rank = _match_rank(organisation, key)
        if rank is not None:
            ranked[organisation.id] = (rank, organisation.name.casefold(), organisation)
    return [entry[2] for entry in sorted(ranked.values(), key=lambda e: e[:2])][:limit]


def search_organisations(
    q: str, page: int, scope: OrganisationScope = EVERY_ORGANISATION
) -> Pagination:
    """Canonical records for the list page, by name, alias or a merged record's name
    (`page` counts from 1 and is bounded by the list page's form)."""
    statement = select(Organisation).where(_canonical_only(), scope.where())
    if q.strip():
        merged_match = select(Organisation.merged_into_id).where(
            Organisation.merged_into_id.is_not(None),
            Organisation.match_key.contains(match_key(q), autoescape=True),
        )
        statement = statement.where(or_(_name_filter(q), Organisation.id.in_(merged_match)))
    statement = statement.order_by(func.lower(Organisation.name), Organisation.id)
    return db.paginate(statement, page=page, per_page=PER_PAGE, error_out=False)


def find_organisation(name_or_number: str) -> Organisation | None:
    """The canonical record with this number or exactly this name (or alias), if any."""
    text = name_or_number.strip().lstrip("#")
    if text.isascii() and text.isdecimal() and len(text) <= 9:
        found = db.session.get(Organisation, int(text))
        return canonical(found) if found is not None else None
    if not text:
        return None
    key = match_key(text)
    same_key = db.session.scalars(
        select(Organisation).where(Organisation.match_key == key).order_by(Organisation.id)
    ).first()
    if same_key is not None:
        return canonical(same_key)
    by_alias = db.session.scalars(
        select(Organisation)
        .where(Organisation.alias_keys.contains(f"\n{key}\n", autoescape=True))
        .order_by(Organisation.id)
    ).first()
    return canonical(by_alias) if by_alias is not None else None


def _merged_into_roots(root_ids: Iterable[int]) -> dict[int, int]:
    """Every record id that is, or was merged (through any chain) into, one of the roots,
    mapped to its root."""
    root_of = {root_id: root_id for root_id in root_ids}
    frontier = list(root_of)
    while frontier:
        rows = db.session.execute(
            select(Organisation.id, Organisation.merged_into_id).where(
                Organisation.merged_into_id.in_(frontier)
            )
        ).all()
        frontier = []
        for record_id, parent_id in rows:
            if record_id not in root_of:
                root_of[record_id] = root_of[parent_id]
                frontier.append(record_id)
    return root_of


def merged_records(organisation: Organisation) -> list[Organisation]:
    """The records merged into this one, directly or through a chain of merges."""
    ids = set(_merged_into_roots([organisation.id])) - {organisation.id}
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)
        )
    )


def relationships_by_organisation(
    organisations: Iterable[Organisation],
) -> dict[int, list[Relationship]]:
    """For each organisation, every live item naming it or a record merged into it, and
    every live item whose contract has it as the other party."""
    root_of = _merged_into_roots(organisation.id for organisation in organisations)
    found: dict[int, list[Relationship]] = {root_id: [] for root_id in set(root_of.values())}
    if not root_of:
        return found
    ids = list(root_of)
    any_item = with_polymorphic(VersionItem, "*")
    items = db.session.scalars(
        select(any_item)
        .join(Disclosure, Disclosure.certified_version_id == any_item.version_id)
        .outerjoin(VersionContract, VersionContract.version_item_id == any_item.id)
        .where(
            or_(
                any_item.organisation_id.in_(ids),
                and_(any_item.backed_by_contract, VersionContract.counterparty_id.in_(ids)),
            ),
        )
        .options(joinedload(any_item.version).joinedload(DisclosureVersion.disclosure))
    ).unique()
    for item in items:
        named_root = root_of.get(item.organisation_id or 0)
        if named_root is not None:
            found[named_root].append(Relationship(item, via_contract=False))
        contract = item.contract if item.backed_by_contract else None
        contract_root = root_of.get(contract.counterparty_id) if contract else None
        if contract_root is not None and contract_root != named_root:
            found[contract_root].append(Relationship(item, via_contract=True))
    for rows in found.values():
        rows.sort(key=lambda r: (r.person.full_name.casefold(), r.disclosure.id, r.item.id))
    return found


def relationships_of(organisation: Organisation) -> list[Relationship]:
    return relationships_by_organisation([organisation])[organisation.id]


def possible_duplicates(organisation: Organisation) -> list[Organisation]:
    """Other canonical records that may be the same organisation: one name is the start of
    the other ("huawei" and "huawei technologies"), or they share their first word."""
    key = organisation.match_key
    if not key:
        return []
    first_word = key.split(" ", 1)[0]
    candidates = db.session.scalars(
        select(Organisation).where(
            _canonical_only(),
            Organisation.id != organisation.id,
            or_(
                Organisation.match_key.startswith(first_word, autoescape=True),
                literal(key, String).startswith(Organisation.match_key),
            ),
        )
    )
    ranked = []
    for candidate in candidates:
        other = candidate.match_key
        if key.startswith(other) or other.startswith(key):
            ranked.append((0, other, candidate))
        elif other.split(" ", 1)[0] == first_word:
            ranked.append((1, other, candidate))
    return [entry[2] for entry in sorted(ranked, key=lambda e: e[:2])][:DUPLICATE_LIMIT]
