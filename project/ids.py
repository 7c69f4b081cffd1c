"""Object ids a client sends: in a URL path (``<int:pk>``) or as a list in a form (``pk=…``).

Ids are PostgreSQL ``bigint`` values. A number beyond that range cannot name any object, so a
path holding one is "not found" (404), and a form field holding one, or text where an id is
expected, is bad input (400) — never a database error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from project.exceptions import InvalidInput

MAX_ID = 2**63 - 1
_ID = re.compile(r"[0-9]{1,19}")


def id_in_range(value: object) -> bool:
    """Whether an int path argument could be an object id (``True`` for non-int values)."""
    return not isinstance(value, int) or 0 <= value <= MAX_ID


def ids_in_range(values: Iterable[object]) -> bool:
    return all(id_in_range(value) for value in values)


def ids_parse(values: Iterable[str], *, limit: int = 1000) -> list[int]:
    """The ids of a submitted list (``request.POST.getlist("pk")``), or :class:`InvalidInput`."""
    values = list(values)
    if len(values) > limit:
        raise InvalidInput(_("Chọn tối đa %(limit)s mục mỗi lần.") % {"limit": limit})
    ids = []
    for value in values:
        text = str(value).strip()
        if not _ID.fullmatch(text) or int(text) > MAX_ID:
            raise InvalidInput(
                _("Mã “%(value)s” không hợp lệ: mã phải là một số nguyên dương.")
                % {"value": text[:40]},
                fields={"pk": _("Mã không hợp lệ.")},
            )
        ids.append(int(text))
    return ids
