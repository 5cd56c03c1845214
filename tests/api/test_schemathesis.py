"""schemathesis against the running app, with a valid token: every operation of the
OpenAPI document, with data that fits it and data that does not.

Each response must not be a server error, must carry a status the document declares,
with the declared content type and a body matching the declared schema; data that breaks
the document must be refused (a 4xx). Real records (a person with a submitted, flagged
disclosure) are requested too, so the shapes are checked on more than empty lists.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from app.api.openapi import PATHS, openapi_document
from app.disclosures.enums import ItemKind
from app.people.roles import Role
from tests.api.conftest import bearer, make_token
from tests.factories import make_disclosure, make_item, make_person, make_submitted

CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = {GenerationMode.POSITIVE: 40, GenerationMode.NEGATIVE: 40}


@pytest.fixture()
def world(db):
    """A COI-office administrator's token and a faculty member with a flagged, submitted
    disclosure."""
    filer = make_person(Role.FACULTY)
    disclosure = make_disclosure(filer)
    make_item(disclosure, ItemKind.OUTSIDE_COMPENSATION, organisation="Huawei", country="CN")
    make_submitted(disclosure)
    return make_token(make_person(Role.ADMIN, Role.COI_OFFICE)), filer


OPERATIONS = [(method.upper(), path) for path, item in PATHS.items() for method in item]


def exercise(operation, mode: GenerationMode, client, headers) -> None:
    checks = [*CONFORMANCE, negative_data_rejection] if mode.is_negative else CONFORMANCE

    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        database=None,
        # The database fixture is shared by the examples on purpose: roster rows that one
        # example writes are there for the next, as they would be in production.
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def one_case(case) -> None:
        response = case.call(session=client, headers=headers)
        case.validate_response(response, checks=checks)

    one_case()


def test_every_operation_of_the_document_is_exercised():
    schema = schemathesis.openapi.from_dict(openapi_document())
    assert sorted((op.method.upper(), op.path) for op in schema_operations(schema)) == sorted(
        OPERATIONS
    )


def schema_operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", list(GenerationMode), ids=str)
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_schemathesis_finds_no_failure(app, world, method, path, mode):
    issued, filer = world
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema[path][method]
    client, headers = app.test_client(), bearer(issued)
    exercise(operation, mode, client, headers)
    if "person_id" in path:
        case = operation.Case(path_parameters={"person_id": filer.id})
        response = case.call(session=client, headers=headers)
        assert response.status_code == 200
        case.validate_response(response, checks=CONFORMANCE)
