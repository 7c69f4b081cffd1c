"""Our viewflow nodes.

- ``AgencyTask``: a human step scoped to one agency and role, with an optional assignee and
  deadline. Every human node of our flows is one; the scope is mandatory, so no task can ever
  be visible to everyone in viewflow's queue.
- ``DynamicSplit``: a parallel split that creates one outgoing task per item of a data source
  (one coordination task per coordinating agency). viewflow OSS has no data-driven split, so
  this follows the viewflow cookbook's ``dynamic_split``.
- ``If``: viewflow's ``If`` with Vietnamese edge labels on the chart.
"""

from functools import update_wrapper

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.urls import path
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from viewflow import this, viewprop
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.base import Edge, Node
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.flow import mixins as flow_mixins
from viewflow.workflow.flow import utils as flow_utils
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.nodes import Join, ViewActivation
from viewflow.workflow.status import STATUS
from viewflow.workflow.token import Token

from project.exceptions import StateConflict

from . import permissions, services
from .links import task_process_path
from .models import ActorRole
from .task_views import TaskActionView, TaskDetailView


class AgencyTaskActivation(ViewActivation):
    """Creates the task with its agency scope, deadline and assignee set before the first save."""

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        task = flow_task.flow_class.task_class(
            process=prev_activation.process, flow_task=flow_task, token=token
        )
        task.data = data if data is not None else {}
        task.seed = seed
        activation = cls(task)

        agency = flow_task.calc_agency(activation)
        if agency is None:
            raise FlowRuntimeError(f"Task {flow_task.name} has no agency to scope it to")
        task.agency = agency
        task.actor_role = flow_task.actor_role
        task.owner_permission = permissions.OWNER_PERMISSIONS[flow_task.actor_role]
        task.owner_permission_obj = agency
        task.due_date = flow_task.calc_deadline(activation)

        owner = flow_task.calc_owner(activation)
        if owner is not None:
            task.owner = owner
            task.status = STATUS.ASSIGNED
            task.assigned = now()

        task.save()
        task.previous.add(prev_activation.task)

        services.task_created(task=task)
        if flow_task._on_create is not None:
            flow_task._on_create(activation)
        return activation


class AgencyTask(flow.View):
    """A human step done by one agency's head, officer, or by the Office.

    ::

        accept = (
            AgencyTask(views.AcceptView.as_view())
            .Annotation(title=_("Tiếp nhận, phân công"))
            .Scope(agency=this.lead_agency, role=ActorRole.HEAD)
            .Deadline(this.process_deadline)
            .Next(this.split_work)
        )
    """

    activation_class = AgencyTaskActivation

    # Every state change goes through workflows.services: viewflow's own cancel/undo/revive
    # pages would bypass the agency checks, so they are not routed at all.
    cancel_view_class = None
    undo_view_class = None
    revive_view_class = None

    def __init__(self, view, **kwargs):
        super().__init__(view, **kwargs)
        self._agency = None
        self.actor_role = None
        self._deadline = None

    @property
    def action_label(self) -> str:
        """What doing the step is called on its button ("Gửi báo cáo"; else the step's title)."""
        initkwargs = getattr(self._view, "view_initkwargs", {})
        return initkwargs.get("submit_label") or self.task_title

    def Scope(self, *, agency, role):
        """Agency (callable: activation → Agency) and role that act on the task."""
        self._agency = agency
        self.actor_role = ActorRole(role)
        return self

    def Deadline(self, deadline):
        """Callable: activation → date or None; stored on the task as its due date."""
        self._deadline = deadline
        return self

    def _resolve(self, instance):
        super()._resolve(instance)
        self._agency = this.resolve(instance, self._agency)
        self._deadline = this.resolve(instance, self._deadline)

    def _ready(self):
        super()._ready()
        if self._agency is None or self.actor_role is None:
            raise ImproperlyConfigured(
                f"{self.flow_class.__name__}.{self.name}: every human step needs .Scope()"
            )

    def calc_agency(self, activation):
        return self._agency(activation)

    def calc_deadline(self, activation):
        return self._deadline(activation) if self._deadline is not None else None

    def refusing_finished(self, view):
        """``view``, except that someone who could have acted on the task, opening it once it
        is done or cancelled (a second tab, Back, an old link; also a POST that lost the race
        for the process lock), gets a 409 naming who handled it and when, with a link to the
        process, instead of viewflow's bare 403."""
        task_class = self.flow_class.task_class

        def wrapped(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied:
                task = (
                    task_class._default_manager.select_related("owner", "agency")
                    .filter(pk=kwargs.get("task_pk"), process_id=kwargs.get("process_pk"))
                    .first()
                )
                if task is not None:
                    try:
                        permissions.require_task_unfinished_for(user=request.user, task=task)
                    except StateConflict as conflict:
                        conflict.link = task_process_path(task)
                        conflict.link_label = _("Mở quy trình")
                        raise conflict from None
                raise

        update_wrapper(wrapped, view)
        return wrapped

    @property
    def view_path(self):
        return path(
            f"<int:process_pk>/{self.name}/<int:task_pk>/execute/",
            self.refusing_finished(flow_utils.wrap_view(self, self.view)),
            name="execute",
        )

    @property
    def assign_path(self):
        return path(
            f"<int:process_pk>/{self.name}/<int:task_pk>/assign/",
            self.refusing_finished(
                flow_utils.wrap_task_view(self, self.assign_view, permission=self.can_assign)
            ),
            name="assign",
        )

    # viewflow asks these before showing the assign and execute pages
    def can_assign(self, user, task):
        return permissions.user_can_claim(user=user, task=task.coerced or task)

    def can_execute(self, user, task):
        return permissions.user_can_execute(user=user, task=task.coerced or task)

    def can_unassign(self, user, task):
        return permissions.user_can_unassign(user=user, task=task.coerced or task)

    @viewprop
    def assign_view(self):
        return TaskActionView.as_view(action="claim")

    @viewprop
    def unassign_view(self):
        return TaskActionView.as_view(action="release")

    @viewprop
    def detail_view(self):
        return TaskDetailView.as_view()


class DynamicSplitActivation(Activation):
    """Creates one outgoing task per data item; joins come last, as in viewflow's Split."""

    def __init__(self, *args, **kwargs):
        self.next_tasks = []
        super().__init__(*args, **kwargs)

    @Activation.status.super()
    def activate(self):
        for node, each, case in self.flow_task._branches:
            if case is not None and not case(self):
                continue
            items = each(self) if each is not None else [None]
            self.next_tasks.extend((node, item) for item in items)
        if not self.next_tasks:
            raise FlowRuntimeError(f"No next task available for {self.flow_task.name}")

    @Activation.status.super()
    def create_next(self):
        token_source = Token.split_token_source(self.task.token, self.task.pk)
        ordered = [item for item in self.next_tasks if not isinstance(item[0], Join)] + [
            item for item in self.next_tasks if isinstance(item[0], Join)
        ]
        for node, data in ordered:
            yield node._create(prev_activation=self, token=next(token_source), data=data)


class DynamicSplit(flow_mixins.NodeDetailMixin, Node):
    """Parallel split whose branches come from data.

    ::

        split = (
            DynamicSplit()
            .Next(this.coordinate, each=this.coordinator_items)   # one task per item (dict)
            .Next(this.meeting, case=this.meeting_required)       # one task if case is true
            .Always(this.join)                                    # always; keeps N = 0 valid
        )
    """

    activation_class = DynamicSplitActivation
    task_type = "PARALLEL_GATEWAY"
    bpmn_element = "parallelGateway"
    index_view_class = flow_views.IndexTaskView
    detail_view_class = flow_views.DetailTaskView
    shape = {
        "width": 50,
        "height": 50,
        "svg": """
            <path class="gateway" d="M25,0L50,25L25,50L0,25L25,0"/>
            <text class="gateway-marker" font-size="32px" x="25" y="35">+</text>
        """,
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._next_spec = []

    def Next(self, node, *, each=None, case=None):
        self._next_spec.append((node, each, case))
        return self

    def Always(self, node):
        return self.Next(node)

    @property
    def _branches(self):
        # (node, each, case); three items, so viewflow's own data-source marking skips it
        return self._next_spec

    def _outgoing(self):
        for node, each, case in self._next_spec:
            edge_class = "cond_true" if (each is not None or case is not None) else "default"
            yield Edge(src=self, dst=node, edge_class=edge_class)

    def _resolve(self, instance):
        super()._resolve(instance)
        self._next_spec = [
            (
                this.resolve(instance, node),
                this.resolve(instance, each),
                this.resolve(instance, case),
            )
            for node, each, case in self._next_spec
        ]

    def _ready(self):
        super()._ready()
        for node, each, _case in self._next_spec:
            if each is not None:
                node._multi_instance = True


class If(flow.If):
    """viewflow's If, with the chart's yes/no edge labels in the user's language."""

    def _outgoing(self):
        yield Edge(src=self, dst=self._on_true, edge_class="cond_true", label=_("có"))
        yield Edge(src=self, dst=self._on_false, edge_class="cond_false", label=_("không"))
