"""What review does when other features announce something (connected on import)."""

from __future__ import annotations

from typing import Any

from app.review.operations import carry_decisions
from app.signals import version_frozen


@version_frozen.connect
def keep_decisions_on_unchanged_findings(sender: Any, carried: list, **extra: Any) -> None:
    carry_decisions(carried)
