"""The deadline of a task or process as one cell: the date and a badge that says where it stands.

The badge carries an icon and words ("Quá hạn 2 ngày"), so its colour is never the only signal::

    {% load deadlines %}{% deadline task.due_date %}
"""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from workflows.deadlines import DeadlineStanding, deadline_standing

register = template.Library()


def deadline_badge_html(standing: DeadlineStanding) -> SafeString:
    return format_html(
        '<span class="cd-due cd-due--{}" data-deadline="{}">'
        '<i class="material-icons" aria-hidden="true">{}</i>{}</span>',
        standing.state,
        standing.state,
        standing.icon,
        standing.label,
    )


def deadline_html(standing: DeadlineStanding) -> SafeString:
    """``dd/mm/yyyy`` and the badge ("Không có hạn" alone when there is no date)."""
    if standing.due_date is None:
        return format_html('<span class="cd-deadline">{}</span>', deadline_badge_html(standing))
    return format_html(
        '<span class="cd-deadline"><span class="cd-deadline__date">{}</span> {}</span>',
        f"{standing.due_date:%d/%m/%Y}",
        deadline_badge_html(standing),
    )


def _finished_on(finished: datetime.datetime | datetime.date | None) -> datetime.date | None:
    if isinstance(finished, datetime.datetime):
        return (
            timezone.localtime(finished).date() if timezone.is_aware(finished) else finished.date()
        )
    return finished


@register.simple_tag
def deadline(due_date, finished=None):
    """The date and its badge; with ``finished`` (a date or time), whether it was met."""
    return deadline_html(deadline_standing(due_date, finished_on=_finished_on(finished)))


@register.simple_tag
def deadline_badge(due_date, finished=None):
    """The badge alone."""
    return deadline_badge_html(deadline_standing(due_date, finished_on=_finished_on(finished)))


@register.filter
def deadline_cell(standing: DeadlineStanding) -> SafeString:
    """``{{ row.standing|deadline_cell }}``: a standing already computed (work lists)."""
    return deadline_html(standing)
