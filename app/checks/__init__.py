"""Compliance checks: a disclosure that contradicts itself, crosses a threshold, overcommits
its filer or lacks a document is found before it is certified, and explained.

The engine (`evaluate_case`) is pure: plain data in, findings out, no Flask and no
database. The settings table, the admin page and the command line live beside it.
"""

from .case import Case, CaseError, parse_case
from .evaluate import evaluate_case, evaluate_record
from .findings import Finding, Severity
from .settings import CheckSettings, default_settings

__all__ = [
    "Case",
    "CaseError",
    "CheckSettings",
    "Finding",
    "Severity",
    "default_settings",
    "evaluate_case",
    "evaluate_record",
    "parse_case",
]
