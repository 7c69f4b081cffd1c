from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from project.models import Heartbeat

admin.site.site_header = _("Quản trị hệ thống theo dõi thực hiện kết luận")
admin.site.site_title = _("Quản trị hệ thống")
admin.site.index_title = _("Dữ liệu và cấu hình")


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "seen_at"]
