"""Every query parameter of every list page, with hostile values.

A page lists (200) or refuses (400) with a page that names the parameter it cannot use;
never a 500, and never a silent "everything" in place of a filter it could not read.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.disclosures.enums import DisclosureStatus, ItemKind
from app.people.roles import Role
from app.screening.flags import Category, Severity
from tests.factories import login, make_disclosure, make_person, make_submitted
from tests.hostile.strategies import HOSTILE, NUMBERS, hostile_text, may_be_refused
from tests.hostile.test_numbers import DATE_TEXTS, NUMBER_TEXTS

#: path -> {parameter: label the refusal names}
LIST_PAGES: dict[str, dict[str, str]] = {
    "/review/queue": {
        "status": "Status",
        "severity": "Severity",
        "kind": "Kind of item",
        "person": "Person",
    },
    "/review/flags": {},
    "/watchlist/": {"q": "Name or alias", "category": "Category", "origin": "Origin"},
    "/organisations/": {"q": "Name or alias", "page": "Page"},
    "/counsel/contracts": {
        "department": "Department code",
        "counterparty": "Counterparty",
        "country": "Country",
        "flagged": "Flagged",
        "status": "Contract status",
        "signed_from": "Signed from",
        "signed_to": "Signed to",
    },
    "/counsel/contracts.xlsx": {
        "flagged": "Flagged",
        "status": "Contract status",
        "signed_from": "Signed from",
        "country": "Country",
    },
    "/counsel/audit": {
        "person": "Person (name or email)",
        "object_type": "Object type",
        "object_id": "Object id",
        "action": "Action (e.g. disclosure.submit)",
        "date_from": "From",
        "date_to": "To",
    },
    "/counsel/audit.xlsx": {"date_from": "From", "date_to": "To"},
    "/rollups/": {},
    "/cycles/": {},
}
PARAMETERS = [(path, name) for path, names in LIST_PAGES.items() for name in names]
#: Values that are fine for some parameter, so that each is also tried where it is not.
GOOD_VALUES = [
    *(s.value for s in DisclosureStatus),
    *(s.value for s in Severity),
    *(k.value for k in ItemKind),
    *(c.value for c in Category),
    "built-in",
    "local",
    "yes",
    "active",
    "CN",
    "2025-01-01",
    "1",
]
query_value = st.one_of(
    st.sampled_from([*NUMBERS, *NUMBER_TEXTS, *DATE_TEXTS, *GOOD_VALUES, "bogus", ""]),
    hostile_text(max_pieces=4),
)


@pytest.fixture()
def everyone(client, db):
    """One person who may open every list page."""
    person = make_person(Role.COI_OFFICE, Role.GENERAL_COUNSEL, Role.ADMIN, Role.DEPARTMENT_HEAD)
    login(client, person.email)
    return person


def test_a_bogus_severity_is_refused_with_a_page_that_says_why(client, everyone):
    response = client.get("/review/queue?severity=bogus")
    assert response.status_code == 400
    assert "Severity: Not a valid choice." in response.text
    assert client.get("/review/queue?severity=critical").status_code == 200


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/organisations/?page=0", "Page: Give a page number from 1 to 100,000."),
        ("/organisations/?page=abc", "Page: Not a valid integer value."),
        ("/watchlist/?origin=elsewhere", "Origin: Not a valid choice."),
        ("/counsel/contracts.xlsx?signed_from=2024-02-30", "Signed from: Not a valid date value."),
        ("/counsel/audit.xlsx?date_from=2025-02-01&date_to=2025-01-01", "To: This must be on"),
    ],
)
def test_each_refusal_names_the_parameter(client, everyone, path, message):
    response = client.get(path)
    assert response.status_code == 400
    assert message in response.text
    assert "spreadsheetml" not in response.content_type


@pytest.mark.parametrize(("path", "name"), PARAMETERS, ids=[f"{p}?{n}" for p, n in PARAMETERS])
@settings(HOSTILE, max_examples=12)
@given(value=query_value)
@example(value="bogus")
@example(value="sNaN")
@example(value="1e20")
@example(value=str(10**20))
def test_hostile_query_parameters(client, everyone, path, name, value):
    response = client.get(path, query_string={name: value})
    assert response.status_code in (200, 400), (path, name, value, response.status_code)
    if response.status_code == 400 and not may_be_refused(value):
        # Control characters are refused for the whole address, before any page reads it.
        assert f"{LIST_PAGES[path][name]}:" in response.text, (path, name, value)


def test_compare_refuses_versions_it_cannot_read(client, db):
    disclosure = make_submitted(make_disclosure())
    login(client, disclosure.person.email)
    base = f"/disclosures/{disclosure.id}/compare"
    for query, status in [
        ("?from=abc&to=1", 400),
        ("?from=sNaN&to=1", 400),
        ("?from=1", 400),
        (f"?from={10**20}&to=1", 400),
        ("?from=0&to=1", 400),
        ("?from=7&to=1", 404),  # readable, but there is no version 7
    ]:
        response = client.get(base + query)
        assert response.status_code == status, query
    assert "Compare version: Not a valid integer value." in client.get(base + "?from=x&to=1").text
