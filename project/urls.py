from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from project import health, security
from project.accounts import SiteAuthViewset
from project.site import site
from reports.viewsets import calendar_feed_path

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path("accounts/lockouts/", security.LockoutListView.as_view(), name="lockouts"),
    path("accounts/", SiteAuthViewset(site=site, with_profile_view=False).urls),
    path("i18n/setlang/", set_language, name="set_language"),
    calendar_feed_path,
    path("", site.urls),
]

handler500 = "project.errors.server_error"
