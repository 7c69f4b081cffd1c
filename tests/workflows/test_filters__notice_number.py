"""The work lists' notice filter: a number typed (or an id from a link), never a list of every
notice; only the user's own notices offered."""

import re

import pytest

PROCESSES = "/workflow/flows/directive/flows/"

pytestmark = pytest.mark.django_db


def row_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-row-id="(\d+)"', html)]


def test_the_process_list_filters_by_a_typed_notice_number(client, staff, office):
    [mine] = staff.publish(leads=["BTCTU"], by=office, due_date=None)
    [other] = staff.publish(leads=["BTGTU"], by=office, due_date=None)
    client.force_login(office)

    html = client.get(PROCESSES).content.decode()
    assert '<select name="notice"' not in html
    offered = re.search(r'<datalist id="[^"]+">(.*?)</datalist>', html, re.S).group(1)
    assert mine.directive.notice.number in offered and other.directive.notice.number in offered

    number = mine.directive.notice.number
    assert row_ids(client.get(PROCESSES, {"notice": number}).content.decode()) == [mine.pk]
    assert row_ids(client.get(PROCESSES, {"notice": f" {number.lower()} "}).content.decode()) == [
        mine.pk
    ]
    by_id = client.get(PROCESSES, {"notice": mine.directive.notice_id}).content.decode()
    assert row_ids(by_id) == [mine.pk]
    # no such notice: the filter is ignored, as any value that is not a choice
    assert set(row_ids(client.get(PROCESSES, {"notice": "1-XX"}).content.decode())) == {
        mine.pk,
        other.pk,
    }


def test_a_head_is_offered_only_their_agencys_notices(client, staff, office):
    [mine] = staff.publish(leads=["BTCTU"], by=office, due_date=None)
    [other] = staff.publish(leads=["BTGTU"], by=office, due_date=None)
    client.force_login(staff.head("BTCTU"))
    html = client.get(PROCESSES).content.decode()
    assert mine.directive.notice.number in html
    assert other.directive.notice.number not in html
    # typing another agency's notice shows nothing of it
    typed = client.get(PROCESSES, {"notice": other.directive.notice.number}).content.decode()
    assert other.pk not in row_ids(typed)
