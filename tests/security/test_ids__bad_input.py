"""Ids a client makes up never reach the database as errors: an address with an id beyond the
bigint range is "not found" (404), a form listing something other than ids is bad input (400)."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from viewflow.workflow.status import STATUS

from audit.models import AuditEvent, EventType
from project.exceptions import InvalidInput
from project.ids import MAX_ID, ids_parse
from tests.security.conftest import BASE
from workflows.flows import DirectiveFlow

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # > 2**64
JUST_OVER = str(MAX_ID + 1)  # 9223372036854775808


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _int_paths(value: str) -> list[str]:
    """Every route of the site with an ``<int:…>`` argument, each such argument ``value``."""
    paths = set()
    for route in _routes(get_resolver().url_patterns):
        if "<int:" not in route or route.startswith(("admin/", "^")):
            continue
        path = re.sub(r"<int:\w+>", value, route)
        paths.add("/" + re.sub(r"<(?:\w+:)?\w+>", "abc", path))
    return sorted(paths)


@pytest.mark.parametrize("value", [HUGE, JUST_OVER])
def test_every_address_with_an_impossible_id_is_not_found(client, staff, office, value):
    paths = _int_paths(value)
    assert len(paths) > 60  # process pages, every step of both flows, files, office, reports
    client.force_login(office)  # the Office may open every application
    for path in paths:
        assert client.get(path).status_code == 404, path
        assert client.post(path).status_code == 404, path
    for person in (staff.head("DUK"), staff.officer("DUK")):  # others: refused or not found
        client.force_login(person)
        for path in paths:
            assert client.get(path).status_code in (403, 404), (person.username, path)
            assert client.post(path).status_code in (403, 404), (person.username, path)


def test_the_reported_addresses_answer_404(client, staff, office):
    [process] = staff.publish(leads=["DUK"], by=office)
    task = staff.open_task(process, DirectiveFlow.accept)
    client.force_login(office)
    for suffix in ("", "chart/", "cancel/", "extension/", "reassign/"):
        assert client.get(f"{BASE}/{HUGE}/{suffix}").status_code == 404, suffix
    assert client.get(f"{BASE}/{process.pk}/accept/{HUGE}/detail/").status_code == 404
    client.force_login(staff.head("DUK"))
    assert client.post(f"{BASE}/{process.pk}/accept/{HUGE}/assign/").status_code == 404
    assert client.post(f"{BASE}/{HUGE}/accept/{task.pk}/assign/").status_code == 404
    task.refresh_from_db()
    assert task.status == STATUS.NEW


@pytest.mark.parametrize("url", ["/workflow/queue/assign/", "/workflow/inbox/unassign/"])
@pytest.mark.parametrize("pk", ["abc", JUST_OVER, HUGE, "-1", "1.5", "１２"])
def test_bulk_actions_refuse_what_is_not_an_id(client, staff, office, url, pk):
    [process] = staff.publish(leads=["DUK"], by=office)
    client.force_login(staff.head("DUK"))
    response = client.post(url, {"pk": pk, "_confirm": "1"})
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()
    task = staff.open_task(process, DirectiveFlow.accept)
    assert (task.status, task.owner_id) == (STATUS.NEW, None)  # nothing changed


def test_a_bulk_claim_still_works_with_real_ids(client, staff, office):
    [process] = staff.publish(leads=["DUK"], by=office)
    task = staff.open_task(process, DirectiveFlow.accept)
    head = staff.head("DUK")
    client.force_login(head)
    response = client.post("/workflow/queue/assign/", {"pk": [task.pk], "_confirm": "1"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.owner == head


def test_an_impossible_id_probe_is_logged_like_any_refusal(client, staff):
    head = staff.head("DUK")
    client.force_login(head)
    client.get(f"{BASE}/{HUGE}/")
    [event] = AuditEvent.objects.filter(event_type=EventType.REFUSED, actor=head)
    assert event.after == {"action": f"GET {BASE}/{HUGE}/"}


def test_ids_parse():
    assert ids_parse(["1", " 22 ", str(MAX_ID)]) == [1, 22, MAX_ID]
    for bad in ("", "abc", "-3", str(MAX_ID + 1), "1e3", "٣"):
        with pytest.raises(InvalidInput):
            ids_parse([bad])
    with pytest.raises(InvalidInput):
        ids_parse(["1"] * 1001)
