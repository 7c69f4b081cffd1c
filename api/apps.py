from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    label = "api"
    verbose_name = _("API và webhook")

    def ready(self):
        from api import receivers  # noqa: F401  (connects the webhook receivers)
