from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """What people read: dashboard, completion history, timelines, exports, calendar (no models:
    the export jobs are ``notifications_app.ReportExport``)."""

    name = "reports"
    verbose_name = _("Báo cáo, kiểm tra")

    def ready(self):
        from reports import receivers  # noqa: F401  (connects the signal receivers)
