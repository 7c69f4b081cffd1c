from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """What people read: dashboard, completion history, timelines, exports, calendar (no models)."""

    name = "reports"
    verbose_name = _("Báo cáo, kiểm tra")
