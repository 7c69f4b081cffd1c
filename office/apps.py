from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    """The Office's pages: import notices, review drafts, publish (no models of its own)."""

    name = "office"
    verbose_name = _("Văn phòng Tỉnh ủy")
