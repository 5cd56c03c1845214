"""Posting item forms the way a browser does."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient

from app.disclosures.enums import ItemKind
from tests.conftest import csrf_token_from
from tests.factories import ITEM_DATA


def form_encode(data: dict[str, Any]) -> dict[str, str]:
    """Form values as a browser sends them: unticked boxes are simply absent."""
    encoded = {}
    for name, value in data.items():
        if value is None or value is False:
            continue
        if value is True:
            encoded[name] = "y"
        elif isinstance(value, date | Decimal):
            encoded[name] = str(value)
        else:
            encoded[name] = str(value)
    return encoded


def post_item(
    client: FlaskClient,
    disclosure_id: int,
    kind: ItemKind,
    item_id: int | None = None,
    **overrides: Any,
):
    path = (
        f"/disclosures/{disclosure_id}/items/{item_id}"
        if item_id
        else f"/disclosures/{disclosure_id}/items/new/{kind.value}"
    )
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    # A browser always sends every select, the contract's type included (empty if unused).
    data = form_encode({"contract_type": "", **ITEM_DATA[kind], **overrides})
    data["csrf_token"] = csrf_token_from(page.text)
    return client.post(path, data=data)


def post_form(client: FlaskClient, page_path: str, action: str, **data: Any):
    token = csrf_token_from(client.get(page_path).text)
    return client.post(action, data={**form_encode(data), "csrf_token": token})


NOTE_FIELD = re.compile(r'name="(note_\w+)"')


def certify(client: FlaskClient, disclosure_id: int, name: str, certified: bool = True):
    """Certify on "Review and submit" as a filer does: explain each warning, tick, sign."""
    path = f"/disclosures/{disclosure_id}/submit"
    page = client.get(path).text
    data: dict[str, Any] = dict.fromkeys(NOTE_FIELD.findall(page), "Explained for the reviewers.")
    data["typed_name"] = name
    if certified:
        data["certified"] = True
    return client.post(path, data={**form_encode(data), "csrf_token": csrf_token_from(page)})
