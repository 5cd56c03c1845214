"""Numbers in addresses and query strings beyond what the database's integers hold:
every route answers "not found" (or refuses, naming the parameter), never with a server
error."""

from __future__ import annotations

import re

import pytest

from app.people.roles import Role
from tests.conftest import csrf_token_from
from tests.factories import login, make_person

#: Past 32 bits, past 64 bits, and far past both.
HUGE_NUMBERS = [2**31, 2**63, 10**20]
INT_ARGUMENT = re.compile(r"<int:\w+>")
OTHER_ARGUMENT = re.compile(r"<(?:\w+:)?\w+>")


def addresses_with(number: int) -> list[tuple[str, str]]:
    """(method, path) of every route that takes a number, with `number` in each slot."""
    from flask import current_app

    found = []
    for rule in current_app.url_map.iter_rules():
        if not INT_ARGUMENT.search(rule.rule):
            continue
        path = OTHER_ARGUMENT.sub("X", INT_ARGUMENT.sub(str(number), rule.rule))
        found.extend((method, path) for method in sorted(rule.methods & {"GET", "POST"}))
    return found


def outcome(client, method: str, path: str, token: str) -> int | str:
    try:
        if method == "GET":
            return client.get(path).status_code
        return client.post(path, data={"csrf_token": token}).status_code
    except Exception as error:  # the test reports every crash at once
        return f"{type(error).__name__}: {error}"


@pytest.mark.parametrize("number", HUGE_NUMBERS)
def test_huge_numbers_in_addresses_are_not_found(client, db, number):
    person = make_person(Role.FACULTY, Role.COI_OFFICE, Role.ADMIN, Role.GENERAL_COUNSEL)
    login(client, person.email)
    token = csrf_token_from(client.get("/my").text)
    addresses = addresses_with(number)
    assert len(addresses) > 20
    failures = {}
    for method, path in addresses:
        status = outcome(client, method, path, token)
        if not (isinstance(status, int) and 400 <= status < 500):
            failures[f"{method} {path}"] = status
    assert not failures, "\n".join(f"{where}: {what}" for where, what in failures.items())


@pytest.mark.parametrize("number", HUGE_NUMBERS)
def test_huge_numbers_in_query_strings(client, db, number):
    person = make_person(Role.COI_OFFICE)
    login(client, person.email)
    failures = {}
    for path in (f"/organisations/?page={number}", f"/organisations/?page=-{number}"):
        response = client.get(path)
        if response.status_code != 400 or "Page: Give a page number" not in response.text:
            failures[path] = response.status_code
    assert not failures, "\n".join(f"{where}: {what}" for where, what in failures.items())
