"""Which page of a long list a ``?page=`` asks for, forgiving: never an error page."""

from __future__ import annotations

from django.core.paginator import Page, Paginator


def page_number(value) -> int:
    """``value`` as a page number: 1 unless it is a positive whole number."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def page_of(paginator: Paginator, value) -> Page:
    """The page ``value`` asks for; past the end the last page, not a number (or below 1) the
    first (a bookmark to a page that no longer exists still shows the list)."""
    return paginator.get_page(page_number(value))
