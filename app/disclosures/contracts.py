"""The contractual relationship behind an item, which general counsel audits."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, created_at, int_pk, updated_at
from app.organisations.models import Organisation

if TYPE_CHECKING:
    from app.disclosures.items import DisclosureItem


class Contract(Base):
    __tablename__ = "contract"

    id: Mapped[int_pk]
    item_id: Mapped[int] = mapped_column(ForeignKey("disclosure_item.id"), unique=True)
    counterparty_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    country: Mapped[str] = mapped_column(String(2), default="")
    contract_type: Mapped[str] = mapped_column(String(100))
    signed_on: Mapped[date]
    ends_on: Mapped[date | None]
    ip_terms: Mapped[str] = mapped_column(Text, default="")
    confidentiality_terms: Mapped[str] = mapped_column(Text, default="")
    governing_law: Mapped[str] = mapped_column(String(200), default="")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    translation_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    item: Mapped[DisclosureItem] = relationship(back_populates="contract")
    counterparty: Mapped[Organisation] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<Contract {self.id} item {self.item_id}>"

    def text_fields(self) -> dict[str, str]:
        return {
            "contract_type": self.contract_type,
            "ip_terms": self.ip_terms,
            "confidentiality_terms": self.confidentiality_terms,
            "governing_law": self.governing_law,
        }
