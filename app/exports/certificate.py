"""The malign foreign talent recruitment program certification as a flattened PDF.

NIH asks for the statement in progress reports as `MFTRPcert_[Name].pdf`. The PDF has no
form fields (nothing left to fill in or change) and carries the date and the certified
disclosure version it rests on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fpdf import FPDF

#: A Unicode font for names that Latin-1 (the PDF core fonts) cannot write.
UNICODE_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)

#: Each paragraph starts at the left margin on a new line.
NEXT_LINE = {"new_x": "LMARGIN", "new_y": "NEXT"}


@dataclass(frozen=True)
class CertificateFacts:
    name: str
    signed_on: date
    institution: str
    #: E.g. "Annual disclosure 2026, version 2, certified 3 March 2026".
    rests_on: str


def statement(name: str) -> str:
    return (
        f"I {name} certify that, at the time of submission, I am not a party to a malign "
        "foreign talent recruitment program."
    )


def certificate_filename(name: str) -> str:
    """`MFTRPcert_<Name>.pdf`, the name without spaces or characters unsafe in a file name."""
    safe = re.sub(r"[^\w-]", "", name.replace(" ", "_"), flags=re.UNICODE)
    return f"MFTRPcert_{safe or 'Investigator'}.pdf"


def _font(pdf: FPDF, text: str) -> str:
    try:
        text.encode("latin-1")
        return "helvetica"
    except UnicodeEncodeError:
        for path in UNICODE_FONTS:
            if path.exists():
                pdf.add_font("unicode", fname=str(path))
                return "unicode"
        raise ValueError("no font on this server can write the name") from None


def build_certificate_pdf(facts: CertificateFacts) -> bytes:
    pdf = FPDF(format="letter")
    pdf.set_title("Malign foreign talent recruitment program certification")
    pdf.set_author(facts.name)
    pdf.set_creator("Candor")
    pdf.add_page()
    family = _font(pdf, facts.name + facts.institution)
    pdf.set_font(family, size=16)
    pdf.multi_cell(0, 10, "Certification: malign foreign talent recruitment programs", **NEXT_LINE)
    pdf.ln(6)
    pdf.set_font(family, size=12)
    pdf.multi_cell(0, 7, statement(facts.name), **NEXT_LINE)
    pdf.ln(10)
    for label, value in (
        ("Name", facts.name),
        ("Institution", facts.institution),
        ("Date", f"{facts.signed_on.day} {facts.signed_on:%B %Y}"),
        ("Based on", facts.rests_on),
    ):
        pdf.multi_cell(0, 7, f"{label}: {value}", **NEXT_LINE)
    return bytes(pdf.output())
