"""A notice picked by its number: a text box offering the latest notices, not a list of all.

A province publishes hundreds of notices a year; a ``<select>`` of every one of them weighs
megabytes after a few years. The box takes a notice number (``12-TB/TU``), or the notice's id
as the links and older bookmarks carry it (``?notice=42``).
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from tasks_app.models import Notice

#: How many notices the box offers as suggestions (the latest first).
SUGGESTED = 30

#: Longer than any id: a longer number is not an id.
_ID_DIGITS = 12


def notice_find(value, *, notices: QuerySet[Notice] | None = None) -> Notice | None:
    """The notice numbered ``value`` (or of id ``value``) among ``notices``, None if none."""
    text = str(value or "").strip()
    if not text:
        return None
    notices = Notice.objects.all() if notices is None else notices
    found = notices.filter(number__iexact=text).first()
    if found is None and text.isdigit() and len(text) <= _ID_DIGITS:
        found = notices.filter(pk=int(text)).first()
    return found


class NoticeInput(forms.TextInput):
    """A text box with a ``<datalist>`` of suggested notices (``suggestions``: notices)."""

    def __init__(self, attrs=None):
        super().__init__(
            {"autocomplete": "off", "placeholder": _("ví dụ: 12-TB/TU"), **(attrs or {})}
        )
        self.suggestions: list[Notice] = []

    def format_value(self, value):
        text = str(value or "").strip()
        if text.isdigit() and len(text) <= _ID_DIGITS:
            # an id from a link: shown as the notice's number
            number = Notice.objects.filter(pk=int(text)).values_list("number", flat=True).first()
            return number or text
        return super().format_value(value)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or name}-goi-y"
        attrs["list"] = list_id
        box = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "",
            '<option value="{}">{}</option>',
            ((n.number, f"{n.number} ({n.date:%d/%m/%Y})") for n in self.suggestions),
        )
        return format_html('{}<datalist id="{}">{}</datalist>', box, list_id, options)


def notice_suggestions(notices: QuerySet[Notice]) -> list[Notice]:
    """The latest of ``notices``, for a :class:`NoticeInput`."""
    return list(notices.only("pk", "number", "date").order_by("-date", "-pk")[:SUGGESTED])
