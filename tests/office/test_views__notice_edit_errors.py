"""A refused notice edit tells the mistake once, under the field it is about."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from .conftest import BASE

pytestmark = pytest.mark.django_db


def edit_data(draft, **changes) -> dict:
    data = {
        "kind": draft.kind,
        "number": draft.number,
        "date": draft.date.isoformat(),
        "issuer": draft.issuer,
        "title": draft.title,
        "signer": draft.signer,
        "signer_title": draft.signer_title,
    }
    data.update(changes)
    return data


def field_block(page: str, name: str) -> str:
    """The field's box on the page (label, input, help, errors)."""
    start = page.index(f'name="{name}"')
    return page[page.rindex('<div class="cd-field', 0, start) : page.index("</div>", start)]


@pytest.mark.parametrize(
    ("field", "value", "message", "other"),
    [
        ("number", "", "Cần nhập số hiệu thông báo (ví dụ 142-TB/TU).", "Cần nhập số hiệu."),
        (
            "date",
            "FUTURE",
            "Ngày ban hành {day} chưa đến; hãy kiểm tra lại.",
            "Ngày ban hành không được sau hôm nay.",
        ),
    ],
)
def test_each_mistake_is_told_once_under_its_field(office, draft, field, value, message, other):
    if value == "FUTURE":
        future = timezone.localdate() + datetime.timedelta(days=30)
        value = future.isoformat()
        message = message.format(day=f"{future:%d/%m/%Y}")
    response = office.post(f"{BASE}{draft.pk}/edit/", edit_data(draft, **{field: value}))
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert page.count(message) == 1
    assert other not in page
    assert message in field_block(page, field)
    assert not re.search(r'class="cd-error"', page)  # no banner restating it
