"""Pages and exports cost a fixed number of queries, however many processes they cover."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import NoticeFactory
from tests.reports.pages import open_page

pytestmark = pytest.mark.django_db

DUE = datetime.date(2030, 9, 30)


def queries(client, url, query=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = open_page(client, url, query)
    assert response.status_code == 200, url
    return len(captured)


def test_query_counts_do_not_grow_with_the_processes(client, staff):
    office = staff.office()
    notice = NoticeFactory(number="300-TB/TU")
    small = staff.publish(
        leads=["BTCTU", "BTGTU"],
        coordinators=["TCT"],
        by=office,
        due_date=DUE,
        notice=notice,
        ref="1",
        position=1,
    )
    staff.accept(small[0])
    client.force_login(office)
    pages = [
        (reverse("reports:dashboard:index"), {"notice": notice.pk}),
        (reverse("reports:dashboard:export_xlsx"), {"notice": notice.pk}),
        (reverse("reports:dashboard:export_pdf"), {"notice": notice.pk}),
        (reverse("reports:history:index"), None),
    ]
    for url, query in pages:  # warm-up: the first export creates the audit chain's head row
        open_page(client, url, query)
    before = [queries(client, url, query) for url, query in pages]
    timeline_before = queries(
        client, reverse("reports:history:directive", kwargs={"pk": small[0].directive_id})
    )

    big = staff.publish(
        leads=["CAP_UY_HUYEN"],
        coordinators=["TCT", "BTGTU"],
        by=office,
        due_date=DUE,
        notice=notice,
        ref="2",
        position=2,
    )
    assert len(big) > 10
    for process in big[:5]:
        staff.accept(process)
    after = [queries(client, url, query) for url, query in pages]
    timeline_after = queries(
        client, reverse("reports:history:directive", kwargs={"pk": big[0].directive_id})
    )
    assert after == before
    assert timeline_after == timeline_before
