from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksAppConfig(AppConfig):
    name = "tasks_app"
    verbose_name = _("Nhiệm vụ và cơ quan")

    def ready(self):
        from tasks_app import receivers  # noqa: F401  (connects the signal receivers)
