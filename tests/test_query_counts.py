"""Pages whose work must not grow with the institution: the number of SQL statements a
page runs is the same with 2 flagged disclosures as with 10 (the COI office's flag queue
used to run queries per flag; its dashboard built both queues to count them)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from app.disclosures.enums import ItemKind
from app.extensions import db as flask_db
from app.people.roles import Role
from tests.factories import (
    login,
    make_cycle,
    make_department,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)

PAGES = ("/review/flags", "/coi", "/department", "/review/queue", "/rollups/")


@contextmanager
def counted():
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    engine = flask_db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def flagged_disclosures(department, cycle, number: int) -> None:
    for _ in range(number):
        disclosure = make_disclosure(make_person(Role.FACULTY, department=department), cycle)
        make_item(
            disclosure,
            ItemKind.INFORMAL_COLLABORATION,
            organisation="Harbin Institute of Technology",
            country="CN",
        )
        make_item(disclosure, ItemKind.OUTSIDE_COMPENSATION, organisation="Huawei", country="CN")
        make_submitted(disclosure)


@pytest.mark.parametrize("path", PAGES)
def test_statements_do_not_grow_with_rows(app, db, path):
    department = make_department("PHYS", "Physics")
    cycle = make_cycle()
    viewer = make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, Role.COI_OFFICE, department=department)
    client = app.test_client()
    login(client, viewer.email)
    flagged_disclosures(department, cycle, 2)
    client.get(path)  # warm: the matcher, templates
    with counted() as few:
        assert client.get(path).status_code == 200
    flagged_disclosures(department, cycle, 8)
    with counted() as many:
        assert client.get(path).status_code == 200
    assert len(many) == len(few), f"{path}: {len(few)} statements with 2, {len(many)} with 10"
