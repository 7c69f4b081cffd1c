import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import NoticeFactory
from tests.reports.pages import open_page

pytestmark = pytest.mark.django_db


def test_text_that_looks_like_a_formula_stays_text_in_the_spreadsheet(client, staff):
    notice = NoticeFactory()
    staff.publish(
        leads=["BTCTU"],
        by=staff.office(),
        notice=notice,
        ref="1",
        text='=HYPERLINK("http://example.org","Bấm vào đây")',
    )
    client.force_login(staff.office())
    response = open_page(client, reverse("reports:dashboard:export_xlsx"), {"notice": notice.pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if str(c.value or "").startswith("=")]
    assert cells, "the directive text is in the report"
    assert all(c.data_type == "s" for c in cells)


def test_an_export_cannot_be_triggered_by_a_link(client, staff):
    from audit.models import AuditEvent, EventType

    client.force_login(staff.office())
    assert client.get(reverse("reports:dashboard:export_xlsx")).status_code == 405
    assert not AuditEvent.objects.filter(event_type=EventType.EXPORTED).exists()
