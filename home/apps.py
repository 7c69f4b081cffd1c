from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Where each person lands after signing in: what is theirs, what is due, what is late;
    and the read-only pages of published notices (no models)."""

    name = "home"
    verbose_name = _("Trang chính")
