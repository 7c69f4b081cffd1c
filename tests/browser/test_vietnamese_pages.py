"""Every main page, as each role sees it in the Vietnamese locale, shows no English word and no
raw agency code (agencies are named, "Ban Tổ chức Tỉnh ủy", never "BTCTU").

What the detector reads: the text a person sees (``innerText``, icons excluded: Material icons
are ligatures such as "inbox") plus the texts of placeholders, tooltips, labels for screen
readers and image descriptions.
"""

import datetime
import re

import pytest

from tasks_app.models import Agency, Membership, Notice, Role
from tests.browser.daily import lived_in
from tests.browser_support import login
from tests.factories import UserFactory
from workflows import services
from workflows.flows import DirectiveFlow, ExtensionFlow

pytestmark = pytest.mark.browser

#: Words viewflow, django-filter and Django show when a string escapes translation.
ENGLISH = re.compile(
    r"\b(Assign|Unassign|Execute|Search|Filter|Toggle theme|Process(es)?|Tasks?|Inbox|Queue|"
    r"Archive|Cancel|Created|Finished|Status|Owner|Brief|Summary|Dashboard|Save|Submit|"
    r"Delete|Back|Home|Applications|Log ?out|Log in|Profile|Select all|Next|Previous|Page|"
    r"Details?|Any date|Today|Past 7 days|This month|This year|Yes|No|Unknown|Flow|Graph|"
    r"Export|Reset|Change|View|None|True|False|Not found|Forbidden|Overdue|Deadline|Due)\b"
)
CODE = re.compile(r"\b[A-Z][A-Z0-9_]{2,}\b")

SEEN_TEXT = """() => {
  const hide = document.createElement('style');
  hide.textContent = '.material-icons { display: none !important; }';
  document.head.appendChild(hide);
  const text = [document.body.innerText];
  hide.remove();
  for (const el of document.querySelectorAll('[placeholder],[title],[aria-label],[alt],[label]')) {
    for (const name of ['placeholder', 'title', 'aria-label', 'alt', 'label']) {
      const value = el.getAttribute(name);
      if (value) text.push(value);
    }
  }
  return text.join('\\n');
}"""


def problems(page, codes: set[str], *, check_codes: bool = True) -> list[str]:
    text = page.evaluate(SEEN_TEXT)
    found = [f"English: {m.group(0)!r}" for m in ENGLISH.finditer(text)]
    if check_codes:
        found += [f"code: {t}" for t in CODE.findall(text) if t in codes]
    return found


def walk(page, paths, codes, *, check_codes=True) -> dict[str, list[str]]:
    report = {}
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, (path, response.status)
        page.wait_for_load_state("load")
        found = problems(page, codes, check_codes=check_codes)
        if found:
            report[path] = sorted(set(found))
    return report


def step(task, action="execute") -> str:
    flow = "extension" if task.flow_task.flow_class is ExtensionFlow else "directive"
    return f"/workflow/flows/{flow}/{task.process_id}/{task.flow_task.name}/{task.pk}/{action}/"


def test_no_english_and_no_agency_code_on_the_main_pages(page, staff, office_user):
    work = lived_in(staff)
    codes = work["codes"]
    office = staff.office()
    late, coordinated = work["late"], work["coordinated"]
    extension = services.extension_request(
        process=late,
        by=staff.head("BTCTU"),
        due_date=late.due_date + datetime.timedelta(days=30),
        reason="Chờ số liệu.",
    )
    decide = staff.open_task(extension, ExtensionFlow.decide)
    services.task_claim(task=decide, by=office)
    verify = staff.open_task(work["verify"], DirectiveFlow.verify)
    services.task_claim(task=verify, by=office)
    from tasks_app import services as notices
    from tests.helpers import SEED_NOTICE

    draft = notices.notice_import(
        content=SEED_NOTICE.read_bytes(), filename=SEED_NOTICE.name, by=office
    )
    notice = late.directive.notice
    assert Notice.objects.filter(pk=draft.pk).exists()

    found = {}
    login(page, office)
    found |= walk(
        page,
        [
            "/home/",
            "/home/notices/",
            f"/home/notices/{notice.pk}/",
            "/workflow/inbox/",
            "/workflow/queue/",
            "/workflow/archive/",
            "/workflow/groups/",
            "/workflow/flows/directive/",
            "/workflow/flows/directive/flows/",
            "/workflow/flows/directive/tasks/",
            "/workflow/flows/extension/flows/",
            f"/workflow/flows/directive/{late.pk}/",
            f"/workflow/flows/directive/{late.pk}/cancel/",
            f"/workflow/flows/extension/{extension.pk}/",
            step(decide),
            step(verify),
            step(verify, "detail"),
            "/reports/dashboard/",
            "/reports/history/",
            f"/reports/history/{late.directive_id}/",
            "/reports/calendar/",
            "/personal/alerts/",
            "/office/notice/",
        ],
        codes,
    )
    # the registry lists codes on purpose; it must still be Vietnamese
    found |= walk(page, ["/registry/agency/"], codes, check_codes=False)

    page.context.clear_cookies()
    head = staff.head("BTCTU")
    coordination = staff.open_task(coordinated, DirectiveFlow.coordinate_assign, "BTCTU")
    login(page, head)
    found |= walk(
        page,
        [
            "/home/",
            "/workflow/queue/",
            step(coordination, "assign"),
            f"/workflow/flows/directive/{late.pk}/reassign/",
            f"/workflow/flows/directive/{work['soon'].pk}/extension/",
            "/reports/dashboard/",
            "/reports/calendar/",
        ],
        codes,
    )

    page.context.clear_cookies()
    officer = staff.officer("BTCTU")
    report = staff.open_task(late, DirectiveFlow.report)
    login(page, officer)
    found |= walk(page, ["/home/", "/workflow/inbox/", step(report), step(report, "detail")], codes)

    page.context.clear_cookies()
    auditor = UserFactory(username="kiemtra", first_name="Cán bộ", last_name="Kiểm tra")
    Membership.objects.create(
        user=auditor, agency=Agency.objects.get(code="UBKTTU"), role=Role.AUDITOR
    )
    login(page, auditor)
    found |= walk(page, ["/home/", f"/workflow/flows/directive/{late.pk}/"], codes)

    page.context.clear_cookies()
    found |= walk(page, ["/accounts/login/", "/accounts/password_reset/"], codes)

    assert found == {}


def test_the_detector_finds_what_it_looks_for(page, registry):
    """Not vacuous: an English word and an agency code on a page are reported."""
    page.set_content(
        '<body><p>Nhiệm vụ của BTCTU</p><button title="Assign">Nhận</button>'
        '<i class="material-icons">inbox</i></body>'
    )
    codes = set(Agency.objects.values_list("code", flat=True))
    assert problems(page, codes) == ["English: 'Assign'", "code: BTCTU"]
