from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, AppMenuMixin, Viewset

from notifications_app import views


class NotificationViewset(AppMenuMixin, Viewset):
    app_name = "alerts"
    title = _("Thông báo của tôi")
    icon = "notifications"

    index_path = path("", views.NotificationListView.as_view(), name="index")
    read_path = path("<int:pk>/read/", views.MarkReadView.as_view(), name="read")
    read_all_path = path("read_all/", views.MarkReadView.as_view(), name="read_all")
    preferences_path = path("preferences/", views.PreferenceView.as_view(), name="preferences")

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated


personal_app = Application(
    title=_("Cá nhân"),
    icon="person",
    app_name="personal",
    viewsets=[NotificationViewset()],
)
