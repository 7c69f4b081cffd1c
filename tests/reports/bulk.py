"""Many report rows fast, for export tests at size and export timings: notices, directives,
assignments and their processes written by bulk inserts (no workflow steps, no tasks).

``bulk_processes(n)`` spreads ``n`` processes over notices of 50 directives, over the agencies
of the registry (call ``registry_load()`` first), in every report status, with Vietnamese text,
coordinators, extensions and cancellations. Seeded: the same ``n`` and ``seed`` give the same rows.
"""

from __future__ import annotations

import datetime
import random

from django.db import connection
from django.utils import timezone
from viewflow.workflow.models import Process

from tasks_app.models import Agency, Assignment, Directive, Notice
from workflows.models import DirectiveProcess, Outcome

PER_NOTICE = 50
TODAY = datetime.date(2024, 6, 30)
TEXT = (
    "rà soát bổ sung quy hoạch cán bộ nữ cán bộ trẻ người dân tộc thiểu số tăng cường kiểm tra "
    "giám sát việc thực hiện nghị quyết đẩy mạnh chuyển đổi số xây dựng nông thôn mới nâng cao "
    "hiệu quả công tác dân vận phòng chống tham nhũng lãng phí tiêu cực báo cáo kết quả về "
    "Thường trực Tỉnh ủy qua Văn phòng Tỉnh ủy trước ngày"
)
WORDS = TEXT.split(" ")


def _batches(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _text(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 60))]
    return (" ".join(words) + ".").capitalize()


def bulk_processes(n: int, *, seed: int = 14, start: datetime.date = TODAY) -> list[int]:
    """Create ``n`` published processes; returns the ids of the notices."""
    rng = random.Random(seed)
    agencies = list(Agency.objects.filter(is_active=True).order_by("code"))
    batch = 500 if connection.vendor == "sqlite" else 2000
    notices = [
        Notice(
            number=f"{9000 + i}-TB/TU",
            date=start - datetime.timedelta(days=3 * i),
            issuer="Tỉnh ủy Tiền Giang",
            title=f"Kết luận của Thường trực Tỉnh ủy số {9000 + i}",
            status=Notice.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        for i in range((n + PER_NOTICE - 1) // PER_NOTICE)
    ]
    Notice.objects.bulk_create(notices, batch_size=batch)
    notices = list(Notice.objects.filter(number__in=[x.number for x in notices]).order_by("pk"))
    directives = [
        Directive(
            notice=notices[i // PER_NOTICE],
            ref=str(i % PER_NOTICE + 1),
            position=i % PER_NOTICE,
            text=_text(rng),
        )
        for i in range(n)
    ]
    Directive.objects.bulk_create(directives, batch_size=batch)
    assignments = []
    for directive in directives:
        due = directive.notice.date + datetime.timedelta(days=rng.randint(10, 200))
        assignments.append(Assignment(directive=directive, lead=rng.choice(agencies), due_date=due))
    Assignment.objects.bulk_create(assignments, batch_size=batch)
    through = Assignment.coordinators.through
    links = []
    for assignment in assignments:
        for agency in rng.sample(agencies, rng.choice([0, 0, 1, 2, 3])):
            if agency.pk != assignment.lead_id:
                links.append(through(assignment_id=assignment.pk, agency_id=agency.pk))
    through.objects.bulk_create(links, batch_size=batch, ignore_conflicts=True)

    now = timezone.now()
    parents = [
        Process(flow_class=DirectiveProcess.FLOW_REF, status="NEW", created=now)
        for _ in assignments
    ]
    Process.objects.bulk_create(parents, batch_size=batch)
    children = []
    for parent, assignment in zip(parents, assignments, strict=True):
        kind = rng.random()
        outcome, closed_at, reason, due = Outcome.OPEN, None, "", assignment.due_date
        original = due
        if kind < 0.45:
            outcome = Outcome.COMPLETED
            closed = due + datetime.timedelta(days=rng.randint(-30, 25))
            closed_at = timezone.make_aware(datetime.datetime.combine(closed, datetime.time(9)))
        elif kind < 0.5:
            outcome, reason = Outcome.CANCELLED, "Không còn phù hợp với tình hình thực tế."
            closed_at = now
        elif kind < 0.6:
            due = None
        elif kind < 0.7:
            original = due - datetime.timedelta(days=30)
        children.append(
            DirectiveProcess(
                process_ptr_id=parent.pk,
                pk=parent.pk,
                flow_class=parent.flow_class,
                status="DONE" if closed_at else "NEW",
                created=now,
                assignment_id=assignment.pk,
                directive_id=assignment.directive_id,
                lead_id=assignment.lead_id,
                due_date=due,
                original_due_date=original,
                outcome=outcome,
                outcome_reason=reason,
                closed_at=closed_at,
            )
        )
    fields = [f for f in DirectiveProcess._meta.local_concrete_fields]
    for chunk in _batches(children, batch // 4):
        DirectiveProcess.objects._insert(chunk, fields=fields, raw=True)
    return [notice.pk for notice in notices]
