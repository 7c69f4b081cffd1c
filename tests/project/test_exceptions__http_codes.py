"""One error hierarchy, one mapping to HTTP: what a refusal looks like to a client.

The services raise the kinds of :mod:`project.exceptions`; pages show them as messages or, when
one escapes, the site middleware answers with its status. No URL answers 500 to a request a
client can make.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from project.exceptions import (
    ApplicationError,
    ConcurrencyConflict,
    InvalidInput,
    NotFound,
    PermissionRefused,
    StateConflict,
    get_or_not_found,
    http_status,
)
from tasks_app.models import Role
from tests.factories import member
from workflows import services
from workflows.flows import DirectiveFlow
from workflows.models import DirectiveProcess

pytestmark = pytest.mark.django_db

MISSING_ID = "987654321"


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        (PermissionRefused, 403, "permission_denied"),
        (InvalidInput, 400, "invalid"),
        (StateConflict, 409, "conflict"),
        (ConcurrencyConflict, 409, "busy"),
        (NotFound, 404, "not_found"),
    ],
)
def test_each_kind_has_one_status_and_a_stable_code(kind, status, code):
    error = kind()
    assert isinstance(error, ApplicationError)
    assert http_status(error) == status
    assert error.as_dict()["code"] == code
    assert error.message  # a default message in the user's language


def test_field_errors_are_kept_per_field():
    error = InvalidInput("Dữ liệu không hợp lệ.", fields={"due_date": "Hạn quá xa."})
    assert error.as_dict() == {
        "code": "invalid",
        "message": "Dữ liệu không hợp lệ.",
        "fields": {"due_date": ["Hạn quá xa."]},
    }


def test_the_services_refuse_with_the_kind_that_fits(staff, office):
    [process] = staff.publish(leads=["BTCTU"], by=office)
    accept = staff.open_task(process, DirectiveFlow.accept)

    with pytest.raises(PermissionRefused) as refused:  # another agency's head
        services.task_accept(
            task=accept, by=staff.head("BTGTU"), officer=staff.officer("BTCTU"), plan="x"
        )
    assert http_status(refused.value) == 403

    with pytest.raises(InvalidInput) as invalid:  # no plan
        services.task_accept(
            task=accept, by=staff.head("BTCTU"), officer=staff.officer("BTCTU"), plan="  "
        )
    assert http_status(invalid.value) == 400

    staff.accept(process)
    with pytest.raises(StateConflict) as conflict:  # the step is already done
        services.task_accept(
            task=accept, by=staff.head("BTCTU"), officer=staff.officer("BTCTU"), plan="lần hai"
        )
    assert http_status(conflict.value) == 409

    for impossible in (10**20, "abc", -1):
        with pytest.raises(NotFound) as missing:
            get_or_not_found(DirectiveProcess, pk=impossible)
        assert http_status(missing.value) == 404


def test_an_error_escaping_a_page_becomes_its_status(client, staff, office):
    client.force_login(staff.head("BTCTU"))
    assert client.get("/office/notice/").status_code == 403
    client.force_login(office)
    response = client.get(f"/reports/history/{MISSING_ID}/")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def _patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _concrete(route: str) -> str:
    """A path for ``route`` with every id missing from the database."""
    if route.startswith("^"):  # the calendar feed's regex: a well-formed unknown token
        return "/calendar/" + "x" * 43 + ".ics"
    path = re.sub(r"<int:\w+>", MISSING_ID, route)
    path = re.sub(r"<(?:\w+:)?\w+>", "abc", path)
    return "/" + path


def test_every_url_answers_with_a_client_status_never_a_server_error(client, staff, office):
    paths = sorted({_concrete(route) for route in _patterns(get_resolver().url_patterns)})
    assert len(paths) > 100  # the whole site, viewflow's generated pages included
    people = [
        None,
        staff.officer("BTCTU"),
        staff.head("BTCTU"),
        office,
        member(agency=office.memberships.get().agency, role=Role.AUDITOR, username="kt"),
    ]
    answers = {}
    for person in people:
        client.logout()
        if person is not None:
            client.force_login(person)
        for path in paths:
            status = client.get(path).status_code
            answers.setdefault(status, []).append(path)
            assert status < 500, (person, path)
    # 401: the API (/api/v1/) asks an anonymous client for credentials instead of redirecting
    assert set(answers) <= {200, 302, 400, 401, 403, 404, 405}, {
        k: v[:3] for k, v in answers.items()
    }
    assert all(path.startswith("/api/") for path in answers.get(401, []))
    assert {403, 404} <= set(answers)  # refusals and missing objects are both exercised
