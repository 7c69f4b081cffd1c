"""Every list and detail page costs the same number of queries with three times the history
(the same generated history written three times by seed_scale), and still shows each user
only their agency's work."""

import collections
import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications_app.scale import scale_seed
from tasks_app.demo import demo_seed
from tasks_app.models import Agency
from workflows.models import DirectiveProcess, WorkflowTask

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def busiest_agency() -> Agency:
    """The agency leading the most processes (its people have work on every page)."""
    counts = collections.Counter(DirectiveProcess.objects.values_list("lead_id", flat=True))
    return Agency.objects.get(pk=counts.most_common(1)[0][0])


def pages(agency: Agency) -> dict[str, list[str]]:
    process = DirectiveProcess.objects.filter(lead=agency).order_by("pk").first()
    notice_id = process.directive.notice_id
    common = [
        "/home/",
        "/workflow/inbox/",
        "/workflow/queue/",
        "/workflow/flows/directive/flows/",
        "/workflow/flows/directive/flows/?page=999",  # past the end: the last page
        f"/workflow/flows/directive/{process.pk}/",
        "/reports/dashboard/",
        "/reports/history/",
        "/reports/history/?page=999",
        f"/reports/history/{process.directive_id}/",
        "/reports/calendar/",
        "/personal/alerts/",
        "/home/notices/",
        "/home/notices/?page=999",
        f"/home/notices/{notice_id}/",
    ]
    return {
        "vptu_office": [*common, f"/office/notice/{notice_id}/"],
        f"{agency.code.lower()}_head": common,
        f"{agency.code.lower()}_officer": ["/home/", "/workflow/inbox/", "/personal/alerts/"],
    }


def measure(client, agency) -> dict[tuple[str, str], int]:
    counts = {}
    User = get_user_model()
    for username, urls in pages(agency).items():
        client.force_login(User.objects.get(username=username))
        client.get(urls[0])  # warm-up (session, content types)
        for url in urls:
            counts[username, re.sub(r"\d+", "<id>", url)] = count_queries(client, url)
    return counts


def test_each_page_costs_the_same_queries_with_three_times_the_history(client, registry):
    demo_seed(password="mat-khau-thu")
    today = timezone.localdate()
    scale_seed(processes=50, years=1, seed=5, today=today)
    agency = busiest_agency()
    small = measure(client, agency)

    # the same history twice more: every list has three times the rows of the same kinds
    scale_seed(processes=50, years=1, seed=5, today=today)
    scale_seed(processes=50, years=1, seed=5, today=today)
    assert DirectiveProcess.objects.filter(lead=agency).count() >= 3
    large = measure(client, agency)

    grown = {page: (small[page], large[page]) for page in small if small[page] != large[page]}
    assert grown == {}


def test_a_head_sees_nothing_of_another_agencys_work(client, registry):
    demo_seed(password="mat-khau-thu")
    scale_seed(processes=80, years=1, seed=9, today=datetime.date.today())
    agency = busiest_agency()
    other = (
        Agency.objects.exclude(pk=agency.pk)
        .exclude(code="VPTU")
        .exclude(led_processes__isnull=False)
        .exclude(coordinated_assignments__isnull=False)
        .first()
    )
    client.force_login(get_user_model().objects.get(username=f"{other.code.lower()}_head"))
    theirs = list(
        WorkflowTask.objects.filter(agency=agency, flow_task_type="HUMAN").values_list(
            "pk", flat=True
        )
    )
    assert theirs
    for url in ("/workflow/queue/", "/workflow/inbox/", "/workflow/flows/directive/flows/"):
        html = client.get(url).content.decode()
        assert not re.search(r"\d{6}-TB/TU", html), url
    process = DirectiveProcess.objects.filter(lead=agency).first()
    assert client.get(f"/workflow/flows/directive/{process.pk}/").status_code == 404

    client.force_login(get_user_model().objects.get(username=f"{agency.code.lower()}_head"))
    listing = client.get("/workflow/flows/directive/flows/").content.decode()
    assert re.search(r"\d{6}-TB/TU", listing)
