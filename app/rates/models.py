"""The imported exchange-rate table (Treasury Reporting Rates of Exchange)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.database import Base, created_at, int_pk


class ExchangeRate(Base):
    """One published rate: units of a currency per US dollar from a date on."""

    __tablename__ = "exchange_rate"

    id: Mapped[int_pk]
    #: ISO 4217 code.
    currency: Mapped[str] = mapped_column(String(3), index=True)
    #: The Treasury's "Country - Currency Description", e.g. "China-Renminbi".
    country_currency_desc: Mapped[str] = mapped_column(String(200))
    units_per_usd: Mapped[Decimal] = mapped_column(Numeric(20, 6))
    effective_on: Mapped[date]
    record_date: Mapped[date | None]
    #: The file it came from, so a conversion can be traced to it.
    source_file: Mapped[str] = mapped_column(String(255))
    imported_at: Mapped[created_at]

    __table_args__ = (UniqueConstraint("country_currency_desc", "effective_on"),)

    def __repr__(self) -> str:
        return f"<ExchangeRate {self.country_currency_desc} {self.effective_on}>"
