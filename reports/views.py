"""Pages of the completion history and reports; thin: selectors read, ``audit.reporting``
writes. Every refusal answers 403 (or 404 for an unknown object) and lands in the audit log."""

from __future__ import annotations

import logging
from dataclasses import replace
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from project.exceptions import NotFound, PermissionRefused, get_or_not_found
from project.paging import page_of
from reports import charts, jobs, month
from reports import services as reporting
from reports.forms import ReportFilterForm
from reports.ical import calendar_render
from reports.selectors import calendar, dashboard
from reports.selectors import timeline as timelines
from reports.selectors.filters import ReportFilters
from reports.services import ExportFormat
from reports.status import COUNTED, Status
from tasks_app.models import Directive
from tasks_app.notice_input import notice_find, notice_suggestions
from workflows import permissions
from workflows.links import process_path

logger = logging.getLogger(__name__)


def _url(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def _without(query, name: str) -> str:
    """The query string without ``name`` (for links to another page of a table)."""
    query = query.copy()
    query.pop(name, None)
    return query.urlencode()


def timeline_url(directive_id: int) -> str:
    return _url("reports:history:directive", pk=directive_id)


class _ReportFormMixin(LoginRequiredMixin):
    def report_form(self):
        self.scope = permissions.report_scope(user=self.request.user)
        return ReportFilterForm(self.request.GET or None, scope=self.scope)

    def refuse(self, reason: str, filters=None):
        reporting.report_refusal_record(
            user=self.request.user,
            reason=reason,
            filters=filters or ReportFilters(),
        )
        error = PermissionRefused(reason, code="report_refused")
        error.audited = True  # recorded just above
        raise error


class DashboardView(_ReportFormMixin, TemplateView):
    template_name = "reports/dashboard.html"

    def get(self, request, *args, **kwargs):
        form = self.report_form()
        if not self.scope.may_report:
            self.refuse(permissions.report_refusal(scope=self.scope))
        if form.is_bound and not form.is_valid():
            return self.render_to_response({"form": form, "invalid": True}, status=400)
        filters = form.filters() if form.is_bound else ReportFilters()
        refusal = permissions.report_refusal(
            scope=self.scope, agency=filters.agency, notice=filters.notice
        )
        if refusal:
            self.refuse(refusal, filters)
        return self.render_to_response(self.dashboard_context(form, filters))

    def dashboard_context(self, form, filters) -> dict:
        today = timezone.localdate()
        qs = dashboard.report_queryset(scope=self.scope, filters=filters, today=today)
        summary = dashboard.summary(qs)
        counts, by_agency, ageing = summary.counts, summary.by_agency, summary.ageing
        notices = dashboard.notice_page(qs, page=self.request.GET.get("trang"))
        by_notice = notices.object_list
        overdue = list(dashboard.overdue_processes(qs))
        for process in overdue:
            process.days = (today - process.due_date).days
            process.timeline_url = timeline_url(process.directive_id)
            process.url = process_path(process.pk)
        points = dashboard.trend(qs)
        query = self.request.GET.urlencode()
        suffix = f"?{query}" if query else ""
        return {
            "form": form,
            "filters": filters,
            "today": today,
            "scope": self.scope,
            "counts": counts,
            "statuses": [(status, counts[status]) for status in (*COUNTED, Status.CANCELLED)],
            "status_order": [*COUNTED, Status.CANCELLED],
            "by_notice": by_notice,
            "notice_page": notices,
            "notice_page_query": _without(self.request.GET, "trang"),
            "by_agency": by_agency,
            "ageing": ageing,
            "overdue": overdue,
            "trend": points,
            "status_chart": charts.status_chart(counts),
            "ageing_chart": charts.ageing_chart(ageing),
            "agency_chart": charts.stacked_bars(
                by_agency, label=_("Số nhiệm vụ theo cơ quan chủ trì và trạng thái")
            ),
            "trend_chart": charts.trend_chart(points),
            "xlsx_url": _url("reports:dashboard:export_xlsx") + suffix,
            "pdf_url": _url("reports:dashboard:export_pdf") + suffix,
            "history_url": _url("reports:history:index"),
        }


class ExportView(_ReportFormMixin, View):
    """Download the progress report for the dashboard's filters (in the query string).

    POST only: an export is an audit event, so a link or an image elsewhere must not make one
    in the user's name. A report of more than ``settings.EXPORT_INLINE_MAX_ROWS`` rows is
    queued for a worker instead: the user goes to its progress page.
    """

    fmt = ExportFormat.XLSX
    http_method_names = ["post"]

    def post(self, request):
        form = self.report_form()
        if form.is_bound and not form.is_valid():
            return HttpResponse(
                "; ".join(str(e) for errors in form.errors.values() for e in errors),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        filters = form.filters() if form.is_bound else ReportFilters()
        count = reporting.export_rows_count(user=request.user, filters=filters)
        if count > settings.EXPORT_INLINE_MAX_ROWS:  # built by a worker, the file in the bell
            job = jobs.export_job_create(
                user=request.user, filters=filters, fmt=self.fmt, rows_total=count
            )
            return redirect(jobs.job_url("export_job", job.pk))
        export = reporting.report_export(user=request.user, filters=filters, fmt=self.fmt)
        response = HttpResponse(export.content, content_type=export.content_type)
        response["Content-Disposition"] = (
            f"attachment; filename=\"{export.filename}\"; filename*=UTF-8''{quote(export.filename)}"
        )
        response["X-Content-SHA256"] = export.sha256
        response["Cache-Control"] = "no-store"
        return response


class HistoryListView(LoginRequiredMixin, TemplateView):
    """Directives whose completion history the user may read."""

    template_name = "reports/history_list.html"

    def get_context_data(self, **kwargs):
        scope = permissions.report_scope(user=self.request.user)
        notice = notice_find(self.request.GET.get("notice"))  # a number, or an id from a link
        directives = timelines.directives_in_history(scope=scope, notice=notice)
        page = page_of(Paginator(directives, 50), self.request.GET.get("page"))
        for directive in page:
            directive.timeline_url = timeline_url(directive.pk)
        notices = notice_suggestions(timelines.notices_in_history(scope=scope))
        return super().get_context_data(
            page=page, notices=notices, notice=notice, scope=scope, **kwargs
        )


class TimelineView(LoginRequiredMixin, TemplateView):
    template_name = "reports/timeline.html"

    def get_context_data(self, **kwargs):
        directive = get_or_not_found(
            Directive.objects.select_related("notice"),
            permissions.NOT_FOUND_MESSAGE,
            pk=kwargs["pk"],
        )
        scope = permissions.report_scope(user=self.request.user)
        refusal = permissions.history_refusal(scope=scope, directive=directive)
        if refusal:  # hidden and missing answer alike (404); the audit log says which
            error = permissions.hidden(refusal)
            error.audit_target = reporting.history_target(directive=directive)
            raise error
        timeline = timelines.directive_timeline(
            scope=scope, directive=directive, today=timezone.localdate()
        )
        for history in timeline.processes:
            history.url = _url(
                "workflow:flows:directive:process_detail", process_pk=history.process.pk
            )
        return super().get_context_data(
            timeline=timeline,
            directive=directive,
            scope=scope,
            history_url=_url("reports:history:index"),
            **kwargs,
        )


class CalendarPageView(LoginRequiredMixin, TemplateView):
    """A month of the user's deadlines (``?month=YYYY-MM``), and the user's secret calendar
    address with a button to replace it (POST only)."""

    template_name = "reports/calendar.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        first, refusal = month.month_asked(self.request.GET.get("month"), today=today)
        feed = calendar.calendar_feed_of(user=user)
        feed_url = ""
        if feed is not None:
            path = _url("calendar_feed", token=feed.token)
            feed_url = self.request.build_absolute_uri(path) if path else ""
        start, end = month.grid_range(first)
        items = calendar.calendar_items(user=user, start=start, end=end)
        weeks = month.month_grid(first=first, items=items, today=today)
        in_month = [day for week in weeks for day in week if day.in_month and day.items]
        return super().get_context_data(
            feed=feed,
            feed_url=feed_url,
            weeks=weeks,
            weekdays=[str(name) for name in month.WEEKDAYS],
            month_days=in_month,
            month_title=month.month_title(first),
            month_refusal=refusal,
            month_count=sum(len(day.items) for day in in_month),
            previous_month=month.neighbour_month(first, -1, today=today),
            next_month=month.neighbour_month(first, 1, today=today),
            this_month=f"{today:%Y-%m}",
            showing_this_month=first == today.replace(day=1),
            overdue_count=calendar.calendar_overdue_count(user=user, today=today),
            **kwargs,
        )

    def post(self, request):
        had_feed = calendar.calendar_feed_of(user=request.user) is not None
        reporting.calendar_feed_reset(user=request.user)
        if had_feed:
            messages.success(request, _("Đã tạo địa chỉ mới. Địa chỉ cũ không còn dùng được nữa."))
        else:
            messages.success(request, _("Đã tạo địa chỉ lịch hạn xử lý."))
        return redirect(request.path)


class CalendarFeedView(View):
    """``/lich/<token>.ics``: public, authenticated by the secret token alone.

    An unknown (or replaced) token is a 404; it is written to the audit log at most once per
    client address every ten minutes (anyone can ask for such addresses, and each audit event
    locks the chain head, so unthrottled recording would let strangers flood the log).
    """

    http_method_names = ["get", "head"]

    def get(self, request, token: str):
        feed = calendar.calendar_feed_by_token(token=token)
        if feed is None:
            remote_addr = request.META.get("REMOTE_ADDR", "")
            logger.warning("calendar feed: unknown token from %s", remote_addr)
            reporting.calendar_feed_refusal_record(remote_addr=remote_addr)
            raise NotFound(_("Không tìm thấy lịch."))
        user = feed.user
        items = [
            replace(item, url=request.build_absolute_uri(item.path)) if item.path else item
            for item in calendar.calendar_items(user=user)
        ]
        body = calendar_render(
            name=_("Hạn xử lý — %(user)s") % {"user": user.get_full_name() or user.username},
            items=items,
            stamp=timezone.now(),
            domain=request.get_host().split(":")[0] or "localhost",
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="han-xu-ly.ics"'
        response["Cache-Control"] = "private, max-age=300"
        response["X-Robots-Tag"] = "noindex"
        return response
