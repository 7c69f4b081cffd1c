from django import template

from reports.status import Status, percent

register = template.Library()


@register.filter
def count_of(counts, status):
    """``{{ counts|count_of:status }}``: the count of one status in a ``StatusCounts``."""
    return counts[str(status)]


@register.filter(name="percent")
def percent_filter(value):
    return percent(value)


@register.filter
def status_label(value):
    return Status(value).label if value in Status.values else value
