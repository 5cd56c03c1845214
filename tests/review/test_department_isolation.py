"""A head of department A gets 403 or 404 for every disclosure, queue, attachment and
action URL that concerns department B (the matrix is built from the URL map)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from app.clock import local_today
from app.disclosures.attachments import store_attachment
from app.disclosures.enums import AttachmentPurpose, ItemKind
from app.people.roles import Role
from app.review.models import ReviewAction
from app.review.operations import PlanTerms, take_action
from tests.conftest import csrf_token_from
from tests.factories import (
    certified_flags,
    login,
    make_department,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)

OBJECT_PREFIXES = ("/disclosures/<", "/review/", "/attachments/<", "/rollups/department/")


@pytest.fixture()
def department_b(db):
    chemistry = make_department("CHEM", "Chemistry")
    filer = make_person(Role.FACULTY, department=chemistry, name="Chem Filer")
    coi = make_person(Role.COI_OFFICE)
    disclosure = make_disclosure(filer)
    item = make_item(disclosure, ItemKind.OUTSIDE_COMPENSATION, organisation="Huawei", country="CN")
    from werkzeug.datastructures import FileStorage

    attachment = store_attachment(
        disclosure,
        FileStorage(io.BytesIO(b"%PDF-1.4\n%demo\n"), "award.pdf"),
        AttachmentPurpose.AWARD_LETTER,
        filer,
        item,
    )
    make_submitted(disclosure)
    take_action(disclosure, ReviewAction.START_REVIEW, coi, disclosure.lock_version)
    from app.review.models import Disposition
    from app.review.operations import dispose_flag

    flag = next(f for f in certified_flags(disclosure) if f.severity == "critical")
    dispose_flag(flag, Disposition.CONFIRMED, "", coi)
    take_action(
        disclosure,
        ReviewAction.APPROVE_WITH_PLAN,
        coi,
        disclosure.lock_version,
        plan=PlanTerms("Conditions", coi, local_today() + timedelta(days=90)),
    )
    from app.review.queries import current_plan

    return {
        "disclosure_id": disclosure.id,
        "item_id": item.id,
        "attachment_id": attachment.id,
        "flag_id": flag.id,
        "plan_id": current_plan(disclosure).id,
        "number": 1,
        "kind": "support",
        "person_id": filer.id,
        "code": "CHEM",
        "year": disclosure.cycle.year,
        "filer": filer,
    }


def object_urls(app, objects) -> list[tuple[str, str]]:
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(OBJECT_PREFIXES) or not rule.arguments:
            continue
        missing = rule.arguments - objects.keys()
        assert not missing, f"{rule.rule}: add {missing} to the isolation matrix"
        path = rule.build({name: objects[name] for name in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            urls.append((method, path))
    return urls


OUTSIDERS = {
    "head of department A": lambda physics, chemistry: make_person(
        Role.FACULTY, Role.DEPARTMENT_HEAD, department=physics
    ),
    "faculty of department A": lambda physics, chemistry: make_person(
        Role.FACULTY, department=physics
    ),
    "colleague in department B": lambda physics, chemistry: make_person(
        Role.FACULTY, department=chemistry
    ),
    "administrator": lambda physics, chemistry: make_person(Role.ADMIN),
}


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_are_refused_every_object_url(app, client, db, department_b, outsider):
    physics = make_department("PHYS", "Physics")
    person = OUTSIDERS[outsider](physics, make_department("CHEM"))
    login(client, person.email)
    token = csrf_token_from(client.get("/delegates/").text)
    urls = object_urls(app, department_b)
    assert len(urls) >= 20
    for method, path in urls:
        response = client.open(path, method=method, data={"csrf_token": token})
        response.close()
        assert response.status_code in (403, 404), (method, path, response.status_code)
    queue = client.get("/review/queue")
    assert queue.status_code == 403 or "Chem Filer" not in queue.text
    assert client.get("/review/flags").status_code == 403
    department_page = client.get("/department")
    assert department_page.status_code == 403 or "Chem Filer" not in department_page.text


def test_the_head_of_department_b_may_open_them(app, client, db, department_b):
    chemistry = make_department("CHEM")
    head_b = make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=chemistry)
    login(client, head_b.email)
    disclosure_id = department_b["disclosure_id"]
    assert client.get(f"/disclosures/{disclosure_id}").status_code == 200
    download = client.get(f"/attachments/{department_b['attachment_id']}")
    assert download.status_code == 200
    download.close()
    assert "Chem Filer" in client.get("/department").text
