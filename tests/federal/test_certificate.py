"""The talent-program certificate: a PDF that a reader opens, with the statement and the
name; refused, with the reason, when the certified answer is not "No"."""

from __future__ import annotations

import io

from pypdf import PdfReader

from app.disclosures.enums import ItemKind, YesNoUnknown
from app.disclosures.operations import amend_disclosure, answer_talent_question
from tests.factories import login, make_disclosure, make_item, make_person, make_submitted

STATEMENT = (
    "I Rosalind Okonkwo certify that, at the time of submission, I am not a party to a malign "
    "foreign talent recruitment program."
)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_certificate_pdf_holds_the_statement_and_the_name(client, db):
    person = make_person(name="Rosalind Okonkwo")
    disclosure = make_submitted(make_disclosure(person), (ItemKind.SUPPORT,))
    login(client, person.email)
    assert (
        "Talent-program certificate for NIH progress reports (PDF)"
        in client.get(f"/disclosures/{disclosure.id}").text
    )

    response = client.get(f"/exports/certificate/{disclosure.id}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "MFTRPcert_Rosalind_Okonkwo.pdf" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert STATEMENT in text
    assert "Name: Rosalind Okonkwo" in text
    assert f"{disclosure.title}, version 1" in text


def test_refused_when_the_answer_is_yes(client, db):
    person = make_person(name="Rosalind Okonkwo")
    disclosure = make_disclosure(person)
    answer_talent_question(disclosure, YesNoUnknown.YES, "A chair professorship.", person)
    make_submitted(disclosure)
    login(client, person.email)
    response = client.get(f"/exports/certificate/{disclosure.id}")
    assert response.status_code == 409
    assert response.mimetype == "text/html"
    assert (
        "Your certified answer to the talent-program question is \u201cYes\u201d" in response.text
    )


def test_refused_when_an_item_names_a_talent_program(client, db):
    person = make_person(name="Rosalind Okonkwo")
    disclosure = make_disclosure(person)
    make_item(
        disclosure,
        ItemKind.FOREIGN_APPOINTMENT,
        program_name="Thousand Talents Plan",
        organisation="Tsinghua University",
        country="CN",
    )
    make_submitted(disclosure)
    login(client, person.email)
    response = client.get(f"/exports/certificate/{disclosure.id}")
    assert response.status_code == 409
    assert "A check on the certified version stands in the way" in response.text
    assert "Thousand Talents" in response.text


def test_refused_while_an_amendment_is_in_progress(client, db):
    person = make_person()
    disclosure = make_submitted(make_disclosure(person))
    amend_disclosure(disclosure, person)
    make_item(disclosure, ItemKind.SUPPORT)
    login(client, person.email)
    response = client.get(f"/exports/certificate/{disclosure.id}")
    assert response.status_code == 409
    assert "You are changing this disclosure" in response.text


def test_nobody_else_downloads_it(client, db):
    disclosure = make_submitted(make_disclosure(make_person()))
    other = make_person()
    login(client, other.email)
    assert client.get(f"/exports/certificate/{disclosure.id}").status_code == 404
