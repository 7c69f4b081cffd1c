import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import NoticeFactory
from tests.workflows.factories import Staff, directive_publish

pytestmark = pytest.mark.django_db


def test_text_that_looks_like_a_formula_stays_text_in_the_spreadsheet(client, registry):
    staff = Staff()
    notice = NoticeFactory()
    directive_publish(
        leads=["BTCTU"],
        by=staff.office(),
        notice=notice,
        ref="1",
        text='=HYPERLINK("http://example.org","Bấm vào đây")',
    )
    client.force_login(staff.office())
    response = client.get(reverse("reports:dashboard:export_xlsx"), {"thong_bao": notice.pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if str(c.value or "").startswith("=")]
    assert cells, "the directive text is in the report"
    assert all(c.data_type == "s" for c in cells)
