"""Read-side helpers for entity profiles: which entities an organisation record is, and
the short form of a profile the item form shows while filing."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.screening.flags import InfoKind
from app.screening.matcher import Matcher
from app.screening.profiles import Profile, build_profile


def entities_named(names: list[str], matcher: Matcher, on: date) -> list[str]:
    """Entity ids of the watchlist entities that any of `names` names, in order found."""
    found: dict[str, None] = {}
    for name in names:
        for flag in matcher.screen(name, as_of=on):
            if flag.category is not InfoKind.COUNTRY_OF_CONCERN:
                found[flag.entity_id or matcher.entity_of(flag.entry_id)] = None
    return list(found)


def profiles_named(names: list[str], matcher: Matcher, on: date) -> list[Profile]:
    profiles = (build_profile(matcher, entity, on) for entity in entities_named(names, matcher, on))
    return [profile for profile in profiles if profile is not None]


def profile_summary(profile: Profile, url: str) -> dict[str, Any]:
    """What the item form shows when a filer picks an organisation (JSON, words only)."""
    return {
        "entity_id": profile.entity_id,
        "name": profile.name,
        "category": profile.category.label,
        "rule": profile.rule.value,
        "rule_label": profile.rule.label,
        "rule_text": profile.rule.text,
        "currently_listed": profile.currently_listed,
        "lists": [
            listing.source + (f" (ended {listing.end_date:%d %b %Y})" if listing.ended else "")
            for listing in profile.listings
        ],
        "parents": [parent.name for parent in profile.parents],
        "supervising_body": profile.supervising_body,
        "why": profile.why,
        "url": url,
    }
