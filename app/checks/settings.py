"""The institution's settings for the checks: which rules run, how severe they are, and the
thresholds they apply. Data, not code: every setting is defined here once, with its
default, and an administrator changes the values (stored as text in `check_setting`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import cast

from app.refusals import Refusal

from .findings import Severity


@dataclass(frozen=True, slots=True)
class RuleInfo:
    id: str
    label: str
    severity: Severity
    #: What the rule looks for, for the settings page.
    summary: str


RULES: tuple[RuleInfo, ...] = (
    RuleInfo(
        "talent_answer_contradicted",
        "Talent-program answer contradicted",
        Severity.WARN,
        'The talent-program answer is "No" while an item names or is flagged as a program.',
    ),
    RuleInfo(
        "sfi_threshold",
        "Significant financial interest (PHS)",
        Severity.INFO,
        "Remuneration, equity or royalties from one entity over the PHS threshold.",
    ),
    RuleInfo(
        "effort_over_12_months",
        "Effort over 12 person-months",
        Severity.BLOCK,
        "Current support in a calendar year sums to more than 12 person-months.",
    ),
    RuleInfo(
        "outside_days_limit",
        "Outside activity days over the limit",
        Severity.WARN,
        "Days per year of outside activities in the last 12 months exceed the limit.",
    ),
    RuleInfo(
        "foreign_support_missing",
        "Foreign resources without a support entry",
        Severity.WARN,
        "A foreign appointment or activity provides resources; no support entry from it.",
    ),
    RuleInfo(
        "compensation_without_activity",
        "Compensation without an activity",
        Severity.WARN,
        "Compensation from a payer with no activity, interest or appointment with it.",
    ),
    RuleInfo(
        "contract_document_missing",
        "Contract without its document",
        Severity.WARN,
        "A contract is declared but its document is not attached.",
    ),
    RuleInfo(
        "contract_translation_missing",
        "Contract without an English translation",
        Severity.WARN,
        "A contract document not in English has no English translation attached.",
    ),
    RuleInfo(
        "foreign_government_compensation",
        "Compensation from Chinese government sources",
        Severity.WARN,
        "Payments in the last 12 months from government-funded or talent-program payers in "
        "China above the amount set.",
    ),
    RuleInfo(
        "tie_dropped",
        "Foreign tie no longer disclosed",
        Severity.WARN,
        "A foreign tie of the last certified disclosure, with no end date, is missing now.",
    ),
    RuleInfo(
        "questionnaire",
        "Annual questions",
        Severity.WARN,
        "Answers to the annual research-security questions that call for a closer look.",
    ),
)
RULE_IDS = tuple(rule.id for rule in RULES)


class SettingKind(StrEnum):
    ENABLED = "enabled"
    SEVERITY = "severity"
    AMOUNT_USD = "amount_usd"
    NUMBER = "number"


@dataclass(frozen=True, slots=True)
class SettingDefinition:
    key: str
    label: str
    kind: SettingKind
    default: object
    #: The rule the setting belongs to.
    rule: str
    help: str = ""

    def parse(self, value: object) -> object:
        """The typed value of `value` (text from a form or the table); SettingError if bad."""
        if self.kind is SettingKind.ENABLED:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("true", "yes", "1", "on"):
                return True
            if text in ("false", "no", "0", "off", ""):
                return False
            raise SettingError(self.key, "Choose on or off.")
        if self.kind is SettingKind.SEVERITY:
            try:
                return Severity(str(value).strip().lower())
            except ValueError:
                raise SettingError(self.key, "Choose a severity from the list.") from None
        try:
            number = Decimal(str(value).replace(",", "").strip())
        except InvalidOperation:
            raise SettingError(self.key, "Enter a number, such as 39 or 5000.") from None
        if not number.is_finite() or number < 0:
            raise SettingError(self.key, "Enter a number of zero or more.")
        if number > Decimal("1000000000"):
            raise SettingError(self.key, "Enter a smaller number.")
        return number

    def to_text(self, value: object) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, Decimal):
            return f"{value.normalize():f}"
        return str(value)


class SettingError(Refusal):
    """A setting value the checks cannot use; `field` is the setting's key."""


def _rule_settings(rule: RuleInfo) -> list[SettingDefinition]:
    return [
        SettingDefinition(f"{rule.id}.enabled", "Runs", SettingKind.ENABLED, True, rule.id),
        SettingDefinition(
            f"{rule.id}.severity", "Severity", SettingKind.SEVERITY, rule.severity, rule.id
        ),
    ]


DEFINITIONS: tuple[SettingDefinition, ...] = (
    *(definition for rule in RULES for definition in _rule_settings(rule)),
    SettingDefinition(
        "effort_over_12_months.pending_severity",
        "Severity when only pending support would exceed",
        SettingKind.SEVERITY,
        Severity.WARN,
        "effort_over_12_months",
    ),
    SettingDefinition(
        "effort_over_12_months.months",
        "Person-months in a calendar year",
        SettingKind.NUMBER,
        Decimal(12),
        "effort_over_12_months",
        "Support above this many person-months in one calendar year is reported.",
    ),
    SettingDefinition(
        "sfi_threshold.amount_usd",
        "Remuneration and equity threshold (USD)",
        SettingKind.AMOUNT_USD,
        Decimal(5000),
        "sfi_threshold",
        "PHS: remuneration (plus equity value, for a publicly traded entity) over this.",
    ),
    SettingDefinition(
        "sfi_threshold.royalties_usd",
        "Royalties threshold (USD)",
        SettingKind.AMOUNT_USD,
        Decimal(5000),
        "sfi_threshold",
        "PHS: intellectual-property income over this.",
    ),
    SettingDefinition(
        "outside_days_limit.days",
        "Days per year allowed",
        SettingKind.NUMBER,
        Decimal(39),
        "outside_days_limit",
        "A common rule is one day a week during the academic year (39 days).",
    ),
    SettingDefinition(
        "foreign_government_compensation.amount_usd",
        "Amount over 12 months (USD)",
        SettingKind.AMOUNT_USD,
        Decimal(10000),
        "foreign_government_compensation",
        "Payments from such sources above this ask for extra caution.",
    ),
)
DEFINITIONS_BY_KEY = {definition.key: definition for definition in DEFINITIONS}
#: The settings beyond each rule's "runs" and "severity": thresholds and the like.
OTHER_SETTINGS = tuple(
    definition
    for definition in DEFINITIONS
    if definition.key not in {f"{definition.rule}.enabled", f"{definition.rule}.severity"}
)


@dataclass(frozen=True, slots=True)
class CheckSettings:
    """Every setting's value, typed; build with `default_settings` or `from_mapping`."""

    values: Mapping[str, object]

    @classmethod
    def from_mapping(cls, overrides: Mapping[str, object]) -> CheckSettings:
        """Defaults with `overrides` applied; keys no longer defined are ignored."""
        values = {definition.key: definition.default for definition in DEFINITIONS}
        for key, value in overrides.items():
            definition = DEFINITIONS_BY_KEY.get(key)
            if definition is not None:
                values[key] = definition.parse(value)
        return cls(values)

    def enabled(self, rule: str) -> bool:
        return bool(self.values[f"{rule}.enabled"])

    def severity(self, rule: str, key: str = "severity") -> Severity:
        return Severity(self.values[f"{rule}.{key}"])

    def number(self, key: str) -> Decimal:
        return cast(Decimal, self.values[key])

    def as_text(self) -> dict[str, str]:
        return {key: DEFINITIONS_BY_KEY[key].to_text(value) for key, value in self.values.items()}


def default_settings() -> CheckSettings:
    return CheckSettings.from_mapping({})
