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


def _ends_with_key(queryset) -> bool:
    """Whether ``queryset``'s order is total (its last term the primary key), so that reading
    it backwards gives exactly the same rows in reverse."""
    order = list(getattr(getattr(queryset, "query", None), "order_by", ()) or ())
    return bool(order) and isinstance(order[-1], str) and order[-1].lstrip("-") in ("pk", "id")


class BothEndsPaginator(Paginator):
    """A paginator as fast on the last page as on the first: a page past the middle is read
    with the order reversed (a short OFFSET from the end) and turned back, instead of
    skipping every row before it. Only for querysets ordered down to the primary key."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if number > 1 and number > self.num_pages / 2 and _ends_with_key(self.object_list):
            rows = list(self.object_list.reverse()[self.count - top : self.count - bottom])
            rows.reverse()
            return self._get_page(rows, number, self)
        return self._get_page(self.object_list[bottom:top], number, self)
