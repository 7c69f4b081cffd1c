"""A lived-in directive for the daily-work journeys: people named as on the real site, work
that is late, due today and due soon, a report waiting for approval, a coordination request."""

import datetime

from django.utils import timezone

from project.calendar import add_working_days
from tasks_app.models import Agency

ROLE_NAMES = {"head": "Lãnh đạo", "officer": "Chuyên viên", "office": "Chuyên viên"}


def named(user):
    """Give a ``staff`` user the name the demo site gives it ("Lãnh đạo Ban Tổ chức Tỉnh ủy")."""
    membership = user.memberships.select_related("agency").first()
    user.first_name = ROLE_NAMES.get(membership.role, "Cán bộ")
    user.last_name = membership.agency.name
    user.save(update_fields=["first_name", "last_name"])
    return user


def people(staff, *codes: str) -> None:
    """Name the Office and the heads and officers of ``codes``."""
    named(staff.office())
    for code in codes:
        named(staff.head(code))
        named(staff.officer(code))


def lived_in(staff) -> dict:
    """Ban Tổ chức leads an item that is 3 days late (accepted: its officer must report) and
    one due in 2 working days (in its queue); it coordinates an item of Ban Tuyên giáo; Đảng
    ủy Khối's report waits for approval; Ban Tuyên giáo's result waits for the Office."""
    people(staff, "BTCTU", "BTGTU", "DUK")
    office = staff.office()
    today = timezone.localdate()
    [late] = staff.publish(
        leads=["BTCTU"],
        by=office,
        due_date=today - datetime.timedelta(days=3),
        text="Rà soát, bổ sung quy hoạch cán bộ nữ, cán bộ trẻ; báo cáo Ban Thường vụ.",
    )
    staff.accept(late)
    [soon] = staff.publish(
        leads=["BTCTU"],
        by=office,
        due_date=add_working_days(today, 2),
        text="Tổng kết công tác tạo nguồn kết nạp đảng viên trong doanh nghiệp.",
    )
    [coordinated] = staff.publish(
        leads=["BTGTU"],
        coordinators=["BTCTU"],
        by=office,
        due_date=today + datetime.timedelta(days=20),
        text="Tuyên truyền Kết luận 01-KL/TW trong cán bộ, đảng viên.",
    )
    staff.accept(coordinated)
    [approve] = staff.publish(
        leads=["DUK"],
        by=office,
        due_date=today + datetime.timedelta(days=10),
        text="Gặp gỡ, đối thoại với chủ doanh nghiệp khu công nghiệp.",
    )
    staff.accept(approve)
    staff.report(approve, text="Đã tổ chức 2 buổi đối thoại với 40 doanh nghiệp.")
    [verify] = staff.publish(
        leads=["BTGTU"],
        by=office,
        due_date=today + datetime.timedelta(days=5),
        text="Biên soạn tài liệu sinh hoạt chi bộ chuyên đề.",
    )
    staff.accept(verify)
    staff.report(verify)
    staff.approve(verify)
    return {
        "late": late,
        "soon": soon,
        "coordinated": coordinated,
        "approve": approve,
        "verify": verify,
        "codes": set(Agency.objects.values_list("code", flat=True)),
    }
