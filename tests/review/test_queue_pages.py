"""The review queue pages and filters in SQL, so it stays fast however long it grows."""

from __future__ import annotations

import re

from app.disclosures.enums import ItemKind
from app.people.roles import Role
from app.review import queries
from tests.factories import login, make_disclosure, make_item, make_person, make_submitted


def test_the_queue_pages_and_filters_by_kind_and_severity(app, client, db, monkeypatch):
    monkeypatch.setattr(queries, "QUEUE_PAGE_SIZE", 3)
    for number in range(5):
        disclosure = make_disclosure(make_person(Role.FACULTY, name=f"Filer {number}"))
        kind = ItemKind.SUPPORT if number % 2 else ItemKind.OUTSIDE_COMPENSATION
        make_item(disclosure, kind, organisation="Huawei" if number == 4 else "Acme Labs")
        make_submitted(disclosure)
    login(client, make_person(Role.COI_OFFICE).email)

    def names(path: str) -> list[str]:
        return re.findall(r"<td>(Filer \d)</td>", client.get(path).text)

    assert names("/review/queue") == ["Filer 0", "Filer 1", "Filer 2"]
    assert names("/review/queue?page=2") == ["Filer 3", "Filer 4"]
    assert names("/review/queue?kind=support") == ["Filer 1", "Filer 3"]
    assert names("/review/queue?severity=critical") == ["Filer 4"]
    assert "5 disclosure(s) awaiting review" in client.get("/review/queue").text
