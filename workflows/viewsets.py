"""The workflow application of the Material site: inbox, queue, archive, per-flow processes,
charts, step pages, side actions and the group roll-up, each scoped to what the user may see."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from viewflow.workflow.flow.viewset import FlowViewset, WorkflowAppViewset

from . import permissions, views
from .flows import DirectiveFlow, ExtensionFlow


class _ScopedFlowViewset(FlowViewset):
    dashboard_view_class = views.FlowDashboardView
    process_list_view_class = views.ProcessListView
    task_list_view_class = views.TaskListView
    chart_view_class = views.ChartView
    process_detail_view_class = views.ProcessDetailView
    # viewflow's cancel page cancels without a reason and without the service's checks
    process_cancel_view_class = None

    @property
    def process_cancel_path(self):
        return None


class DirectiveFlowViewset(_ScopedFlowViewset):
    icon = "assignment"

    @property
    def process_extension_path(self):
        return path(
            "<int:process_pk>/extension/",
            views.ExtensionRequestView.as_view(flow_class=DirectiveFlow),
            name="process_extension",
        )

    @property
    def process_reassign_path(self):
        return path(
            "<int:process_pk>/reassign/",
            views.ReassignView.as_view(flow_class=DirectiveFlow),
            name="process_reassign",
        )

    @property
    def process_cancel_reason_path(self):
        return path(
            "<int:process_pk>/cancel/",
            views.CancelView.as_view(flow_class=DirectiveFlow),
            name="process_cancel",
        )


class ExtensionFlowViewset(_ScopedFlowViewset):
    icon = "event"
    process_list_view_class = views.ExtensionListView


class DirectiveWorkflowApp(WorkflowAppViewset):
    """Quy trình xử lý: the common inbox/queue/archive of both flows, plus group roll-ups."""

    title = _("Quy trình xử lý")
    icon = "assignment"
    menu_template_name = "workflows/menu.html"
    inbox_view_class = views.InboxView
    queue_view_class = views.QueueView
    archive_view_class = views.ArchiveView
    tasks_assign_view_class = views.BulkClaimView
    tasks_unassign_view_class = views.BulkReleaseView

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "flow_viewsets",
            [DirectiveFlowViewset(DirectiveFlow), ExtensionFlowViewset(ExtensionFlow)],
        )
        super().__init__(**kwargs)

    def has_view_permission(self, user, obj=None):
        return permissions.user_can_view_workflow(user=user)

    @property
    def index_path(self):
        # the application opens on the user's own tasks
        return path("", RedirectView.as_view(pattern_name="workflow:inbox"), name="index")

    @property
    def rollup_list_path(self):
        return path("groups/", views.GroupRollupListView.as_view(), name="rollup_list")

    @property
    def rollup_detail_path(self):
        return path(
            "groups/<int:directive_pk>/<int:group_pk>/",
            views.GroupRollupDetailView.as_view(),
            name="rollup_detail",
        )

    @property
    def attachment_path(self):
        return path(
            "attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"
        )

    def get_context_data(self, request):
        # The menu counts come from the ``workflow_counts`` tag (templates/workflows/menu.html):
        # app context would clash when viewflow's site middleware runs twice in a request.
        return {}
