"""What the compliance checks say before a disclosure is certified, and what is kept.

A blocking finding stops the submission with its reason; a warning is certified only with
the filer's explanation, which is recorded with the version for reviewers; information is
shown and recorded as it is.
"""

from __future__ import annotations

from sqlalchemy import select

from app.clock import local_today
from app.cycles.models import Cycle
from app.disclosures.checking import CheckedFinding, check_items
from app.disclosures.enums import DisclosureKind
from app.disclosures.models import Disclosure, DisclosureVersion
from app.extensions import db
from app.record.models import VersionFinding, VersionItem
from app.record.queries import certified_items


def previous_certified(disclosure: Disclosure) -> DisclosureVersion | None:
    """What the filer certified before: this disclosure's certified version, or for a new
    annual disclosure the latest certified version of an earlier year's."""
    if disclosure.certified_version is not None:
        return disclosure.certified_version
    if disclosure.kind is not DisclosureKind.ANNUAL or disclosure.cycle is None:
        return None
    return db.session.scalar(
        select(DisclosureVersion)
        .join(Disclosure, Disclosure.certified_version_id == DisclosureVersion.id)
        .join(Cycle, Cycle.id == Disclosure.cycle_id)
        .where(Disclosure.person_id == disclosure.person_id, Cycle.year < disclosure.cycle.year)
        .order_by(Cycle.year.desc())
        .limit(1)
    )


def submission_findings(disclosure: Disclosure) -> list[CheckedFinding]:
    """The checks on the draft as it stands today."""
    previous = certified_items(previous_certified(disclosure))
    return check_items(disclosure, disclosure.live_items, previous, local_today())


def submission_warnings(disclosure: Disclosure) -> list[CheckedFinding]:
    """The findings the filer must explain before certifying."""
    return [checked for checked in submission_findings(disclosure) if checked.warns]


def recorded_findings(
    findings: list[CheckedFinding], notes: dict[str, str], frozen: list[VersionItem]
) -> list[VersionFinding]:
    """The findings as the version keeps them, on its own items (a dropped tie on the
    previous version's), each warning with the filer's note."""
    certified_ids = {item.item_id: item.id for item in frozen}
    return [
        VersionFinding(
            rule=checked.rule,
            severity=str(checked.finding.severity),
            item_ids=[
                certified_ids.get(i, i) if checked.rule != "tie_dropped" else i
                for i in checked.item_ids
            ],
            message=checked.finding.message,
            explanation=checked.finding.explanation,
            note=notes.get(checked.rule, "").strip() if checked.warns else "",
        )
        for checked in findings
    ]
