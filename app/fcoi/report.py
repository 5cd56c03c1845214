"""The NIH FCOI report rows (42 CFR 50.605(b)): original, annual and revised.

Each row carries the report's fields: grant number, investigator, entity, nature of the
interest, value band, how it relates to the research and why it conflicts, and the key
elements of the management plan. Nature and value are computed from the certified
version the determination rests on, so a row never changes once that version is frozen.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from itertools import pairwise

from sqlalchemy import select

from app.disclosures.enums import Labelled
from app.extensions import db
from app.fcoi.models import Determination
from app.fcoi.sfi import nih_value_band, significant_interests
from app.rates.queries import rate_table
from app.record.queries import certified_items


class ReportType(Labelled):
    ORIGINAL = "original"
    ANNUAL = "annual"
    REVISED = "revised"


ReportType._labels = {
    "original": "Original report",
    "annual": "Annual report",
    "revised": "Revised report",
}


@dataclass(frozen=True)
class FcoiReportRow:
    report_type: str
    grant_number: str
    project_title: str
    investigator: str
    investigator_email: str
    entity: str
    nature: str
    value_band: str
    relation_to_research: str
    #: For annual reports: "Managed" or "No longer exists".
    status: str
    role_and_duties: str
    plan_conditions: str
    safeguards: str
    agreement: str
    monitoring: str
    other: str
    identified_on: date
    reported_on: date | None

    def to_json(self) -> dict[str, object]:
        values = asdict(self)
        values["identified_on"] = self.identified_on.isoformat()
        values["reported_on"] = self.reported_on.isoformat() if self.reported_on else None
        return values


def _all_determinations() -> list[Determination]:
    return list(db.session.scalars(select(Determination).order_by(Determination.id)))


def _nature_and_band(determination: Determination) -> tuple[str, str]:
    items = certified_items(determination.version)
    for sfi in significant_interests(items, determination.identified_on, rate_table()):
        if sfi.entity_key == determination.entity_key:
            return ", ".join(sfi.natures), nih_value_band(sfi.value)
    return "", nih_value_band(None)


def _row(report: ReportType, determination: Determination, status: str, other: str = ""):
    nature, band = _nature_and_band(determination)
    plan = determination.plan
    agreement = (
        f"The investigator acknowledged the plan on {plan.acknowledged_at:%Y-%m-%d}."
        if plan is not None and plan.acknowledged_at is not None
        else "Not yet acknowledged by the investigator."
    )
    monitoring = (
        f"Monitored by {plan.monitor.full_name}; next review on {plan.review_on.isoformat()}."
        if plan is not None
        else ""
    )
    return FcoiReportRow(
        report_type=report.label,
        grant_number=determination.project.number,
        project_title=determination.project.title,
        investigator=determination.person.full_name,
        investigator_email=determination.person.email,
        entity=determination.entity_name,
        nature=nature,
        value_band=band,
        relation_to_research=determination.reasons,
        status=status,
        role_and_duties=determination.investigator_role,
        plan_conditions=plan.conditions if plan is not None else "",
        safeguards=determination.safeguards,
        agreement=agreement,
        monitoring=monitoring,
        other=other,
        identified_on=determination.identified_on,
        reported_on=determination.reported_on,
    )


def fcoi_report_rows(year: int, report: ReportType) -> list[FcoiReportRow]:
    """The rows of one report for a year."""
    by_triple: dict[tuple[int, int, str], list[Determination]] = {}
    for determination in _all_determinations():
        key = (determination.project_id, determination.person_id, determination.entity_key)
        by_triple.setdefault(key, []).append(determination)
    rows = []
    for history in by_triple.values():
        conflicts = [d for d in history if d.financial_conflict]
        if not conflicts:
            continue
        first, latest = conflicts[0], history[-1]
        if report is ReportType.ORIGINAL:
            if first.identified_on.year == year and latest.financial_conflict:
                rows.append(_row(report, latest, "Managed"))
        elif report is ReportType.REVISED:
            for earlier, revision in pairwise(conflicts):
                if revision.determined_at.year == year:
                    rows.append(_row(report, revision, "Managed", _changes(earlier, revision)))
        elif first.identified_on.year <= year and latest.project.ends_on.year >= year:
            status = "Managed" if latest.financial_conflict else "No longer exists"
            shown = latest if latest.financial_conflict else conflicts[-1]
            rows.append(_row(report, shown, status, _changes(first, shown)))
    return sorted(rows, key=lambda r: (r.grant_number, r.investigator, r.entity))


def _changes(earlier: Determination, later: Determination) -> str:
    if earlier.id == later.id:
        return ""
    if earlier.plan_id != later.plan_id:
        return f"Management plan changed on {later.determined_at:%Y-%m-%d}."
    return f"Determination revised on {later.determined_at:%Y-%m-%d}."
