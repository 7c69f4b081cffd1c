"""The home application of the Material site: the landing page and the notice pages."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, AppMenuMixin, Viewset

from . import views


class NoticesViewset(AppMenuMixin, Viewset):
    app_name = "notices"
    title = _("Thông báo đã ban hành")
    icon = "description"

    index_path = path("", views.NoticeListView.as_view(), name="index")
    detail_path = path("<int:pk>/", views.NoticeDetailView.as_view(), name="detail")

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated


class HomeApplication(Application):
    """Open to every signed-in user; each page lists only what the user may see."""

    menu_template_name = "home/menu.html"
    index_path = path("", views.HomeView.as_view(), name="index")

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated


#: For ``project/site.py``: first in the site, so that ``/`` lands here after signing in.
home_app = HomeApplication(
    title=_("Trang chính"),
    icon="home",
    app_name="home",
    viewsets=[NoticesViewset()],
)
