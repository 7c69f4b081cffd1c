from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsAppConfig(AppConfig):
    name = "notifications_app"
    label = "notifications_app"
    verbose_name = _("Nhắc việc và thông báo")

    def ready(self):
        from notifications_app import receivers  # noqa: F401  (connects the signal receivers)
