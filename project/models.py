from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """Last time a periodic task scheduled by beat ran on a worker."""

    name = models.CharField(_("tên"), max_length=50, unique=True)
    seen_at = models.DateTimeField(_("lần cuối"))

    class Meta:
        verbose_name = _("nhịp hoạt động")
        verbose_name_plural = _("nhịp hoạt động")

    def __str__(self) -> str:
        return f"{self.name} @ {self.seen_at:%d/%m/%Y %H:%M:%S}"
