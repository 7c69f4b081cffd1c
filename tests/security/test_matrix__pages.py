"""Every page of one process × eight kinds of people → the status each must get.

Visibility follows the agency and role a person holds *now*: the moved coordinator
(``former``) and the officer replaced by "Đổi chuyên viên" (``replaced``) see nothing of the
process any more — its page, chart, task pages, files, history, extension — and what they may
not see answers exactly like what does not exist (404). A task address must name the task's
own process and step.
"""

from __future__ import annotations

import re

import pytest

from tests.security.conftest import BASE, PEOPLE, World, as_person

pytestmark = pytest.mark.django_db

SEEN = {  # who may open a page about the process
    "anonymous": 302,
    "officer": 200,
    "head": 200,
    "other": 404,
    "former": 404,
    "replaced": 404,
    "auditor": 200,
    "office": 200,
}
NOBODY = {who: (302 if who == "anonymous" else 404) for who in PEOPLE}


def _acting(**allowed: int) -> dict[str, int]:
    """An action page: hidden from those who may not see the process (404), refused up front
    to those who see it but may not act (403), open to who may (``allowed``)."""
    return {**SEEN, **{who: 403 for who, status in SEEN.items() if status == 200}, **allowed}


def _process(w: World, suffix: str = "") -> str:
    return f"{BASE}/{w.process.pk}/{suffix}"


ROWS = {
    "process page": (lambda w: _process(w), SEEN),
    "process chart": (lambda w: _process(w, "chart/"), SEEN),
    # the head's request is pending: the form is not offered again, the head is sent back
    "extension request form": (lambda w: _process(w, "extension/"), _acting(head=302)),
    "reassign form": (lambda w: _process(w, "reassign/"), _acting(head=200)),
    "cancel form": (lambda w: _process(w, "cancel/"), _acting(office=200)),
    "accept step (done)": (lambda w: w.task_url("accept"), SEEN),
    "contribution step (done)": (lambda w: w.task_url("coordinate"), SEEN),
    "approve step (open)": (lambda w: w.task_url("approve"), SEEN),
    "approve step index": (lambda w: w.task_url("approve", action="")[:-1], None),
    "extension process": (lambda w: f"/workflow/flows/extension/{w.extension.pk}/", SEEN),
    "extension decision step": (lambda w: w.task_url("decide"), SEEN),
    "contribution file": (lambda w: f"/workflow/attachments/{w.files['contribution'].pk}/", SEEN),
    "first report file": (lambda w: f"/workflow/attachments/{w.files['first_report'].pk}/", SEEN),
    "later report file": (lambda w: f"/workflow/attachments/{w.files['later_report'].pk}/", SEEN),
    "completion history": (lambda w: f"/reports/history/{w.process.directive_id}/", SEEN),
    # a task address must name the task's own process and step
    "task under another process": (
        lambda w: w.task_url("approve", process_pk=w.unrelated.pk),
        NOBODY,
    ),
    "task under another step": (
        lambda w: w.task_url("approve").replace("/approve/", "/accept/"),
        NOBODY,
    ),
    "missing process": (lambda w: f"{BASE}/987654321/", NOBODY),
    "id beyond bigint": (lambda w: f"{BASE}/99999999999999999999/", NOBODY),
    "dashboard": (
        lambda w: "/reports/dashboard/",
        {
            "anonymous": 302,
            "officer": 403,
            "head": 200,
            "other": 200,
            "former": 403,
            "replaced": 403,
            "auditor": 200,
            "office": 200,
        },
    ),
    "notice import (Office only)": (
        lambda w: "/office/notice/",
        {who: {"anonymous": 302, "office": 200}.get(who, 403) for who in PEOPLE},
    ),
    "inbox": (
        lambda w: "/workflow/inbox/",
        {who: 302 if who == "anonymous" else 200 for who in PEOPLE},
    ),
}
# The step index redirects to what the person may do there; for others it is not found.
ROWS["approve step index"] = (
    ROWS["approve step index"][0],
    {**SEEN, "officer": 302, "head": 302, "auditor": 302, "office": 302},
)


@pytest.mark.parametrize("row", list(ROWS), ids=list(ROWS))
def test_each_person_gets_the_expected_status(client, world, row):
    url_of, expected = ROWS[row]
    url = url_of(world)
    answers = {who: as_person(client, world, who).get(url).status_code for who in PEOPLE}
    assert answers == expected, url


def _page(response) -> bytes:
    """The page without its per-response CSP nonce."""
    return re.sub(rb'name="csp-nonce" content="[^"]*"', b"", response.content)


def test_hidden_and_missing_answer_the_same_page(client, world):
    as_person(client, world, "replaced")
    hidden = client.get(_process(world))
    missing = client.get(f"{BASE}/987654321/")
    hidden_file = client.get(f"/workflow/attachments/{world.files['later_report'].pk}/")
    missing_file = client.get("/workflow/attachments/987654321/")
    assert hidden.status_code == missing.status_code == 404
    assert _page(hidden) == _page(missing)
    assert hidden_file.status_code == missing_file.status_code == 404
    assert _page(hidden_file) == _page(missing_file)
    hidden_history = client.get(f"/reports/history/{world.process.directive_id}/")
    missing_history = client.get("/reports/history/987654321/")
    assert _page(hidden_history) == _page(missing_history)


def test_actions_refuse_those_who_no_longer_belong(client, world):
    """Claiming the open approve step: the head may; an officer of DUK is refused (403, sees
    the process); the moved, the replaced and other agencies do not even find it (404)."""
    url = world.task_url("approve", action="assign")
    expected = {
        "anonymous": 302,
        "officer": 403,
        "other": 404,
        "former": 404,
        "replaced": 404,
        "auditor": 403,
        "office": 403,
        "head": 302,  # last: this one takes the step
    }
    answers = {who: as_person(client, world, who).post(url).status_code for who in expected}
    assert answers == expected
    world.tasks["approve"].refresh_from_db()
    assert world.tasks["approve"].owner == world.people["head"]
