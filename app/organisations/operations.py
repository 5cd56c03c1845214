"""Finding, creating, verifying, renaming and merging organisations."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select, update

from app.audit.operations import record
from app.disclosures.contracts import Contract
from app.disclosures.items import DisclosureItem
from app.extensions import db
from app.organisations.models import Organisation, OrganisationType
from app.refusals import Refusal

#: Legal-form words that do not tell two organisations apart.
LEGAL_FORMS = frozenset(
    [
        "co",
        "company",
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "group",
        "holdings",
        "the",
    ]
)


class OrganisationError(Refusal):
    """A change to organisation records that the rules refuse."""


def match_key(name: str) -> str:
    """A folded name: case, accents, punctuation and legal forms do not matter."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    words = re.findall(r"\w+", text)
    kept = [word for word in words if word not in LEGAL_FORMS]
    return " ".join(kept or words)[:300]


def alias_keys(aliases: list[str]) -> str:
    """The searchable form of a list of aliases (see `Organisation.alias_keys`)."""
    keys = sorted({match_key(alias) for alias in aliases} - {""})
    return "".join(f"\n{key}" for key in keys) + "\n" if keys else ""


def set_aliases(organisation: Organisation, aliases: set[str]) -> None:
    """Every change to the aliases goes through here, so their keys stay in step."""
    organisation.aliases = sorted(aliases - {organisation.name})
    organisation.alias_keys = alias_keys(organisation.aliases)


def canonical(organisation: Organisation) -> Organisation:
    """The record an organisation was merged into, following the chain to its end."""
    while organisation.merged_into is not None:
        organisation = organisation.merged_into
    return organisation


def find_or_create_organisation(
    name: str, country: str = "", org_type: OrganisationType | None = None
) -> Organisation:
    """The organisation with this name (or an alias of it), created if there is none."""
    name = " ".join(name.split())
    if not name:
        raise OrganisationError("organisation", "Name the organisation.")
    key = match_key(name)
    existing = db.session.scalars(
        select(Organisation).where(Organisation.match_key == key).order_by(Organisation.id)
    ).first()
    if existing is not None:
        return canonical(existing)
    by_alias = db.session.scalars(
        select(Organisation)
        .where(Organisation.alias_keys.contains(f"\n{key}\n", autoescape=True))
        .order_by(Organisation.id)
    ).first()
    if by_alias is not None:
        return canonical(by_alias)
    organisation = Organisation(
        name=name,
        match_key=key,
        aliases=[],
        alias_keys="",
        country=country,
        org_type=org_type or OrganisationType.OTHER,
    )
    db.session.add(organisation)
    db.session.flush()
    return organisation


def _require_canonical(organisation: Organisation, field: str) -> None:
    """A merged record is history: changes belong on the record it was merged into."""
    if organisation.merged_into is not None:
        raise OrganisationError(
            field,
            f"This record was merged into “{canonical(organisation).name}”; change that one.",
        )


def rename_organisation(organisation: Organisation, new_name: str) -> None:
    """Rename, keeping the old name as an alias so it is still found."""
    _require_canonical(organisation, "name")
    new_name = " ".join(new_name.split())
    if not new_name:
        raise OrganisationError("name", "Name the organisation.")
    new_key = match_key(new_name)
    # Two live records with one match key would make filing pick either of them.
    for same_key in db.session.scalars(
        select(Organisation).where(Organisation.match_key == new_key)
    ):
        other = canonical(same_key)
        if other.id != organisation.id:
            raise OrganisationError(
                "name", f"“{other.name}” already goes by this name: merge the two instead."
            )
    if new_name != organisation.name:
        old_name = organisation.name
        organisation.name = new_name
        set_aliases(organisation, {*organisation.aliases, old_name})
        organisation.match_key = new_key
        db.session.flush()
        record(
            "organisation.rename",
            object_type="organisation",
            object_id=organisation.id,
            summary=f"“{old_name}” renamed “{new_name}”",
            before={"name": old_name},
            after={"name": new_name},
        )


def set_organisation_details(
    organisation: Organisation, country: str, org_type: OrganisationType, verified: bool
) -> None:
    _require_canonical(organisation, "country")
    before = {
        "country": organisation.country,
        "type": organisation.org_type,
        "verified": organisation.verified,
    }
    after = {"country": country, "type": org_type, "verified": verified}
    if {k: str(v) for k, v in before.items()} == {k: str(v) for k, v in after.items()}:
        return
    organisation.country = country
    organisation.org_type = org_type
    organisation.verified = verified
    db.session.flush()
    record(
        "organisation.update",
        object_type="organisation",
        object_id=organisation.id,
        summary=f"“{organisation.name}” details updated",
        before=before,
        after=after,
    )


def merge_organisations(duplicate: Organisation, survivor: Organisation) -> int:
    """Merge a duplicate into the survivor: items and contracts are re-pointed, the
    duplicate's names become aliases, and the duplicate is kept (marked) for history.

    Returns how many items were re-pointed.
    """
    survivor = canonical(survivor)
    if duplicate.id == survivor.id:
        raise OrganisationError("survivor", "An organisation cannot be merged into itself.")
    _require_canonical(duplicate, "survivor")
    moved = db.session.execute(
        update(DisclosureItem)
        .where(DisclosureItem.organisation_id == duplicate.id)
        .values(organisation_id=survivor.id)
    ).rowcount
    db.session.execute(
        update(Contract)
        .where(Contract.counterparty_id == duplicate.id)
        .values(counterparty_id=survivor.id)
    )
    set_aliases(survivor, {*survivor.aliases, duplicate.name, *duplicate.aliases})
    survivor.verified = survivor.verified or duplicate.verified
    survivor.country = survivor.country or duplicate.country
    duplicate.merged_into = survivor
    db.session.flush()
    record(
        "organisation.merge",
        object_type="organisation",
        object_id=survivor.id,
        summary=f"“{duplicate.name}” merged into “{survivor.name}” ({moved or 0} items)",
        before={"duplicate_id": duplicate.id, "duplicate_name": duplicate.name},
        after={"survivor_id": survivor.id, "items_moved": moved or 0},
    )
    db.session.expire_all()
    return moved or 0
