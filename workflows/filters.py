"""The filters above every work list: where the deadline stands, lead agency, notice.

The choices are taken from the list being filtered (already limited to what the user may see),
agencies in Vietnamese alphabetical order; the notice is typed by its number, the latest of the
list's notices offered. A value that is not a choice (or no notice's number) is ignored.
"""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from project.text import vietnamese_sorted
from tasks_app.models import Agency, Notice
from tasks_app.notice_input import NoticeInput, notice_find, notice_suggestions

from .deadlines import due_soon_limit
from .models import DirectiveProcess, ExtensionProcess, Outcome


class DeadlineFilter:
    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"
    LATER = "later"
    NONE = "none"

    choices = [
        (OVERDUE, _("Quá hạn")),
        (TODAY, _("Đến hạn hôm nay")),
        (SOON, _("Sắp đến hạn (trong 3 ngày làm việc)")),
        (LATER, _("Còn hạn")),
        (NONE, _("Không có hạn")),
    ]


def deadline_q(value: str, *, field: str = "due_date", today: datetime.date | None = None) -> Q:
    """Rows whose ``field`` stands as ``value`` (one of :class:`DeadlineFilter`) on ``today``."""
    today = today or timezone.localdate()
    if value == DeadlineFilter.OVERDUE:
        return Q(**{f"{field}__lt": today})
    if value == DeadlineFilter.TODAY:
        return Q(**{field: today})
    if value == DeadlineFilter.SOON:
        return Q(**{f"{field}__gt": today, f"{field}__lte": due_soon_limit(today)})
    if value == DeadlineFilter.LATER:
        return Q(**{f"{field}__gt": due_soon_limit(today)})
    if value == DeadlineFilter.NONE:
        return Q(**{f"{field}__isnull": True})
    return Q()


def _agency_choices(agency_ids) -> list[tuple[int, str]]:
    agencies = Agency.objects.filter(pk__in=agency_ids)
    return [(a.pk, a.name) for a in vietnamese_sorted(agencies, key=lambda a: a.name)]


def _notice_id(value) -> int | None:
    """The id of the notice numbered (or of id) ``value``; None if there is none."""
    notice = notice_find(value)
    return notice.pk if notice else None


class _WorkFilter(django_filters.FilterSet):
    deadline = django_filters.ChoiceFilter(
        label=_("Hạn xử lý"),
        choices=DeadlineFilter.choices,
        method="filter_deadline",
        empty_label=_("Tất cả"),
    )
    lead = django_filters.ChoiceFilter(
        label=_("Cơ quan chủ trì"),
        method="filter_lead",
        empty_label=_("Tất cả cơ quan"),
    )
    notice = django_filters.CharFilter(label=_("Thông báo"), method="filter_notice")

    def directive_processes(self, queryset: QuerySet) -> QuerySet[DirectiveProcess]:
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        processes = self.directive_processes(self.queryset)
        self.filters["lead"].extra["choices"] = _agency_choices(processes.values("lead_id"))
        # the latest of the list's notices offered, any other typed by its number
        widget = NoticeInput()
        widget.suggestions = notice_suggestions(
            Notice.objects.filter(pk__in=processes.values("directive__notice_id"))
        )
        self.filters["notice"].extra["widget"] = widget

    def filter_deadline(self, queryset, name, value):
        return queryset.filter(deadline_q(value)) if value else queryset


class TaskFilter(_WorkFilter):
    """Filters of a task list (inbox, queue, archive, a flow's tasks)."""

    def directive_processes(self, queryset):
        process_ids = queryset.values("process_id")
        return DirectiveProcess.objects.filter(
            Q(pk__in=process_ids)
            | Q(
                pk__in=ExtensionProcess.objects.filter(pk__in=process_ids).values(
                    "directive_process_id"
                )
            )
        )

    def _of_processes(self, queryset, processes: QuerySet[DirectiveProcess]):
        extensions = ExtensionProcess.objects.filter(directive_process__in=processes)
        return queryset.filter(
            Q(process__in=processes.values("pk")) | Q(process__in=extensions.values("pk"))
        )

    def filter_lead(self, queryset, name, value):
        if not value:
            return queryset
        return self._of_processes(queryset, DirectiveProcess.objects.filter(lead_id=value))

    def filter_notice(self, queryset, name, value):
        notice_id = _notice_id(value)
        if notice_id is None:
            return queryset
        return self._of_processes(
            queryset, DirectiveProcess.objects.filter(directive__notice_id=notice_id)
        )


class ProcessFilter(_WorkFilter):
    """Filters of a list of directive processes."""

    outcome = django_filters.ChoiceFilter(
        label=_("Tình trạng"),
        choices=Outcome.choices,
        field_name="outcome",
        empty_label=_("Tất cả"),
    )

    def directive_processes(self, queryset):
        return DirectiveProcess.objects.filter(pk__in=queryset.values("pk"))

    def filter_deadline(self, queryset, name, value):
        if not value:
            return queryset
        if value == DeadlineFilter.NONE:
            return queryset.filter(deadline_q(value))
        # late, due or on track: only work still open
        return queryset.filter(deadline_q(value), outcome=Outcome.OPEN)

    def filter_lead(self, queryset, name, value):
        return queryset.filter(lead_id=value) if value else queryset

    def filter_notice(self, queryset, name, value):
        notice_id = _notice_id(value)
        return queryset if notice_id is None else queryset.filter(directive__notice_id=notice_id)
