"""Schemathesis against the running application (WSGI): every operation of the OpenAPI schema,
with generated input, answers without a server error and as the schema says (status codes,
content types, headers and bodies documented; input the schema forbids is refused).

One check is left out: "schema-valid input must be accepted". The business rules refuse much
input the schema cannot describe (an officer who is not one of the agency's, a step done twice,
a stale ``If-Match``), with 400, 409, 412 or 428 as documented.

Bounded: a few examples per operation (``API_FUZZ_EXAMPLES``, default 6), no deadline; the
whole module takes about a minute.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from project.wsgi import application

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "6"))
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_connection():
    """Keep the test's database connection across the WSGI calls, as Django's test client does
    (the app would close it at the end of each request, losing the test transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, _one_connection):
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def office_key(db, staff, clients):
    """The Office's token, over a database with a published directive at its first steps."""
    processes = staff.publish(leads=["BTCTU"], coordinators=["TCT"], by=staff.office())
    staff.accept(processes[0])
    return clients.token("VPTU", "office").key


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_error_and_answers_match_the_schema(case, office_key):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {office_key}"},
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
    )
