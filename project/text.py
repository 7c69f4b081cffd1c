"""Text as Vietnamese readers expect it: alphabetical order and one-line summaries."""

import unicodedata

from django.db.models import Case, IntegerField, Value, When
from django.utils.text import Truncator


def vietnamese_sort_key(text: str) -> tuple[str, str]:
    """Alphabetical order as a Vietnamese reader expects: base letters first, then marks.

    "Đ" sorts after every "D…" ("Đảng ủy Khối" after "Dân vận"), "Cái Bè" before "Chợ Gạo".
    """
    base = unicodedata.normalize("NFD", text.replace("Đ", "Dz").replace("đ", "dz"))
    stripped = "".join(ch for ch in base if not unicodedata.combining(ch))
    return stripped.casefold(), text


def vietnamese_sorted(items, *, key=str) -> list:
    """``items`` in Vietnamese alphabetical order of ``key(item)`` (default: ``str(item)``)."""
    return sorted(items, key=lambda item: vietnamese_sort_key(key(item)))


def one_line(text: str, *, words: int = 18) -> str:
    """The first ``words`` words of ``text`` on one line, with "…" when cut."""
    return Truncator(" ".join((text or "").split())).words(words, truncate=" …")


def vietnamese_ordered(queryset, *, field: str = "name"):
    """``queryset`` in Vietnamese alphabetical order of ``field``, as one SQL ``ORDER BY``.

    The database's collation does not know Vietnamese; the order is computed here and given
    to the database as a ``CASE`` (meant for small tables such as the agency registry).
    """
    pairs = sorted(
        queryset.order_by().values_list("pk", field),
        key=lambda pair: vietnamese_sort_key(pair[1] or ""),
    )
    if not pairs:
        return queryset
    position = Case(
        *[When(pk=pk, then=Value(index)) for index, (pk, _value) in enumerate(pairs)],
        output_field=IntegerField(),
    )
    return queryset.order_by(position, "pk")
