import pytest

from tests.screening.official_data import DOD1260H_NAME, DOD1286_NAME, full_list


@pytest.fixture
def dod1260h():
    """The full 1260H list (skipped when absent locally, a failure under CI)."""
    return full_list(DOD1260H_NAME)


@pytest.fixture
def dod1286():
    """The full 1286 list (skipped when absent locally, a failure under CI)."""
    return full_list(DOD1286_NAME)
