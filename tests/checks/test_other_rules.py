"""Effort, outside days, foreign resources, contracts, dropped ties and the annual questions.
Each test fails if its rule is removed or mis-applied."""

from __future__ import annotations

from app.checks import CheckSettings, Severity
from app.checks.settings import RULE_IDS
from tests.checks.builders import (
    activity,
    appointment,
    case,
    compensation,
    of_rule,
    run,
    support,
)

# --- effort_over_12_months --------------------------------------------------------------


def effort(*items: dict) -> list:
    return of_rule(run(case(*items)), "effort_over_12_months")


def test_current_support_over_12_months_in_a_year_blocks():
    [finding] = effort(
        support("A", "current", {"2026": 7, "2027": 6}),
        support("B", "current", {"2026": "5.5", "2027": 6}),
    )
    assert finding.severity is Severity.BLOCK
    assert finding.items == (0, 1)
    assert "2026: 12.5" in finding.message


def test_exactly_12_months_is_allowed_and_years_are_not_mixed():
    assert not effort(support("A", "current", {"2026": 6}), support("B", "current", {"2026": 6}))
    assert not effort(support("A", "current", {"2026": 9}), support("B", "current", {"2027": 9}))


def test_pending_support_that_would_overcommit_warns():
    [finding] = effort(support("A", "current", {"2027": 8}), support("B", "pending", {"2027": 5}))
    assert finding.severity is Severity.WARN
    assert finding.items == (0, 1)


# --- outside_days_limit -----------------------------------------------------------------


def days(*items: dict, settings: CheckSettings | None = None) -> list:
    return of_rule(run(case(*items), settings), "outside_days_limit")


def test_outside_days_over_the_limit_warn():
    [finding] = days(activity("A", 20), activity("B", "19.5"))
    assert finding.severity is Severity.WARN
    assert finding.items == (0, 1)
    assert not days(activity("A", 20), activity("B", 19))


def test_only_activities_active_in_the_last_12_months_count():
    ended = activity("Old", 30, start="2020-01-01", end="2025-11-29")
    assert not days(ended, activity("A", 20))
    assert days({**ended, "end": "2025-11-30"}, activity("A", 20))
    future = activity("Later", 30, start="2026-12-01")
    assert not days(future, activity("A", 20))


def test_the_limit_is_a_setting():
    lower = CheckSettings.from_mapping({"outside_days_limit.days": "20"})
    assert days(activity("A", 25), settings=lower)
    assert not days(activity("A", 25))


# --- foreign_support_missing ------------------------------------------------------------


def missing_support(*items: dict) -> list:
    return of_rule(run(case(*items)), "foreign_support_missing")


def test_foreign_resources_without_a_support_entry():
    lab = appointment("Zhejiang University", resources_provided="lab space and two students")
    [finding] = missing_support(lab)
    assert finding.items == (0,)
    assert not missing_support(lab, support("Lab", "current", {}, sponsor="ZHEJIANG UNIVERSITY"))
    in_kind = support("", "pending", {}, sponsor="Zhejiang University", in_kind_value="9000")
    assert not missing_support(lab, in_kind)


def test_foreign_activities_count_domestic_ones_and_no_resources_do_not():
    abroad = activity("Max Planck Institute", 5, country="DE", resources_provided=["equipment"])
    assert missing_support(abroad)
    assert not missing_support({**abroad, "country": "US"})
    assert not missing_support({**abroad, "resources_provided": []})
    assert not missing_support(appointment("Zhejiang University", resources_provided="none"))


# --- contract_document_missing / contract_translation_missing ---------------------------


def contract(**fields) -> dict:
    return {"counterparty": "Acme", "country": "CN", **fields}


def contract_rules(item_contract: dict) -> list[str]:
    item = compensation("Acme", "100", contract=item_contract)
    return [f.rule for f in run(case(item)) if f.rule.startswith("contract_")]


def test_a_contract_without_its_document():
    assert contract_rules(contract(document=False)) == ["contract_document_missing"]
    assert contract_rules(contract()) == ["contract_document_missing"]


def test_a_contract_not_in_english_needs_a_translation():
    assert contract_rules(contract(document=True, language="zh")) == [
        "contract_translation_missing"
    ]
    assert contract_rules(contract(document=True, language="zh", translation=True)) == []
    assert contract_rules(contract(document=True, language="en")) == []
    assert contract_rules(contract(document=True)) == []  # a missing language means English


# --- tie_dropped ------------------------------------------------------------------------


def dropped(items: list[dict], previous: list[dict]) -> list:
    return of_rule(run(case(*items, previous_items=previous)), "tie_dropped")


def test_a_foreign_tie_without_an_end_date_that_is_gone():
    tie = appointment("Zhejiang University")
    [finding] = dropped([activity("Acme", 2)], [activity("Acme", 2), tie])
    assert finding.severity is Severity.WARN
    assert finding.items == (1,)  # the index in previous_items
    assert "Did it end?" in finding.message
    assert not dropped([appointment("ZHEJIANG UNIVERSITY")], [tie])


def test_adding_an_end_date_is_not_dropping_it():
    assert not dropped(
        [appointment("Zhejiang University", end="2026-08-31")], [appointment("Zhejiang University")]
    )


def test_ended_domestic_or_other_kind_ties():
    assert not dropped([], [appointment("Zhejiang University", end="2026-01-31")])
    assert not dropped([], [activity("Acme", 5, country="US")])
    collaboration = {
        "kind": "collaboration",
        "collaborator": "Dr Li",
        "institution": "Fudan University",
        "country": "CN",
    }
    assert dropped([], [collaboration])
    assert dropped([activity("Fudan University", 2, country="CN")], [collaboration])


# --- questionnaire ----------------------------------------------------------------------


def questions(answers: dict) -> list:
    return of_rule(run(case(questionnaire=answers)), "questionnaire")


def test_letters_quid_pro_quo_and_placement_roles_are_reported():
    assert len(questions({"recommendation_letters": "yes"})) == 1
    assert len(questions({"graduate_placement_role": True})) == 1
    assert len(questions({"recommendation_letters": "yes", "graduate_placement_role": "yes"})) == 2
    assert questions({"recommendation_letters": "no", "graduate_placement_role": False}) == []


def test_executive_education_client_is_screened():
    assert questions({"executive_education": "yes", "executive_education_client": "Huawei"})
    assert not questions({"executive_education": "yes", "executive_education_client": "Boeing"})
    assert questions({"executive_education": {"answer": "yes", "client": "Huawei Technologies"}})
    assert not questions({"executive_education": "no", "executive_education_client": "Huawei"})


# --- settings turn rules off and change severities --------------------------------------


def everything() -> dict:
    return case(
        compensation(
            "浙江省千人计划办公室",
            "500000",
            currency="CNY",
            payer_country="CN",
            contract=contract(document=True, language="zh"),
        ),
        activity("Acme", 45),
        support("A", "current", {"2026": 13}),
        appointment("Fudan University", resources_provided="lab"),
        answer="no",
        questionnaire={"recommendation_letters": "yes"},
        previous_items=[appointment("Zhejiang University")],
    )


def test_every_rule_fires_on_a_case_built_to_trip_them_and_settings_switch_them_off():
    fired = {finding.rule for finding in run(everything())}
    assert fired == set(RULE_IDS) - {"contract_document_missing"}
    off = CheckSettings.from_mapping({f"{rule}.enabled": "false" for rule in RULE_IDS})
    assert run(everything(), off) == []


def test_severity_is_a_setting():
    stricter = CheckSettings.from_mapping({"outside_days_limit.severity": "block"})
    [finding] = of_rule(run(everything(), stricter), "outside_days_limit")
    assert finding.severity is Severity.BLOCK
