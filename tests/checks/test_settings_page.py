"""The check settings page: an administrator changes rules and thresholds, audited, and the
engine's outcome follows without any code change."""

from __future__ import annotations

import json

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.checks.models import CheckSetting
from app.checks.operations import update_check_settings
from app.checks.queries import findings_for, institution_settings
from app.checks.settings import DEFINITIONS
from app.people.roles import Role
from app.rates.queries import rate_table
from forms.checks import field_name
from tests.checks.builders import activity, case
from tests.conftest import csrf_token_from
from tests.factories import login, make_person


def form_data(page: str, **changes: str) -> dict[str, str]:
    """Every setting as the page shows it (defaults), with some changed."""
    data = {"csrf_token": csrf_token_from(page)}
    for key, value in institution_settings().as_text().items():
        if key.endswith(".enabled"):
            if value == "true":
                data[field_name(key)] = "y"
        else:
            data[field_name(key)] = value
    data.update({field_name(key.replace("__", ".")): value for key, value in changes.items()})
    return data


def evaluate(app, record: dict) -> dict:
    result = app.test_cli_runner().invoke(args=["checks", "evaluate"], input=json.dumps(record))
    return json.loads(result.output)


def admin_client(client):
    admin = make_person(Role.ADMIN)
    login(client, admin.email)
    return admin


def test_the_page_lists_every_rule_and_the_rates_in_use(client):
    admin_client(client)
    page = client.get("/admin/checks")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Outside activity days over the limit" in html
    assert "Days per year allowed" in html
    assert "China-Renminbi" in html
    assert "31 December 2025" in html
    assert all(f'name="{field_name(d.key)}"' in html for d in DEFINITIONS)


def test_lowering_the_outside_days_limit_from_39_to_20_changes_the_outcome(app, client, db):
    record = case(activity("Acme", 25))
    assert evaluate(app, record)["findings"] == []

    admin = admin_client(client)
    page = client.get("/admin/checks").get_data(as_text=True)
    saved = client.post("/admin/checks", data=form_data(page, outside_days_limit__days="20"))
    assert saved.status_code == 302

    [finding] = evaluate(app, record)["findings"]
    assert finding["rule"] == "outside_days_limit"
    assert finding["severity"] == "warn"
    assert db.session.get(CheckSetting, "outside_days_limit.days").value == "20"
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "checks.settings_changed")
    ).one()
    assert entry.actor_id == admin.id
    assert "outside_days_limit.days 39 -> 20" in entry.summary


def test_switching_a_rule_off_and_changing_a_severity(app, client):
    admin_client(client)
    page = client.get("/admin/checks").get_data(as_text=True)
    data = form_data(page, outside_days_limit__severity="block")
    client.post("/admin/checks", data=data)
    [finding] = evaluate(app, case(activity("Acme", 45)))["findings"]
    assert finding["severity"] == "block"
    del data[field_name("outside_days_limit.enabled")]
    client.post("/admin/checks", data=data)
    assert evaluate(app, case(activity("Acme", 45)))["findings"] == []


def test_a_bad_value_is_refused_beside_its_field_and_kept(client, db):
    admin_client(client)
    page = client.get("/admin/checks").get_data(as_text=True)
    refused = client.post("/admin/checks", data=form_data(page, outside_days_limit__days="twenty"))
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "Enter a number, such as 39 or 5000." in html
    assert 'value="twenty"' in html
    assert db.session.get(CheckSetting, "outside_days_limit.days") is None
    negative = client.post("/admin/checks", data=form_data(page, sfi_threshold__amount_usd="-1"))
    assert negative.status_code == 400
    assert "Enter a number of zero or more." in negative.get_data(as_text=True)


def test_saving_unchanged_settings_records_nothing(client, db):
    admin_client(client)
    page = client.get("/admin/checks").get_data(as_text=True)
    assert client.post("/admin/checks", data=form_data(page)).status_code == 302
    assert db.session.scalars(select(CheckSetting)).all() == []
    assert rate_table().currencies()


def test_findings_for_uses_the_institution_settings(db):
    record = case(activity("Acme", 25))
    assert findings_for(record) == []
    update_check_settings({"outside_days_limit.days": "20"}, actor=None)
    assert [f.rule for f in findings_for(record)] == ["outside_days_limit"]
