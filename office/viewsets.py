from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, AppMenuMixin, Viewset

from office import views
from tasks_app.permissions import user_can_edit_notices, user_can_edit_registry


class NoticeViewset(AppMenuMixin, Viewset):
    title = _("Thông báo kết luận")
    icon = "description"

    index_path = path("", views.NoticeListView.as_view(), name="index")
    import_path = path("import/", views.NoticeImportView.as_view(), name="import")
    job_path = path("import/job/<int:pk>/", views.ImportJobView.as_view(), name="job")
    job_status_path = path(
        "import/job/<int:pk>/status/", views.ImportJobStatusView.as_view(), name="job_status"
    )
    job_requeue_path = path(
        "import/job/<int:pk>/requeue/", views.ImportJobRequeueView.as_view(), name="job_requeue"
    )
    create_path = path("new/", views.NoticeCreateView.as_view(), name="create")
    review_path = path("<int:pk>/", views.NoticeReviewView.as_view(), name="review")
    edit_path = path("<int:pk>/edit/", views.NoticeEditView.as_view(), name="edit")
    publish_path = path("<int:pk>/publish/", views.NoticePublishView.as_view(), name="publish")
    directive_add_path = path(
        "<int:pk>/directives/add/", views.DirectiveAddView.as_view(), name="directive_add"
    )
    directive_path = path(
        "directive/<int:pk>/", views.DirectiveSaveView.as_view(), name="directive"
    )
    directive_delete_path = path(
        "directive/<int:pk>/delete/", views.DirectiveDeleteView.as_view(), name="directive_delete"
    )

    def has_view_permission(self, user, obj=None):
        return user_can_edit_notices(user=user)


class RegistryViewset(AppMenuMixin, Viewset):
    title = _("Danh mục cơ quan")
    icon = "apartment"

    index_path = path("", views.AgencyListView.as_view(), name="index")
    agency_create_path = path("new/", views.AgencyFormView.as_view(), name="agency_create")
    agency_edit_path = path("<int:pk>/", views.AgencyFormView.as_view(), name="agency_edit")
    agency_retire_path = path(
        "<int:pk>/retire/", views.AgencyRetireView.as_view(), name="agency_retire"
    )
    group_list_path = path("groups/", views.GroupListView.as_view(), name="group_list")
    group_create_path = path("groups/new/", views.GroupFormView.as_view(), name="group_create")
    group_edit_path = path("groups/<int:pk>/", views.GroupFormView.as_view(), name="group_edit")

    def has_view_permission(self, user, obj=None):
        return user_can_edit_registry(user=user)


class OfficeApplication(Application):
    """Shown to, and open for, Office staff only."""

    def has_view_permission(self, user, obj=None):
        return user_can_edit_notices(user=user)


office_app = OfficeApplication(
    title=_("Văn phòng Tỉnh ủy"),
    icon="account_balance",
    app_name="office",
    viewsets=[NoticeViewset(), RegistryViewset()],
)
