"""``/api/v1/``: the routes of every endpoint group; the schema and its docs are mounted by
``project.urls`` (``/api/schema/``, ``/api/docs/``)."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from api.views import assignments, base, notices, registry, reports, tasks

router = DefaultRouter()
router.include_format_suffixes = False
router.register("agencies", registry.AgencyViewSet, basename="agency")
router.register("notices", notices.NoticeViewSet, basename="notice")
router.register("directives", notices.DirectiveViewSet, basename="directive")
router.register("assignments", assignments.AssignmentViewSet, basename="assignment")
router.register("tasks", tasks.TaskViewSet, basename="task")
router.register("extensions", tasks.ExtensionViewSet, basename="extension")
router.register("notifications", registry.NotificationViewSet, basename="notification")
router.register("attachments", registry.AttachmentViewSet, basename="attachment")
router.register("audit-events", reports.AuditEventViewSet, basename="audit-event")
router.register("reports/export", reports.ExportViewSet, basename="report-export")

app_name = "api"
urlpatterns = [
    path("me/", registry.MeView.as_view(), name="me"),
    path("statistics/", reports.StatisticsView.as_view(), name="statistics"),
    path(
        "directives/<int:pk>/timeline/",
        reports.TimelineViewSet.as_view({"get": "retrieve"}),
        name="directive-timeline",
    ),
    *router.urls,
    re_path(r"^.*$", base.not_found, name="not-found"),
]
