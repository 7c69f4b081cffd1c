"""What every workflow service shares: the process lock, one human step, audit, validation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.fsm import TransitionNotAllowed
from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowLockFailed, FlowRuntimeError
from viewflow.workflow.models import Process
from viewflow.workflow.status import STATUS

from audit.models import EventType
from audit.services import Target, acting_for, audit_record, refusals_audited
from project.exceptions import ConcurrencyConflict, InvalidInput, PermissionRefused, StateConflict
from tasks_app.models import Agency, Directive
from tasks_app.selectors import UserLike

from .. import permissions, selectors, signals
from ..attachments import attachments_validate
from ..models import Attachment, DirectiveProcess, ExtensionProcess, WorkflowTask, flow_of


@contextmanager
def process_locked(process_class: type[Process], process_pk: int) -> Iterator[None]:
    """The flow's ``select_for_update`` lock on the process row; a busy lock is a clear error."""
    try:
        with flow_of(process_class).lock(process_pk):
            yield
    except FlowLockFailed as exc:
        raise ConcurrencyConflict() from exc


def clean_text(value: str | None) -> str:
    return (value or "").strip()


def require_text(value: str | None, message: str) -> str:
    text = clean_text(value)
    if not text:
        raise InvalidInput(message)
    return text


def require_officer(*, officer: UserLike, agency: Agency):
    if (
        officer is None
        or not selectors.agency_officers(agency=agency).filter(pk=officer.pk).exists()
    ):
        raise InvalidInput(
            _("Người được chọn không phải chuyên viên của %(agency)s.") % {"agency": agency}
        )
    return officer


def require_submission(*, text: str | None, files: Iterable, missing_text: str) -> tuple[str, list]:
    """A written submission with attached files (report, contribution, minutes): the text is
    required, the files within the attachment limits."""
    text = require_text(text, missing_text)
    files = list(files or [])
    try:
        attachments_validate(files)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages)) from exc
    return text, files


def attachments_save(*, files: list, by: UserLike, **owner) -> None:
    """Store validated files for their owner (``report=``, ``contribution=`` or ``meeting=``)."""
    for file in files:
        Attachment.objects.create(
            file=file,
            original_name=file.name.rsplit("/", 1)[-1][:255],
            size=file.size,
            uploaded_by=by,
            **owner,
        )


def task_ended(task: WorkflowTask) -> None:
    signals.task_finished.send(sender=WorkflowTask, task=task)


def audit(
    event_type: str,
    *,
    by: UserLike,
    process: DirectiveProcess | ExtensionProcess,
    obj: Model | None = None,
    label: str = "",
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> None:
    """Record a workflow event against ``obj`` (default: the process) of a directive."""
    directive_process = getattr(process, "directive_process", None) or process
    obj = obj or process
    audit_record(
        event_type=event_type,
        actor=by,
        target=Target(
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=(label or str(obj))[:255],
            notice_id=directive_process.directive.notice_id,
            directive_id=directive_process.directive_id,
        ),
        before=before,
        after=after,
        reason=reason,
    )


def audited(action: str):
    """Refused calls (wrong agency or role) land in the audit log."""
    return refusals_audited(action, PermissionRefused)


def _step_related(process_class: type[Process]) -> list[str]:
    """What a step reads besides its task, loaded with it in one query: the task's agency and
    owner, its process and what the process is named by (directive, notice, lead) in the audit
    log and in messages."""
    process = f"process__{process_class._meta.model_name}"
    if process_class is DirectiveProcess:
        return ["agency", "owner", f"{process}__directive__notice", f"{process}__lead"]
    if process_class is ExtensionProcess:
        directive_process = f"{process}__directive_process"
        return [
            "agency",
            "owner",
            f"{directive_process}__directive__notice",
            f"{directive_process}__lead",
        ]
    return ["agency", "owner", process]


@contextmanager
def task_step(
    *, task: WorkflowTask, by: UserLike, process_class: type[Process], step: str
) -> Iterator[Activation]:
    """Do one human step (``step``: the node's name in the flow of ``process_class``).

    Lock, reload, check agency/role and state, claim, start; the body records the step's data
    on ``activation.process``; then the task is executed (which creates the next tasks), the
    step is audited and ``task_finished`` is sent.
    """
    node = getattr(flow_of(process_class), step)
    with process_locked(process_class, task.process_id):
        task = WorkflowTask.objects.select_related(*_step_related(process_class)).get(pk=task.pk)
        flow_task = task.flow_task
        if (
            flow_task is None
            or flow_task.flow_class is not node.flow_class
            or flow_task.name != step
        ):
            raise StateConflict(
                _("Việc #%(task)s không phải bước “%(step)s”.")
                % {"task": task.pk, "step": node.task_title}
            )
        permissions.require_task_actor(user=by, task=task)
        permissions.require_task_open(task=task)
        acting_for(by, task.agency.code)
        activation = flow_task.activation_class(task)
        try:
            if task.status == STATUS.NEW:
                task.assigned = timezone.now()
                activation.assign(by)
            activation.start(None)
            yield activation
            activation.execute()
        except (TransitionNotAllowed, FlowRuntimeError) as exc:
            raise StateConflict(
                _("Không thể hoàn thành bước “%(step)s” ở trạng thái hiện tại.")
                % {"step": node.task_title}
            ) from exc
        audit(
            EventType.STEP_DONE,
            by=by,
            process=activation.process,
            obj=activation.task,
            label=f"{node.task_title} — {activation.process}",
            after={"step": step, "agency": task.agency.code},
        )
        signals.step_done.send(sender=WorkflowTask, task=activation.task, by=by)
        task_ended(activation.task)


def directive_state_refresh(*, directive: Directive) -> None:
    state = selectors.directive_outcome(directive=directive)
    if state is not None and directive.state != state:
        directive.state = state
        directive.save(update_fields=["state"])
