"""What engagements do when other features announce something (connected on import)."""

from __future__ import annotations

from typing import Any

from app.engagements.linking import link_reported_engagements
from app.signals import version_frozen


@version_frozen.connect
def link_items_to_engagements(sender: Any, version: Any, **extra: Any) -> None:
    link_reported_engagements(version)
