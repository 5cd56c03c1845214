"""The terms of a contract behind an item, declared once for the live contract and for
its frozen copy in a certified version."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

#: The terms as a reader lists them (snapshots, diffs, the contracts register).
CONTRACT_FIELDS = (
    "contract_type",
    "signed_on",
    "ends_on",
    "ip_terms",
    "confidentiality_terms",
    "governing_law",
)


class ContractTerms:
    #: ISO 3166 alpha-2 code of the other party's country.
    country: Mapped[str] = mapped_column(String(2), default="")
    contract_type: Mapped[str] = mapped_column(String(100))
    signed_on: Mapped[date]
    ends_on: Mapped[date | None]
    ip_terms: Mapped[str] = mapped_column(Text, default="")
    confidentiality_terms: Mapped[str] = mapped_column(Text, default="")
    governing_law: Mapped[str] = mapped_column(String(200), default="")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    translation_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))

    def text_fields(self) -> dict[str, str]:
        return {
            "contract_type": self.contract_type,
            "ip_terms": self.ip_terms,
            "confidentiality_terms": self.confidentiality_terms,
            "governing_law": self.governing_law,
        }
