"""Work lists a page at a time: the last pages hold exactly the rows that come after the
first ones (read backwards from the end for speed), and a page that does not exist shows a
page of the list, never "page not found"."""

import re

import pytest

from workflows.views.lists import ProcessListView, _TaskListMixin

PROCESSES = "/workflow/flows/directive/flows/"
QUEUE = "/workflow/queue/"

pytestmark = pytest.mark.django_db


def row_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-row-id="(\d+)"', html)]


def test_the_pages_of_the_process_list_add_up_to_the_whole_list(client, staff, office, monkeypatch):
    for due in (None, "2030-01-10", "2030-01-10", "2030-01-05", None, "2031-02-01", None):
        staff.publish(leads=["BTCTU"], by=office, due_date=due)
    client.force_login(office)
    whole = row_ids(client.get(PROCESSES).content.decode())
    assert len(whole) == 7
    whole_descending = row_ids(client.get(PROCESSES, {"_orderby": "-due_date"}).content.decode())
    assert whole_descending != whole

    monkeypatch.setattr(ProcessListView, "paginate_by", 2)
    pages = [row_ids(client.get(PROCESSES, {"page": n}).content.decode()) for n in (1, 2, 3, 4)]
    assert [pk for page in pages for pk in page] == whole
    descending = [
        row_ids(client.get(PROCESSES, {"page": n, "_orderby": "-due_date"}).content.decode())
        for n in (1, 2, 3, 4)
    ]
    assert [pk for page in descending for pk in page] == whole_descending

    # past the end: the last page; not a number, zero or negative: the first
    for page, expected in (("999", pages[3]), ("abc", pages[0]), ("-1", pages[0]), ("0", pages[0])):
        response = client.get(PROCESSES, {"page": page})
        assert response.status_code == 200, page
        assert row_ids(response.content.decode()) == expected, page


def test_a_queue_page_past_the_end_shows_the_last_page(client, staff, office, monkeypatch):
    for _ in range(3):
        staff.publish(leads=["BTCTU"], by=office, due_date=None)
    client.force_login(staff.head("BTCTU"))
    monkeypatch.setattr(_TaskListMixin, "paginate_by", 2)
    last = client.get(QUEUE, {"page": "2"}).content.decode()
    response = client.get(QUEUE, {"page": "999"})
    assert response.status_code == 200
    assert row_ids(response.content.decode()) == row_ids(last) != []
