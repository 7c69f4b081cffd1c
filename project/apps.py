from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectConfig(AppConfig):
    name = "project"
    verbose_name = _("Hệ thống")

    def ready(self):
        from project import receivers  # noqa: F401
