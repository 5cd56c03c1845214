"""Importing a Treasury rates file into the exchange-rate table: all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app.audit.operations import record
from app.extensions import db
from app.people.models import Person
from app.rates.models import ExchangeRate
from app.rates.treasury import RateFileError, TreasuryRecord, read_rates_file


@dataclass(slots=True)
class RateImport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    #: Records whose currency Candor has no ISO code for (not imported, not an error).
    skipped: list[TreasuryRecord] = field(default_factory=list)


def _check_duplicates(records: list[TreasuryRecord]) -> None:
    seen: dict[tuple[str, object], TreasuryRecord] = {}
    for found in records:
        key = (found.country_currency_desc.casefold(), found.effective_date)
        earlier = seen.setdefault(key, found)
        if earlier is not found and earlier.exchange_rate != found.exchange_rate:
            raise RateFileError(
                found.line,
                "exchange_rate",
                f"{found.country_currency_desc} effective {found.effective_date} is already "
                f"given on line {earlier.line} with another rate",
            )


def import_rates(path: Path, actor: Person | None = None) -> RateImport:
    """Merge the file's rates into the table; RateFileError (nothing changed) if malformed."""
    records = read_rates_file(path)
    _check_duplicates(records)
    result = RateImport(skipped=[found for found in records if found.currency is None])
    known = [found for found in records if found.currency is not None]
    if not known:
        raise RateFileError(
            None, "country_currency_desc", "no currency in the file is one Candor knows"
        )
    existing = {
        (rate.country_currency_desc.casefold(), rate.effective_on): rate
        for rate in db.session.scalars(select(ExchangeRate))
    }
    for found in known:
        key = (found.country_currency_desc.casefold(), found.effective_date)
        stored = existing.get(key)
        if stored is None:
            stored = ExchangeRate(
                currency=found.currency,
                country_currency_desc=found.country_currency_desc,
                units_per_usd=found.exchange_rate,
                effective_on=found.effective_date,
                record_date=found.record_date,
                source_file=path.name[:255],
            )
            db.session.add(stored)
            existing[key] = stored
            result.added += 1
        elif stored.units_per_usd != found.exchange_rate or stored.currency != found.currency:
            stored.units_per_usd = found.exchange_rate
            stored.currency = found.currency or stored.currency
            stored.record_date = found.record_date
            stored.source_file = path.name[:255]
            result.updated += 1
        else:
            result.unchanged += 1
    record(
        "rates.imported",
        object_type="exchange_rate",
        object_id=path.name[:100],
        summary=f"Imported exchange rates from {path.name}: {result.added} added, "
        f"{result.updated} updated, {result.unchanged} unchanged, {len(result.skipped)} skipped",
        actor=actor,
        after={"added": result.added, "updated": result.updated, "unchanged": result.unchanged},
    )
    db.session.flush()
    return result
