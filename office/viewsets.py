from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, AppMenuMixin, Viewset

from office import views
from tasks_app.permissions import user_can_edit_notices


class NoticeViewset(AppMenuMixin, Viewset):
    title = _("Thông báo kết luận")
    icon = "description"

    index_path = path("", views.NoticeListView.as_view(), name="index")
    import_path = path("import/", views.NoticeImportView.as_view(), name="import")
    review_path = path("<int:pk>/", views.NoticeReviewView.as_view(), name="review")
    publish_path = path("<int:pk>/publish/", views.NoticePublishView.as_view(), name="publish")
    directive_path = path(
        "directive/<int:pk>/", views.DirectiveUpdateView.as_view(), name="directive"
    )
    assignment_add_path = path(
        "directive/<int:pk>/assignments/add/",
        views.AssignmentSaveView.as_view(adding=True),
        name="assignment_add",
    )
    assignment_path = path(
        "assignment/<int:pk>/", views.AssignmentSaveView.as_view(), name="assignment"
    )
    assignment_delete_path = path(
        "assignment/<int:pk>/delete/",
        views.AssignmentDeleteView.as_view(),
        name="assignment_delete",
    )

    def has_view_permission(self, user, obj=None):
        return user_can_edit_notices(user=user)


class OfficeApplication(Application):
    """Shown to, and open for, Office staff only."""

    def has_view_permission(self, user, obj=None):
        return user_can_edit_notices(user=user)


office_app = OfficeApplication(
    title=_("Văn phòng Tỉnh ủy"),
    icon="account_balance",
    app_name="office",
    viewsets=[NoticeViewset()],
)
