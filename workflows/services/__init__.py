"""Write side of the directive workflow: the only place that changes workflow state.

Every entry point (viewflow pages, the API, management commands, tests) calls these functions.
Each one locks the process (``select_for_update``), re-reads the task, checks the user's agency
and role **before** any viewflow state call (``assign``/``start``/``execute`` check nothing),
writes the audit log in the same transaction, and refuses with an error of
:mod:`project.exceptions` whose message is Vietnamese.

- :mod:`.publishing`: publish a notice, start one process per assignment;
- :mod:`.queue`: claim, release, reclaim;
- :mod:`.steps`: the human steps (accept … verify) and the flow's function nodes;
- :mod:`.side_paths`: extension request and decision, officer reassignment, cancellation;
- :mod:`.succession`: a retired agency's open work moves to its successor.
"""

from .publishing import (
    assignment_processes_start,
    notice_publish,
    process_initialize,
    task_created,
)
from .queue import (
    BulkOutcome,
    task_claim,
    task_reclaim,
    task_release,
    tasks_claim_bulk,
    tasks_release_bulk,
)
from .side_paths import (
    extension_initialize,
    extension_request,
    process_cancel,
    process_officer_reassign,
    task_extension_decide,
)
from .steps import (
    period_open_next,
    process_complete,
    task_accept,
    task_approve,
    task_contribution_submit,
    task_coordination_assign,
    task_meeting_record,
    task_report_submit,
    task_verify,
)
from .succession import SuccessionResult, agency_retire

__all__ = [
    "BulkOutcome",
    "SuccessionResult",
    "agency_retire",
    "assignment_processes_start",
    "extension_initialize",
    "extension_request",
    "notice_publish",
    "period_open_next",
    "process_cancel",
    "process_complete",
    "process_initialize",
    "process_officer_reassign",
    "task_accept",
    "task_approve",
    "task_claim",
    "task_contribution_submit",
    "task_coordination_assign",
    "task_created",
    "task_extension_decide",
    "task_meeting_record",
    "task_reclaim",
    "task_release",
    "task_report_submit",
    "task_verify",
    "tasks_claim_bulk",
    "tasks_release_bulk",
]
