"""The Material site of viewflow: every application of the product hangs here."""

from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, ReadonlyModelViewset, Site

from home.viewsets import home_app
from notifications_app.viewsets import personal_app
from office.viewsets import office_app
from project.text import vietnamese_ordered
from reports.viewsets import reports_app
from tasks_app.models import Agency
from workflows.viewsets import DirectiveWorkflowApp


class AgencyViewset(ReadonlyModelViewset):
    """The agency registry is public inside the organisation: any signed-in user may read it."""

    model = Agency
    title = _("Cơ quan")
    icon = "apartment"
    list_columns = ("code", "name", "kind", "parent")
    list_search_fields = ("code", "name")
    list_filter_fields = ("kind",)

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated

    def get_queryset(self, request):
        return vietnamese_ordered(Agency.objects.all())


registry_app = Application(
    title=_("Danh mục"),
    icon="menu_book",
    app_name="registry",
    viewsets=[AgencyViewset()],
)

site = Site(
    title=_("Theo dõi thực hiện kết luận"),
    viewsets=[
        home_app,
        DirectiveWorkflowApp(),
        office_app,
        reports_app,
        personal_app,
        registry_app,
    ],
)
