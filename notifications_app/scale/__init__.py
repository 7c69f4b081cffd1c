"""Years of published notices at the scale of a province, written in bulk (``seed_scale``).

:func:`scale_seed` writes ``processes`` directive processes spread over ``years`` years before
``today``: notices of 3–8 directives, each led by one to three agencies or by a group fanned
out to its members, with coordinating agencies; processes completed, cancelled, open at every
step (many past their deadline), and everything the real flow leaves behind (see
:mod:`.history`). The same ``seed`` and ``today`` give the same rows. Nothing goes through the
services: rows are generated and copied in, so 100,000 processes take minutes.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from notifications.models import Notification

from tasks_app.models import Assignment, Directive, DirectiveState, Notice, NoticeKind
from tasks_app.selectors import OFFICE_AGENCY_CODE

from .history import STEPS, History, Spec, Tables
from .people import people_load
from .store import Chains, Ids, Table

#: ``Notice.source_filename`` of generated notices: how a database with scaled data is told.
SCALE_MARK = "seed_scale"
FIRST_NUMBER = 100_001

TOPICS = [
    "Đẩy mạnh chuyển đổi số trong hoạt động của các cơ quan đảng",
    "Nâng cao chất lượng sinh hoạt chi bộ",
    "Triển khai chương trình mục tiêu quốc gia xây dựng nông thôn mới",
    "Tăng cường công tác phòng, chống tham nhũng, tiêu cực",
    "Phát triển kinh tế tư nhân, hỗ trợ doanh nghiệp nhỏ và vừa",
    "Bảo đảm an ninh trật tự trên địa bàn các huyện biên giới",
    "Thực hiện chính sách đối với người có công",
    "Sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả",
    "Phòng, chống thiên tai, tìm kiếm cứu nạn",
    "Giải quyết đơn thư khiếu nại, tố cáo kéo dài",
]
ACTIONS = [
    "Chủ trì, phối hợp xây dựng kế hoạch triển khai",
    "Tham mưu ban hành văn bản hướng dẫn",
    "Kiểm tra, rà soát, báo cáo kết quả thực hiện",
    "Tổ chức sơ kết, đề xuất giải pháp",
    "Tuyên truyền, quán triệt đến cán bộ, đảng viên",
]


@dataclass
class ScaleResult:
    notices: int = 0
    directives: int = 0
    processes: int = 0
    tasks: int = 0
    audit_events: int = 0
    notifications: int = 0
    seconds: float = 0.0


def scaled_notices() -> int:
    """How many generated notices the database holds."""
    return Notice.objects.filter(source_filename=SCALE_MARK).count()


def _fate(rng: random.Random, published, due, today) -> tuple[str, str]:
    """What became of a process published on ``published``, due ``due``: (fate, step)."""
    age = (today - published).days
    settled = (due is not None and (today - due).days > 60) or (due is None and age > 240)
    if settled:
        roll = rng.random()
        if roll < 0.92:
            return "completed", ""
        if roll < 0.96:
            return "cancelled", rng.choice(["accept", "report"])
        return "open", rng.choice(STEPS)
    roll = rng.random()
    if roll < 0.25 and age > 20:
        return "completed", ""
    if roll < 0.28:
        return "cancelled", "accept"
    weights = [4, 1, 2, 3, 2, 2] if age > 10 else [8, 1, 1, 1, 0, 0]
    return "open", rng.choices(STEPS, weights=weights)[0]


@transaction.atomic
def scale_seed(
    *,
    processes: int,
    years: int,
    seed: int = 1,
    today: datetime.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> ScaleResult:
    """Write ``processes`` processes over ``years`` years before ``today`` (see the module)."""
    started = time.monotonic()
    say = progress or (lambda _message: None)
    rng = random.Random(seed)
    tz = timezone.get_current_timezone()
    today = today or timezone.localdate()
    now = datetime.datetime.combine(today, datetime.time(7, 30), tzinfo=tz)
    people = people_load()
    if not people.leads or not people.office_users:
        raise ValueError("no agency with a head and an officer, or no Office member")
    office_user = people.office_users[0]
    ids, chains, tables = Ids(), Chains(), Tables()
    tables.notification = Table(Notification)
    notices, directives = Table(Notice), Table(Directive)
    assignments = Table(Assignment)
    coordinators = Table(Assignment.coordinators.through, with_pk=False)
    history = History(people=people, rng=rng, now=now, ids=ids, chains=chains, tables=tables)
    groups = sorted(people.groups)
    serial = FIRST_NUMBER + scaled_notices()
    first_day = today - datetime.timedelta(days=365 * years)
    span = (today - first_day).days
    result = ScaleResult()
    while result.processes < processes:
        # notices follow each other evenly over the years, whatever their size
        day = first_day + datetime.timedelta(
            days=min(span - 1, int(span * result.processes / processes) + rng.randrange(3))
        )
        notice_id = ids.take(Notice)
        number = f"{serial}-TB/TU"
        serial += 1
        published = datetime.datetime.combine(
            day + datetime.timedelta(days=rng.randrange(1, 5)),
            datetime.time(rng.randrange(8, 17), rng.randrange(60)),
            tzinfo=tz,
        )
        published = min(published, now - datetime.timedelta(hours=1))
        topic = rng.choice(TOPICS)
        kind = NoticeKind.INSTRUCTION if rng.random() < 0.1 else NoticeKind.CONCLUSION
        count = rng.randrange(3, 9)
        notices.add(
            id=notice_id,
            number=number,
            date=day,
            issuer="Tỉnh ủy",
            title=topic,
            signer="Nguyễn Văn An",
            signer_title="Phó Bí thư Thường trực",
            recipients=[],
            source_text="",
            source_filename=SCALE_MARK,
            status=Notice.Status.PUBLISHED,
            kind=kind,
            origin=Notice.Origin.FILE,
            review_reasons=[],
            imported_by_id=office_user,
            created_at=published - datetime.timedelta(days=1),
            published_at=published,
        )
        notice_assignments = notice_directives = 0
        for position in range(1, count + 1):
            if result.processes >= processes:
                break
            directive_id = ids.take(Directive)
            ref = str(position)
            due = None
            if rng.random() < 0.9:
                due = published.date() + datetime.timedelta(days=rng.randrange(20, 180))
            recurrence = "quarterly" if rng.random() < 0.05 else ""
            if groups and rng.random() < 0.12:
                group = rng.choice(groups)
                leads = [(a, group) for a in people.groups[group][1]]
            else:
                leads = [(a, None) for a in rng.sample(people.leads, rng.choice([1, 1, 1, 2, 3]))]
            leads = leads[: processes - result.processes]
            n_coord = rng.choices([0, 1, 2], weights=[5, 3, 2])[0]
            chosen = rng.sample(people.leads, n_coord + 3)
            outcomes = set()
            for lead, via_group in leads:
                coords = [a for a in chosen if a != lead][:n_coord]
                assignment_id = ids.take(Assignment)
                assignments.add(
                    id=assignment_id,
                    directive_id=directive_id,
                    lead_id=lead,
                    lead_group_id=None,
                    via_group_id=via_group,
                    due_date=due,
                    due_working_days=None,
                    recurrence=recurrence,
                    milestones=[],
                )
                for agency in coords:
                    coordinators.add(assignment_id=assignment_id, agency_id=agency)
                chains.add(
                    OFFICE_AGENCY_CODE,
                    occurred_at=published,
                    actor_id=office_user,
                    actor_username=people.usernames[office_user],
                    agency_code=OFFICE_AGENCY_CODE,
                    event_type="assignment.saved",
                    object_type="tasks_app.assignment",
                    object_id=str(assignment_id),
                    object_repr=f"{number} — mục {ref} — {people.agencies[lead][1]}"[:255],
                    notice_id=notice_id,
                    directive_id=directive_id,
                    after={
                        "lead": people.agencies[lead][0],
                        "lead_group": None,
                        "via_group": people.groups[via_group][0] if via_group else None,
                        "coordinators": sorted(people.agencies[a][0] for a in coords),
                        "due_date": due,
                        "due_working_days": None,
                        "recurrence": recurrence or None,
                    },
                    reason="",
                )
                fate, stage = _fate(rng, published.date(), due, today)
                if fate == "open":
                    end = now - datetime.timedelta(minutes=rng.randrange(10, 600))
                else:
                    length = (
                        (due or published.date() + datetime.timedelta(days=90)) - published.date()
                    ).days
                    end = published + datetime.timedelta(
                        days=max(1, length) * rng.uniform(0.3, 1.15), hours=rng.uniform(0, 8)
                    )
                    end = min(end, now - datetime.timedelta(minutes=5))
                history.write(
                    Spec(
                        notice_id=notice_id,
                        notice_number=number,
                        directive_id=directive_id,
                        ref=ref,
                        assignment_id=assignment_id,
                        lead=lead,
                        via_group=via_group,
                        coordinators=coords,
                        due=due,
                        recurrence=recurrence,
                        published=published,
                        fate=fate,
                        stage=stage,
                        end=end,
                    )
                )
                outcomes.add(fate)
                result.processes += 1
                notice_assignments += 1
                if progress and result.processes % 5000 == 0:
                    say(f"  {result.processes}/{processes} quy trình")
            if "open" in outcomes:
                state = DirectiveState.PUBLISHED
            elif "completed" in outcomes:
                state = DirectiveState.CLOSED
            else:
                state = DirectiveState.CANCELLED
            directives.add(
                id=directive_id,
                notice_id=notice_id,
                ref=ref,
                position=position,
                text=f"{rng.choice(ACTIONS)} về “{topic.lower()}”.",
                source="",
                needs_review=False,
                review_reasons=[],
                state=state,
            )
            result.directives += 1
            notice_directives += 1
        chains.add(
            OFFICE_AGENCY_CODE,
            occurred_at=published,
            actor_id=office_user,
            actor_username=people.usernames[office_user],
            agency_code=OFFICE_AGENCY_CODE,
            event_type="notice.published",
            object_type="tasks_app.notice",
            object_id=str(notice_id),
            object_repr=f"{number} ({day:%d/%m/%Y})",
            notice_id=notice_id,
            directive_id=None,
            after={"assignments": notice_assignments, "directives": notice_directives},
            reason="",
        )
        result.notices += 1
    for table in [notices, directives, assignments, coordinators, *tables.ordered()]:
        table.flush()
    say("  đang ghi nhật ký kiểm tra (chuỗi băm)…")
    result.audit_events = chains.write(progress=say)
    ids.finish()
    result.tasks = tables.task.count
    result.notifications = tables.notification.count
    result.seconds = time.monotonic() - started
    return result
