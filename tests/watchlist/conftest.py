from tests.screening.conftest import dod1260h, dod1286  # noqa: F401 - shared fixtures
