"""What every rule is given: the case, the settings, the rates and the screening flags."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from app.rates.conversion import Conversion, MissingRate, RateTable, describe_conversions
from app.screening.flags import Category, Flag
from app.screening.matcher import Matcher
from app.screening.screen import screen_fields, screen_text

from .case import Case, Item, ItemKind
from .findings import Finding
from .settings import CheckSettings


@dataclass(frozen=True, slots=True)
class ScreenedField:
    field: str
    flag: Flag


def screen_items(items: Iterable[Item], matcher: Matcher | None) -> dict[int, list[ScreenedField]]:
    """Every text field of every item, screened as the app screens an item's fields."""
    return {
        item.index: [ScreenedField(name, flag) for name, flag in screen_fields(item.texts, matcher)]
        for item in items
    }


@dataclass(slots=True)
class CaseContext:
    case: Case
    settings: CheckSettings
    rates: RateTable
    flags: dict[int, list[ScreenedField]]
    matcher: Matcher | None = None
    #: Currencies that amounts were in but no rate is known for.
    missing_rates: set[str] = field(default_factory=set)

    def items(self, *kinds: ItemKind) -> Iterator[Item]:
        return (item for item in self.case.items if not kinds or item.kind in kinds)

    def previous(self, *kinds: ItemKind) -> Iterator[Item]:
        return (item for item in self.case.previous_items if item.kind in kinds)

    def flagged(
        self, item: Item, categories: frozenset[Category], fields: Iterable[str] | None = None
    ) -> list[Flag]:
        """The item's flags in these categories (from these fields only, if given)."""
        wanted = set(fields) if fields is not None else None
        return [
            screened.flag
            for screened in self.flags.get(item.index, [])
            if screened.flag.category in categories and (wanted is None or screened.field in wanted)
        ]

    def screen(self, text: str) -> list[Flag]:
        """Flags for a text that is not an item's (a questionnaire answer)."""
        return screen_text(text, self.matcher) if text.strip() else []

    def to_usd(self, item: Item) -> Conversion | None:
        """The item's amount in US dollars; None when it has none or no rate is known."""
        if item.amount is None:
            return None
        try:
            return self.rates.convert(item.amount, item.currency, item.paid_on or self.case.as_of)
        except MissingRate:
            self.missing_rates.add(item.currency)
            return None

    def finding(
        self,
        rule: str,
        items: Iterable[int],
        message: str,
        explanation: str,
        severity_key: str = "severity",
    ) -> Finding:
        return Finding(
            rule=rule,
            severity=self.settings.severity(rule, severity_key),
            items=tuple(sorted(set(items))),
            message=message,
            explanation=explanation,
        )


def conversions_note(conversions: Iterable[Conversion]) -> str:
    """ "Converted: CNY 500,000.00 = USD 70,422.54 at ..." for amounts not in US dollars."""
    foreign = [conversion for conversion in conversions if conversion.rate is not None]
    return f" Converted: {describe_conversions(foreign)}." if foreign else ""


def item_label(item: Item) -> str:
    name = item.organisation or item.text("title") or item.kind.value.replace("_", " ")
    return f"{name} (item {item.index + 1})"
