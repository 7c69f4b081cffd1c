"""Links of a work list that keep its filters: sort by a column, go to another page."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with ``changes`` applied (a value of ``None`` drops the key)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def sort_link(context, view, column) -> dict:
    """Where a click on ``column``'s header goes, and how the list is sorted by it now."""
    order = view.columns_order.get(column)
    direction = {"asc": "ascending", "desc": "descending"}.get(order, "none")
    target = f"-{column.attr_name}" if order == "asc" else column.attr_name
    query = context["request"].GET.copy()
    query[view.ordering_kwarg] = target
    query.pop(view.page_kwarg, None)
    return {"url": f"?{query.urlencode()}", "direction": direction}
