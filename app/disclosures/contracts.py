"""The contractual relationship behind an item, which general counsel audits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, created_at, int_pk, updated_at
from app.disclosures.contract_terms import ContractTerms
from app.organisations.models import Organisation

if TYPE_CHECKING:
    from app.disclosures.items import DisclosureItem


class Contract(ContractTerms, Base):
    __tablename__ = "contract"

    id: Mapped[int_pk]
    item_id: Mapped[int] = mapped_column(ForeignKey("disclosure_item.id"), unique=True)
    counterparty_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    #: The request for general counsel's advice made before this contract was signed.
    advice_id: Mapped[int | None] = mapped_column(ForeignKey("advice_request.id"))
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    item: Mapped[DisclosureItem] = relationship(back_populates="contract")
    counterparty: Mapped[Organisation] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<Contract {self.id} item {self.item_id}>"

    @property
    def counterparty_name(self) -> str:
        return self.counterparty.name
