"""Pages of the workflow on viewflow's Material site.

- :mod:`.lists`: inbox, queue, archive, a flow's tasks and processes, bulk claim/release;
- :mod:`.processes`: the flow's kanban, chart, process page, side actions, attachments,
  group roll-ups.

The pages of one task (step forms, claim/release, detail) are in :mod:`workflows.task_views`.
"""

from .lists import (
    ArchiveView,
    BulkClaimView,
    BulkReleaseView,
    ExtensionListView,
    InboxView,
    ProcessListView,
    QueueView,
    TaskListView,
    WorkListMixin,
)
from .processes import (
    AttachmentDownloadView,
    CancelView,
    ChartView,
    ExtensionRequestView,
    FlowDashboardView,
    GroupRollupDetailView,
    GroupRollupListView,
    ProcessDetailView,
    ReassignView,
)

__all__ = [
    "ArchiveView",
    "AttachmentDownloadView",
    "BulkClaimView",
    "BulkReleaseView",
    "CancelView",
    "ChartView",
    "ExtensionListView",
    "ExtensionRequestView",
    "FlowDashboardView",
    "GroupRollupDetailView",
    "GroupRollupListView",
    "InboxView",
    "ProcessDetailView",
    "ProcessListView",
    "QueueView",
    "ReassignView",
    "TaskListView",
    "WorkListMixin",
]
