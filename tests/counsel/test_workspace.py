"""General counsel's workspace: the register by country, exports, and read-only."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.disclosures.enums import ItemKind
from app.people.roles import Role
from tests.conftest import csrf_token_from
from tests.factories import login, make_disclosure, make_item, make_person, make_submitted


def contract_item(country: str, counterparty: str, person=None):
    disclosure = make_disclosure(person)
    make_item(
        disclosure,
        ItemKind.OUTSIDE_COMPENSATION,
        organisation=counterparty,
        country=country,
        backed_by_contract=True,
        contract_type="Consulting agreement",
        contract_signed_on=date(2025, 3, 1),
        contract_governing_law="Local law",
    )
    return make_submitted(disclosure)


def test_counsel_finds_every_contract_in_a_country_and_exports_it(client, db):
    contract_item("CN", "Huawei Technologies Co., Ltd.")
    contract_item("CN", "Tsinghua University")
    contract_item("DE", "Siemens AG")
    draft = make_disclosure()
    make_item(
        draft,
        ItemKind.OUTSIDE_COMPENSATION,
        organisation="Draft Only Co",
        country="CN",
        backed_by_contract=True,
        contract_type="Other",
        contract_signed_on=date(2025, 1, 1),
    )
    counsel = make_person(Role.GENERAL_COUNSEL)
    login(client, counsel.email)
    page = client.get("/counsel/contracts?country=CN").text
    assert "Huawei Technologies" in page and "Tsinghua University" in page
    assert "Siemens" not in page and "Draft Only Co" not in page
    export = client.get("/counsel/contracts.xlsx?country=CN")
    assert export.status_code == 200
    assert export.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment;" in export.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(export.data)).active
    counterparties = {row[0].value for row in sheet.iter_rows(min_row=2, min_col=8, max_col=8)}
    assert counterparties == {"Huawei Technologies Co., Ltd.", "Tsinghua University"}
    assert (
        db.session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.action == "export.contracts")
        )
        == 1
    )


def test_contract_page_shows_documents_and_every_version(client, db):
    contract_item("CN", "Tsinghua University")
    login(client, make_person(Role.GENERAL_COUNSEL).email)
    page = client.get("/counsel/contracts").text
    contract_link = page.split('href="/counsel/contracts/')[1].split('"')[0]
    detail = client.get(f"/counsel/contracts/{contract_link}").text
    assert "Consulting agreement with Tsinghua University" in detail
    assert "Version 1" in detail and "Local law" in detail


def test_audit_search_and_export(client, db):
    filer = make_person(Role.FACULTY, email="filer.audit@example.edu")
    make_submitted(make_disclosure(filer), (ItemKind.SUPPORT,))
    login(client, make_person(Role.GENERAL_COUNSEL).email)
    page = client.get("/counsel/audit?person=filer.audit&action=disclosure.submit").text
    assert "disclosure.submit" in page and "Version 1 submitted and certified" in page
    assert "item.create" not in page
    export = client.get("/counsel/audit.xlsx?person=filer.audit")
    names = zipfile.ZipFile(io.BytesIO(export.data)).namelist()
    assert "xl/worksheets/sheet1.xml" in names
    rows = list(load_workbook(io.BytesIO(export.data)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Entry", "When (UTC)", "Who", "Action")
    assert {row[3] for row in rows[1:]} >= {"disclosure.submit", "item.create"}


def test_faculty_cannot_open_the_workspace(client, db):
    login(client, make_person(Role.FACULTY).email)
    for path in ("/counsel/contracts", "/counsel/audit", "/counsel/audit.xlsx"):
        assert client.get(path).status_code == 403


def test_every_state_changing_route_refuses_general_counsel(app, client, db):
    disclosure = contract_item("CN", "Huawei")
    item = disclosure.live_items[0]
    counsel = make_person(Role.GENERAL_COUNSEL)
    login(client, counsel.email)
    token = csrf_token_from(client.get("/delegates/").text)
    values = {
        "disclosure_id": disclosure.id,
        "item_id": item.id,
        "kind": "support",
        "number": 1,
        "attachment_id": 1,
        "flag_id": 1,
        "plan_id": 1,
        "person_id": disclosure.person_id,
        "organisation_id": item.organisation_id,
        "record_id": 1,
        "delegation_id": 1,
        "cycle_id": 1,
        "id": 1,
        "contract_id": item.contract.id,
        "message_id": 1,
        "grant_id": 1,
        "job_id": 1,
        "token_id": 1,
        # No request for advice exists here: counsel's one write action (advising on a
        # request) is tested in tests/advice and the authorization matrix.
        "request_id": 1,
        "proposal_id": 1,
        "code": "X",
        "year": 2026,
        "project_id": 1,
    }
    before = db.session.scalar(select(func.count(AuditEntry.id)))
    checked = 0
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in {"auth.login", "auth.logout"}:
            continue
        missing = rule.arguments - values.keys()
        assert not missing, f"{rule.rule}: add {missing} to this test"
        path = rule.build({name: values[name] for name in rule.arguments})[1]
        response = client.post(path, data={"csrf_token": token})
        # Refused outright; a personal page (assistants) may re-show itself with an error;
        # the JSON API answers 401 to any browser session (it needs a token).
        assert response.status_code in (400, 401, 403, 404), (path, response.status_code)
        checked += 1
    assert checked >= 20
    after = db.session.scalar(select(func.count(AuditEntry.id)))
    assert after == before, "general counsel changed something"
