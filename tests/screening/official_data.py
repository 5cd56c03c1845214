"""Where the tests find the official list files.

The full lists live outside the repository, in a `shared/data` folder beside it (or beside
one of its parent folders: worktrees sit one level deeper); `CANDOR_LIST_DATA` overrides
the folder. Without them the tests use the small samples in `fixtures/`, except under
`CI=true`, where a missing full file is a failure: CI must measure against the real lists.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).with_name("fixtures")
DOD1260H_NAME = "us_dod_1260h_chinese_military_companies.csv"
DOD1286_NAME = "us_dod_1286_foreign_institutions_and_talent_programs.csv"
SAMPLES = {
    DOD1260H_NAME: FIXTURES / "dod1260h_sample.csv",
    DOD1286_NAME: FIXTURES / "dod1286_sample.csv",
}


def shared_data_dir() -> Path | None:
    override = os.environ.get("CANDOR_LIST_DATA")
    if override:
        return Path(override)
    for folder in REPO.parents:
        candidate = folder / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return None


def shared_list(name: str) -> Path | None:
    """The full official list file, or None when it is absent (a failure under CI)."""
    folder = shared_data_dir()
    path = folder / name if folder else None
    if path is not None and path.exists():
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"official list {name} not found (looked in {folder}); CI needs it")
    return None


def full_list(name: str) -> Path:
    """The full official list file; skips the test locally when it is absent."""
    path = shared_list(name)
    if path is None:
        pytest.skip(f"shared official list {name} absent")
    return path


def list_or_sample(name: str) -> Path:
    """The full official list when present, else its vendored sample."""
    return shared_list(name) or SAMPLES[name]
