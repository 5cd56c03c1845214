"""Freezing a submitted version into rows, and keeping the flags of certified versions
current when the watchlist changes. Operations flush; the request commits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.disclosures.items import DisclosureItem
from app.disclosures.models import DisclosureVersion
from app.extensions import db
from app.record.models import (
    FROZEN_CLASSES,
    VersionContract,
    VersionFinding,
    VersionFlag,
    VersionItem,
)
from app.record.queries import flags_of_version, open_version_flags_for
from app.screening.operations import findings_on, store_findings
from app.screening.screen import active_matcher
from app.screening.stored import sync_active_matcher
from app.signals import version_frozen


@dataclass
class Frozen:
    """What freezing a version produced."""

    items: list[VersionItem]
    flags: list[VersionFlag]
    #: Flags whose finding the previous version did not have (the COI office hears of these).
    new_flags: list[VersionFlag] = field(default_factory=list)


def freeze_item(version: DisclosureVersion, item: DisclosureItem) -> VersionItem:
    cls = FROZEN_CLASSES[item.kind]
    frozen = cls(
        version_id=version.id,
        item_id=item.id,
        organisation_id=item.organisation_id,
        organisation_name=item.organisation_display,
        country=item.country,
        backed_by_contract=item.backed_by_contract,
        **{name: getattr(item, name) for name in cls.kind_columns()},
    )
    db.session.add(frozen)
    contract = item.contract if item.backed_by_contract else None
    if contract is not None:
        frozen.contract = VersionContract(
            contract_id=contract.id,
            counterparty_id=contract.counterparty_id,
            counterparty_name=contract.counterparty_name,
            country=contract.country,
            contract_type=contract.contract_type,
            signed_on=contract.signed_on,
            ends_on=contract.ends_on,
            ip_terms=contract.ip_terms,
            confidentiality_terms=contract.confidentiality_terms,
            governing_law=contract.governing_law,
            document_id=contract.document_id,
            translation_id=contract.translation_id,
            advice_id=contract.advice_id,
        )
    return frozen


def screen_version_item(item: VersionItem, current: list[VersionFlag], version: str):
    """Store what the active matcher finds on a certified item: (added, cleared)."""
    return store_findings(
        lambda **values: VersionFlag(version_item_id=item.id, **values),
        findings_on(item),
        current,
        version,
    )


def freeze_version(
    version: DisclosureVersion,
    items: Iterable[DisclosureItem],
    previous: DisclosureVersion | None,
) -> Frozen:
    """Copy the live items into the version, screen the copies, and tell the review
    which findings are unchanged since the previous version (their decisions carry)."""
    sync_active_matcher()
    watchlist_version = active_matcher().version
    frozen = [freeze_item(version, item) for item in items]
    db.session.flush()
    flags: list[VersionFlag] = []
    for item in frozen:
        flags.extend(screen_version_item(item, [], watchlist_version)[0])
    earlier = {}
    if previous is not None:
        earlier = {
            (flag.item.item_id, flag.key): flag
            for flag in flags_of_version(previous)
            if flag.cleared_at is None
        }
    by_id = {item.id: item for item in frozen}
    carried = []
    new_flags = []
    for flag in flags:
        match = earlier.get((by_id[flag.version_item_id].item_id, flag.key))
        if match is None:
            new_flags.append(flag)
        else:
            carried.append((match, flag))
    version_frozen.send(version, version=version, carried=carried)
    return Frozen(frozen, flags, new_flags)


def record_findings(version: DisclosureVersion, findings: Iterable[VersionFinding]) -> None:
    for finding in findings:
        finding.version_id = version.id
        db.session.add(finding)
    db.session.flush()


def rescreen_versions(items: list[VersionItem], watchlist_version: str) -> tuple[int, int, dict]:
    """Screen certified items again; returns (added, cleared, {version_id: new flags})."""
    current = open_version_flags_for([item.id for item in items])
    added_total = cleared_total = 0
    raised: dict[int, list[VersionFlag]] = {}
    for item in items:
        added, cleared = screen_version_item(item, current[item.id], watchlist_version)
        added_total += len(added)
        cleared_total += len(cleared)
        if added:
            raised.setdefault(item.version_id, []).extend(added)
    return added_total, cleared_total, raised
