"""Who may do what in the workflow: every rule in one place (this package).

``user_can_<action>`` answers whether a page shows an action (a link, a button, a form);
``require_<action>`` refuses a service call with an error of :mod:`project.exceptions`
(:class:`PermissionRefused`, or :class:`NotFound` where the user may not even know the object
exists). Pages, viewflow's node hooks (``can_assign``/``can_execute``), the services and the
API all call these, so they refuse the same people.

A human task carries its scope as real columns (``WorkflowTask.agency`` and ``actor_role``):

- ``head``: a head or deputy of the agency takes it from the agency queue;
- ``officer``: the officer it was given to (or, if nobody was chosen, an officer of the agency);
- ``office``: Office staff (members of VPTU with role ``office``).

- :mod:`.tasks`: a task's agency and role; claim, execute, release, reclaim;
- :mod:`.processes`: publishing, seeing a process, extension, reassignment, cancellation;
- :mod:`.reports`: the dashboard, exports and completion history (:class:`ReportScope`).
"""

from .processes import (
    hidden,
    reassign_agency,
    reassign_is_coordination,
    reassign_refusal,
    require_cancel,
    require_extension_request,
    require_publish,
    require_reassign,
    require_view_process,
    user_can_cancel,
    user_can_publish,
    user_can_reassign,
    user_can_request_extension,
    user_can_view_process,
    user_can_view_workflow,
)
from .reports import (
    ReportScope,
    history_processes,
    history_refusal,
    report_refusal,
    report_scope,
    require_report,
    user_can_read_history,
    user_can_report,
)
from .tasks import (
    FINISHED,
    MEMBERSHIP_ROLES,
    NOT_FOUND_MESSAGE,
    OWNER_PERMISSIONS,
    require_task_actor,
    require_task_open,
    require_task_reclaimer,
    require_task_unfinished_for,
    responsible_users_by_task,
    task_owner_gone,
    task_responsible_users,
    user_can_claim,
    user_can_execute,
    user_can_reclaim,
    user_can_release,
    user_can_unassign,
    user_holds_role,
    user_holds_task_role,
)

__all__ = [
    "FINISHED",
    "MEMBERSHIP_ROLES",
    "NOT_FOUND_MESSAGE",
    "OWNER_PERMISSIONS",
    "ReportScope",
    "hidden",
    "history_processes",
    "history_refusal",
    "reassign_agency",
    "reassign_is_coordination",
    "reassign_refusal",
    "report_refusal",
    "report_scope",
    "require_cancel",
    "require_extension_request",
    "require_publish",
    "require_reassign",
    "require_report",
    "require_task_actor",
    "require_task_open",
    "require_task_reclaimer",
    "require_task_unfinished_for",
    "require_view_process",
    "responsible_users_by_task",
    "task_owner_gone",
    "task_responsible_users",
    "user_can_cancel",
    "user_can_claim",
    "user_can_execute",
    "user_can_publish",
    "user_can_read_history",
    "user_can_reassign",
    "user_can_reclaim",
    "user_can_release",
    "user_can_report",
    "user_can_request_extension",
    "user_can_unassign",
    "user_can_view_process",
    "user_can_view_workflow",
    "user_holds_role",
    "user_holds_task_role",
]
