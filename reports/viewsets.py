"""The reports application of the Material site: dashboard and exports, completion history,
personal calendar feed. Mount it with ``reports_application()`` (one instance per site)."""

from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, AppMenuMixin, Viewset

from reports import job_views, views
from reports.services import ExportFormat
from workflows import permissions


class DashboardViewset(AppMenuMixin, Viewset):
    app_name = "dashboard"
    title = _("Thống kê, báo cáo")
    icon = "insights"

    index_path = path("", views.DashboardView.as_view(), name="index")
    export_xlsx_path = path(
        "export/xlsx/", views.ExportView.as_view(fmt=ExportFormat.XLSX), name="export_xlsx"
    )
    export_pdf_path = path(
        "export/pdf/", views.ExportView.as_view(fmt=ExportFormat.PDF), name="export_pdf"
    )
    export_job_path = path(
        "export/job/<int:pk>/", job_views.ExportJobView.as_view(), name="export_job"
    )
    export_job_status_path = path(
        "export/job/<int:pk>/status/",
        job_views.ExportJobStatusView.as_view(),
        name="export_job_status",
    )
    export_job_download_path = path(
        "export/job/<int:pk>/download/",
        job_views.ExportJobDownloadView.as_view(),
        name="export_job_download",
    )

    def has_view_permission(self, user, obj=None):
        return permissions.user_can_report(user=user)


class HistoryViewset(AppMenuMixin, Viewset):
    app_name = "history"
    title = _("Lịch sử hoàn thành")
    icon = "history"

    index_path = path("", views.HistoryListView.as_view(), name="index")
    directive_path = path("<int:pk>/", views.TimelineView.as_view(), name="directive")

    def has_view_permission(self, user, obj=None):
        return permissions.user_can_read_history(user=user)


class CalendarViewset(AppMenuMixin, Viewset):
    app_name = "calendar"
    title = _("Lịch hạn xử lý")
    icon = "event"

    index_path = path("", views.CalendarPageView.as_view(), name="index")

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated


class ReportsApplication(Application):
    """Open to every signed-in user; each page scopes what it shows (audit.selectors)."""

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated


def reports_application() -> ReportsApplication:
    return ReportsApplication(
        title=_("Báo cáo, kiểm tra"),
        icon="query_stats",
        app_name="reports",
        viewsets=[DashboardViewset(), HistoryViewset(), CalendarViewset()],
    )


#: For ``project/site.py``: ``Site(viewsets=[..., reports_app])``.
reports_app = reports_application()

#: For ``project/urls.py`` (outside the site: calendar programs cannot sign in).
calendar_feed_path = re_path(
    r"^calendar/(?P<token>[A-Za-z0-9_-]{20,100})\.ics$",
    views.CalendarFeedView.as_view(),
    name="calendar_feed",
)
