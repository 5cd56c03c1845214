"""Fixtures of the hostile-input suite: a filer signed in with a draft to fill in."""

from __future__ import annotations

import pytest

from app.disclosures.models import Disclosure
from tests.factories import login, make_disclosure


@pytest.fixture()
def draft(client, db) -> Disclosure:
    """A draft annual disclosure whose filer is signed in on `client`."""
    disclosure = make_disclosure()
    login(client, disclosure.person.email)
    return disclosure
