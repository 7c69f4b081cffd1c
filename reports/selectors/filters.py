"""What a report is about: the filters a user picks and the choices they may pick from."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from project.text import vietnamese_sorted
from reports.formats import fmt_date
from tasks_app.models import Agency, Notice
from workflows.models import (
    DirectiveProcess,
)
from workflows.permissions import ReportScope


def scope_agencies(*, scope: ReportScope) -> list[Agency]:
    """Agencies a user may pick in the report filters: those leading a process in scope, in
    Vietnamese alphabetical order."""
    if scope.sees_all:
        agencies = Agency.objects.filter(pk__in=DirectiveProcess.objects.values("lead_id"))
    else:
        agencies = Agency.objects.filter(pk__in=scope.lead_agency_ids)
    return vietnamese_sorted(agencies, key=lambda agency: agency.name)


def scope_notices(*, scope: ReportScope) -> QuerySet[Notice]:
    """Notices with at least one process in the user's report scope."""
    processes = DirectiveProcess.objects.filter(scope.report_filter())
    return Notice.objects.filter(pk__in=processes.values("directive__notice_id")).order_by(
        "-date", "number"
    )


class DateBasis:
    DUE = "due"
    PUBLISHED = "published"


@dataclass(frozen=True)
class ReportFilters:
    notice: Notice | None = None
    agency: Agency | None = None
    date_basis: str = DateBasis.DUE
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    status: str = ""

    def describe(self) -> dict:
        """The filters as plain values (for the audit event of an export)."""
        return {
            "notice": self.notice.number if self.notice else None,
            "agency": self.agency.code if self.agency else None,
            "date_basis": self.date_basis,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "status": self.status or None,
        }

    def period_label(self) -> str:
        if not (self.date_from or self.date_to):
            return ""
        basis = _("hạn xử lý") if self.date_basis == DateBasis.DUE else _("ngày ban hành")
        if self.date_from and self.date_to:
            return _("%(basis)s từ %(start)s đến %(end)s") % {
                "basis": basis,
                "start": fmt_date(self.date_from),
                "end": fmt_date(self.date_to),
            }
        if self.date_from:
            return _("%(basis)s từ %(start)s") % {"basis": basis, "start": fmt_date(self.date_from)}
        return _("%(basis)s đến %(end)s") % {"basis": basis, "end": fmt_date(self.date_to)}
