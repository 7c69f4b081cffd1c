"""Text as Vietnamese readers expect it: alphabetical order and one-line summaries."""

import unicodedata

from django.db.models import Case, IntegerField, Value, When
from django.utils.text import Truncator

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}  # breve, circumflex, horn
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def _letter(base: str, marks: str) -> str:
    if base == "đ":
        return "đ"
    if "\u0306" in marks and base == "a":
        return "ă"
    if "\u0302" in marks and base in "aeo":
        return {"a": "â", "e": "ê", "o": "ô"}[base]
    if "\u031b" in marks and base in "ou":
        return {"o": "ơ", "u": "ư"}[base]
    return base


def vietnamese_sort_key(text: str) -> tuple:
    """Order as a Vietnamese reader expects: letters in the Vietnamese alphabet (a ă â b c d đ
    e ê …, so "Đảng ủy" after "Dân vận" and "Cái Bè" before "Chợ Gạo"), then tones, then case."""
    letters: list[int] = []
    tones: list[int] = []
    for char in text.casefold():
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        letter = _letter(base, marks)
        index = _ALPHABET.find(letter)
        letters.append(index if index >= 0 else 100 + ord(letter))
        tones.append(next((_TONES[m] for m in marks if m in _TONES), 0))
    return tuple(letters), tuple(tones), text


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
