"""Reading a case: what is required, what is refused (naming the field), what is ignored;
and the shared definitions (same organisation, foreign, China, the 12-month window)."""

from __future__ import annotations

from datetime import date

import pytest

from app.checks import CaseError, parse_case
from app.checks.case import parse_item
from app.checks.names import (
    active_in_last_12_months,
    in_china,
    in_last_12_months,
    is_foreign,
    name_key,
    same_organisation,
    twelve_months_before,
)
from tests.checks.builders import case, compensation, run


def refusal(record: dict) -> tuple[str, str]:
    with pytest.raises(CaseError) as raised:
        parse_case(record)
    return raised.value.field, raised.value.message


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"as_of": None}, "as_of"),
        ({"as_of": "30/11/2026"}, "as_of"),
        ({"items": None}, "items"),
        ({"items": [{"kind": "gift"}]}, "items[0].kind"),
        ({"items": [{"kind": "compensation", "amount": "5"}]}, "items[0].payer"),
        ({"items": [compensation("Acme", "5,0x0")]}, "items[0].amount"),
        ({"items": [compensation("Acme", "-5")]}, "items[0].amount"),
        ({"items": [compensation("Acme", "5", date="2026-13-01")]}, "items[0].date"),
        (
            {"items": [compensation("Acme", "5", payer_government_funded="maybe")]},
            "items[0].payer_government_funded",
        ),
        ({"talent_program_answer": "perhaps"}, "talent_program_answer"),
        ({"rates": {"CNY": "0"}}, "rates.CNY"),
        ({"previous_items": [{"kind": "support", "title": "x"}]}, "previous_items[0].status"),
    ],
)
def test_a_missing_or_malformed_field_is_named(change: dict, field: str):
    record = {**case(compensation("Acme", "5")), **change}
    if record["as_of"] is None:
        del record["as_of"]
    if record["items"] is None:
        del record["items"]
    assert refusal(record)[0] == field


def test_unknown_fields_are_ignored_and_amounts_may_be_numbers():
    record = case({**compensation("Acme", 5000.5), "colour": "blue"}, extra={"a": 1})
    parsed = parse_case(record)
    assert str(parsed.items[0].amount) == "5000.5"


def test_every_text_field_is_screened_but_not_codes_dates_or_a_collaborators_name():
    item = parse_item(
        {
            "kind": "collaboration",
            "collaborator": "Huawei Wang",
            "institution": "Fudan University",
            "country": "CN",
            "nature": "co-authorship",
            "since": "2024-01-01",
            "contract": {"counterparty": "Huawei", "document": True},
        },
        0,
        "items[0]",
    )
    assert set(item.texts) == {"institution", "nature", "contract.counterparty"}


def test_names_are_equal_ignoring_case_punctuation_and_legal_forms():
    assert name_key("Acme Co., Ltd.") == name_key("ACME CO LTD") == name_key("acme")
    assert name_key("Siemens AG") == name_key("Siemens GmbH")
    assert name_key("Huawei Technologies Co., Ltd.") == name_key("huawei technologies")
    assert name_key("华为技术有限公司") == name_key("华为技术")
    assert name_key("Acme Research") != name_key("Acme")


def test_same_organisation_by_registry_id_or_by_name():
    [a, b, c] = parse_case(
        case(
            {**compensation("Zhejiang University", "1"), "organisation_id": 3},
            {**compensation("浙江大学", "1"), "organisation_id": 3},
            compensation("Zhejiang University.", "1"),
        )
    ).items
    assert same_organisation(a, b)
    assert same_organisation(a, c)
    assert not same_organisation(b, c)


def test_foreign_and_china():
    assert is_foreign("CN") and is_foreign("de") and not is_foreign("US") and not is_foreign("")
    assert all(in_china(code) for code in ("CN", "HK", "MO"))
    assert not in_china("TW")


def test_the_last_12_months_end_on_the_disclosure_date_both_ends_included():
    as_of = date(2026, 11, 30)
    assert twelve_months_before(as_of) == date(2025, 11, 30)
    assert in_last_12_months(date(2025, 11, 30), as_of)
    assert not in_last_12_months(date(2025, 11, 29), as_of)
    assert not in_last_12_months(date(2026, 12, 1), as_of)
    assert twelve_months_before(date(2028, 2, 29)) == date(2027, 2, 28)
    assert active_in_last_12_months(date(2020, 1, 1), date(2025, 11, 30), as_of)
    assert not active_in_last_12_months(date(2020, 1, 1), date(2025, 11, 29), as_of)


def test_an_amount_in_a_currency_without_a_rate_is_left_out_not_guessed():
    item = compensation("Acme", "999999", currency="XYZ")
    assert [f.rule for f in run(case(item))] == ["compensation_without_activity"]
