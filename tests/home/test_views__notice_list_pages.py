"""The published notices list a page at a time (years of notices), newest first."""

import re

import pytest

from home import selectors

NOTICES = "/home/notices/"

pytestmark = pytest.mark.django_db


def listed(html: str) -> list[str]:
    return re.findall(r'<a href="/home/notices/\d+/">([^<]+)</a>', html)


def test_the_notices_come_a_page_at_a_time_with_their_counts(client, staff, office, monkeypatch):
    monkeypatch.setattr(selectors, "NOTICES_PER_PAGE", 2)
    numbers = sorted(
        staff.publish(leads=["BTCTU", "BTGTU"], by=office, due_date=None)[0].directive.notice.number
        for _ in range(3)
    )
    client.force_login(office)

    first = client.get(NOTICES).content.decode()
    assert listed(first) == numbers[:2]  # published the same day: by number
    assert "Trang 1/2" in first and 'href="?page=2"' in first
    row = re.search(rf"{re.escape(numbers[0])}</a></td>(.*?)</tr>", first, re.S).group(1)
    assert re.findall(r'class="cd-num">(\d+)', row)[:2] == ["2", "2"]  # two processes, open

    assert listed(client.get(NOTICES, {"page": "2"}).content.decode()) == numbers[2:]
    # past the end: the last page; not a number or negative: the first
    assert listed(client.get(NOTICES, {"page": "999"}).content.decode()) == numbers[2:]
    assert listed(client.get(NOTICES, {"page": "abc"}).content.decode()) == numbers[:2]
    assert listed(client.get(NOTICES, {"page": "-1"}).content.decode()) == numbers[:2]
