"""The rate table the checks convert with: the imported one, else the shipped default."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.rates.conversion import Rate, RateTable
from app.rates.models import ExchangeRate
from app.rates.treasury import SOURCE, default_table


def rate_table() -> RateTable:
    rows = db.session.scalars(select(ExchangeRate)).all()
    if not rows:
        return default_table()
    return RateTable(
        Rate(
            row.currency,
            row.units_per_usd,
            row.effective_on,
            f"{SOURCE}, {row.country_currency_desc}",
        )
        for row in rows
    )
