"""What the bell and the e-mails say, in the project's language (``settings.LANGUAGE_CODE``:
the worker builds them with that language active, whatever its environment)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from notifications_app.models import DeliveryKind

ANNOUNCEMENTS = (DeliveryKind.CREATED, DeliveryKind.REASSIGNED)
ESCALATIONS = (DeliveryKind.ESCALATE_HEAD, DeliveryKind.ESCALATE_OFFICE)


def absolute(link: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{link}" if link.startswith("/") else link


def deadline_phrase(due: datetime.date | None, today: datetime.date) -> str:
    if due is None:
        return _("không có hạn xử lý")
    day = f"{due:%d/%m/%Y}"
    if due < today:
        return _("hạn xử lý %(due)s, đã quá hạn %(days)s ngày") % {
            "due": day,
            "days": (today - due).days,
        }
    if due == today:
        return _("hạn xử lý hôm nay, %(due)s") % {"due": day}
    return _("hạn xử lý %(due)s") % {"due": day}


def verb(kind: str, *, due: datetime.date | None, to_owner: bool, returned: bool = False) -> str:
    """The headline of a message (the bell's line, the e-mail's subject); ``returned``: the
    task is a report step opened again because the report was returned."""
    if kind in ANNOUNCEMENTS and returned:
        return _("Báo cáo bị trả lại")
    if kind in ANNOUNCEMENTS:
        return _("Việc mới giao cho bạn") if to_owner else _("Việc mới chờ nhận xử lý")
    day = f"{due:%d/%m/%Y}" if due else ""
    return {
        DeliveryKind.BEFORE: _("Sắp đến hạn %(due)s"),
        DeliveryKind.DUE: _("Hôm nay là hạn xử lý (%(due)s)"),
        DeliveryKind.OVERDUE: _("Đã quá hạn xử lý %(due)s"),
        DeliveryKind.ESCALATE_HEAD: _("Công việc của cơ quan đã quá hạn %(due)s"),
        DeliveryKind.ESCALATE_OFFICE: _("Công việc quá hạn %(due)s cần Văn phòng đôn đốc"),
    }[kind] % {"due": day}


def description(*, title: str, agency: str, kind: str, due, today, returned_reason="") -> str:
    text = f"{title} ({agency})" if agency else title
    if kind in ANNOUNCEMENTS and returned_reason:
        text = _("%(text)s — lý do: %(reason)s") % {"text": text, "reason": returned_reason}
    if kind in ANNOUNCEMENTS:
        text = f"{text}; {deadline_phrase(due, today)}"
    return text


def email_subject(kind: str, headline: str) -> str:
    if kind in ANNOUNCEMENTS:
        return _("[Việc mới] %(verb)s") % {"verb": headline}
    return _("[Nhắc việc] %(verb)s") % {"verb": headline}


def email_body(*, name: str, headline: str, text: str, link: str) -> str:
    return _(
        "Kính gửi %(name)s,\n\n"
        "%(verb)s: %(description)s.\n\n"
        "Xem và xử lý tại: %(link)s\n\n"
        "Văn phòng Tỉnh ủy (thư tự động, xin không trả lời)."
    ) % {"name": name, "verb": headline, "description": text, "link": absolute(link)}


def skipped_reason(kind: str, *, sent: str | None) -> str:
    """Why a reminder was not sent (audit log)."""
    if sent in ANNOUNCEMENTS:
        return _("Không gửi riêng: đã báo cùng lúc với việc mới.")
    if sent:
        return _("Đã lỗi thời: chỉ gửi tình trạng hiện tại (%(state)s).") % {
            "state": DeliveryKind(sent).label
        }
    return _("Đã lỗi thời: điều nhắc không còn đúng (%(kind)s).") % {
        "kind": DeliveryKind(kind).label
    }
