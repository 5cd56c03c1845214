"""The rules about money: talent-program answers, PHS SFIs, Chinese government sources,
compensation without a tie. Each test fails if its rule is removed or mis-applied."""

from __future__ import annotations

from app.checks import Severity
from tests.checks.builders import (
    activity,
    appointment,
    case,
    compensation,
    interest,
    of_rule,
    run,
)

FATIMA_PAYER = "浙江省千人计划办公室"


def fatima_case(answer: str = "no") -> dict:
    return case(
        compensation(
            FATIMA_PAYER,
            "500000",
            currency="CNY",
            payer_country="CN",
            talent_program="Thousand Talents Plan",
        ),
        answer=answer,
    )


# --- talent_answer_contradicted --------------------------------------------------------


def test_fatima_no_answer_with_a_talent_program_payment_is_contradicted():
    [finding] = of_rule(run(fatima_case()), "talent_answer_contradicted")
    assert finding.severity is Severity.WARN
    assert finding.items == (0,)
    assert "answered No" in finding.message
    assert "Thousand Talents" in finding.explanation


def test_a_yes_answer_is_not_contradicted():
    assert of_rule(run(fatima_case(answer="yes")), "talent_answer_contradicted") == []


def test_a_named_program_the_watchlist_does_not_know_still_contradicts_no():
    item = appointment("Example University", talent_program="Provincial Scholars Scheme")
    found = of_rule(run(case(item, answer="no")), "talent_answer_contradicted")
    assert [f.items for f in found] == [(0,)]


def test_a_talent_flag_in_any_text_field_contradicts_no():
    item = activity("Example Institute", 5, description="Reviewer for the Thousand Talents Plan")
    assert of_rule(run(case(item, answer="no")), "talent_answer_contradicted")


def test_no_answer_with_ordinary_items_is_fine():
    items = (compensation("Acme Corp", "2000"), activity("Acme Corp", 5))
    assert of_rule(run(case(*items, answer="no")), "talent_answer_contradicted") == []


# --- sfi_threshold ----------------------------------------------------------------------


def sfi(*items: dict, **fields) -> list:
    return of_rule(run(case(*items, **fields)), "sfi_threshold")


def test_public_entity_remuneration_plus_equity_over_5000_is_an_sfi():
    [finding] = sfi(
        interest("Pfizer Inc.", "consulting", "3000", entity_type="public"),
        interest("Pfizer Inc.", "equity", "2500.01", entity_type="public"),
    )
    assert finding.severity is Severity.INFO
    assert finding.items == (0, 1)
    assert finding.explanation.startswith("SFI: ")
    assert "USD 5,500.01" in finding.explanation


def test_exactly_5000_is_not_over_the_threshold():
    assert not sfi(
        interest("Pfizer Inc.", "consulting", "3000", entity_type="public"),
        interest("Pfizer Inc.", "equity", "2000", entity_type="public"),
    )
    assert not sfi(interest("Startup LLC", "honoraria", "5000"))
    assert sfi(interest("Startup LLC", "honoraria", "5000.01"))


def test_any_equity_in_a_private_entity_is_an_sfi():
    assert sfi(interest("Startup LLC", "equity", "10"))
    assert sfi(interest("Startup LLC", "equity", None))
    assert not sfi(interest("Bigco", "equity", "4000", entity_type="public"))


def test_filer_spouse_and_dependents_count_together_under_one_name():
    [finding] = sfi(
        interest("Acme Co., Ltd.", "consulting", "3000", held_by="spouse"),
        interest("ACME CO LTD", "salary", "2500", held_by="self"),
        interest("acme", "honoraria", "100", held_by="dependent"),
    )
    assert finding.items == (0, 1, 2)


def test_different_entities_are_not_summed():
    assert not sfi(interest("Acme", "consulting", "3000"), interest("Other", "consulting", "3000"))


def test_us_government_and_us_university_remuneration_is_excluded():
    assert not sfi(interest("State University", "honoraria", "9000", entity_type="university"))
    assert not sfi(interest("NIH", "honoraria", "9000", entity_type="government"))
    foreign = interest("Tsinghua University", "honoraria", "9000", entity_type="university")
    assert sfi({**foreign, "country": "CN"})


def test_royalties_over_5000_are_an_sfi():
    assert sfi(interest("Acme", "royalties", "6000"))
    assert not sfi(interest("Acme", "royalties", "5000"))


def test_amounts_are_converted_and_the_rate_is_named():
    at_threshold = compensation("Shenzhen Co", "35500", currency="CNY", payer_country="CN")
    assert not sfi(at_threshold)  # 35,500 / 7.1 = 5,000.00: not over
    [finding] = sfi({**at_threshold, "amount": "35600"})
    assert "CNY 35,600.00 = USD 5,014.08 at CNY 7.1 per USD (test table effective 2026-09-30)" in (
        finding.explanation
    )


def test_a_rate_given_with_the_case_replaces_the_table():
    item = compensation("Shenzhen Co", "35600", currency="CNY", payer_country="CN")
    assert not sfi(item, rates={"CNY": "8"})


def test_compensation_payer_is_public_only_when_an_interest_says_so():
    payment = compensation("Bigco Inc", "4000")
    assert not sfi(payment, interest("Bigco", "equity", "900", entity_type="public"))
    assert sfi(payment, interest("Bigco", "equity", "1500", entity_type="public"))
    assert sfi({**payment, "amount": "5001"})


def test_only_the_last_12_months_count_both_ends_included():
    first_day = compensation("Acme", "6000", date="2025-11-30")
    assert sfi(first_day)
    assert not sfi({**first_day, "date": "2025-11-29"})
    assert sfi({**first_day, "date": "2026-11-30"})
    assert not sfi({**first_day, "date": "2026-12-01"})


def test_travel_is_not_summed():
    travel = {"kind": "travel", "sponsor": "Acme", "value": "9000", "currency": "USD"}
    assert not sfi(travel, compensation("Acme", "100"))


# --- foreign_government_compensation ----------------------------------------------------


def government(*items: dict) -> list:
    return of_rule(run(case(*items)), "foreign_government_compensation")


def chinese(payer: str, amount: str, **fields) -> dict:
    return compensation(payer, amount, currency="CNY", payer_country="CN", **fields)


def test_government_funded_payers_in_china_above_10000_usd():
    [finding] = government(chinese("Zhejiang Lab", "71100", payer_government_funded="yes"))
    assert finding.severity is Severity.WARN
    assert "USD 10,014.08" in finding.explanation
    assert not government(chinese("Zhejiang Lab", "71000", payer_government_funded="yes"))


def test_summed_over_payers_hong_kong_and_macao_included():
    assert government(
        chinese("Zhejiang Lab", "42600", payer_government_funded="yes"),
        compensation(
            "HK Innovation Fund", "6000", payer_country="HK", payer_government_funded="yes"
        ),
    )
    macao = compensation("Macao Science Fund", "10001", payer_country="MO")
    assert government({**macao, "payer_government_funded": "yes"})
    assert not government({**macao, "payer_country": "TW", "payer_government_funded": "yes"})


def test_private_payers_in_china_do_not_count():
    assert not government(chinese("Private Co", "500000", payer_government_funded="no"))


def test_a_payer_flagged_as_a_program_or_naming_one_counts():
    assert government(chinese(FATIMA_PAYER, "500000", payer_government_funded="unknown"))
    assert government(chinese("Some Office", "500000", talent_program="Provincial Scholars"))


def test_paid_foreign_appointments_count_unpaid_ones_do_not():
    paid = appointment(
        "Example University",
        paid="paid",
        amount="12000",
        currency="USD",
        talent_program="Provincial Scholars",
    )
    assert government(paid)
    assert not government({**paid, "paid": "unpaid"})
    assert not government({**paid, "end": "2025-06-30"})


def test_payments_before_the_last_12_months_do_not_count():
    old = chinese("Zhejiang Lab", "500000", payer_government_funded="yes", date="2025-11-01")
    assert not government(old)


# --- compensation_without_activity ------------------------------------------------------


def orphan(*items: dict) -> list:
    return of_rule(run(case(*items)), "compensation_without_activity")


def test_compensation_with_no_tie_to_its_payer():
    [finding] = orphan(compensation("Acme Corp", "2000"), compensation("ACME Corporation", "10"))
    assert finding.items == (0, 1)
    assert finding.severity is Severity.WARN


def test_an_activity_interest_or_appointment_with_the_payer_is_a_tie():
    payment = compensation("Acme Co., Ltd.", "2000")
    assert not orphan(payment, activity("ACME CO LTD", 3))
    assert not orphan(payment, interest("Acme", "equity", "1"))
    assert not orphan(payment, appointment("Acme Company"))
    assert orphan(payment, activity("Acme Research Institute", 3))


def test_the_same_registry_organisation_is_a_tie_whatever_the_names():
    payment = {**compensation("Zhejiang University", "2000"), "organisation_id": 7}
    assert not orphan(payment, {**activity("浙江大学", 3), "organisation_id": 7})
