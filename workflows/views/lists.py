"""Work lists on viewflow's Material site: inbox, queue, archive, a flow's tasks and processes.

Every list shows the same readable columns (step, notice and item with a one-line summary of
the directive, lead agency, deadline with a badge), is sorted by deadline (soonest first, no
deadline last) unless the user picks a column, and is filtered by deadline, lead and notice.
Rows are loaded a page at a time (:mod:`workflows.worklist`).
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import F
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from viewflow.utils import viewprop
from viewflow.workflow.flow import views as flow_views

from project.ids import ids_parse
from project.paging import BothEndsPaginator, page_of
from tasks_app.selectors import user_display_name

from .. import filters, selectors, services, worklist
from ..models import ActorRole, WorkflowTask
from ..templatetags.deadlines import deadline_html

#: Columns sorted with rows that have no value last, whatever the direction.
NULLS_LAST = ("due_date",)


def _nulls_last(term):
    if isinstance(term, str) and term.lstrip("-") in NULLS_LAST:
        expression = F(term.lstrip("-"))
        if term.startswith("-"):
            return expression.desc(nulls_last=True)
        return expression.asc(nulls_last=True)
    return term


class ForgivingPagesMixin:
    """``?page=`` past the end shows the last page, one that is not a positive number the
    first: never a "page not found" for a list (a bookmark outlives the rows it counted)."""

    paginator_class = BothEndsPaginator

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = page_of(paginator, self.request.GET.get(self.page_kwarg))
        return (paginator, page, page.object_list, page.has_other_pages())


class WorkListMixin(ForgivingPagesMixin):
    """Readable columns, deadline sort and filters for a list of tasks or processes."""

    template_name = "workflows/worklist.html"
    bulk_actions = None
    paginate_by = 25
    empty_message = _("Không có việc nào.")

    def get_ordering(self):
        return [_nulls_last(term) for term in super().get_ordering()]

    def load_rows(self, objects) -> dict:
        raise NotImplementedError

    def get_page_data(self, page):
        self.rows = self.load_rows(list(page))
        return super().get_page_data(page)

    def row(self, obj) -> worklist.WorkRow | None:
        return self.rows.get(obj.pk)

    def get_object_url(self, obj):
        return None  # each column links where it points

    # --- columns -----------------------------------------------------------------------

    def directive(self, obj):
        row = self.row(obj)
        if row is None:
            return ""
        return format_html(
            '<a class="cd-work__directive" href="{}">{} · {} {}</a>'
            '<span class="cd-work__summary">{}</span>',
            row.process_url,
            row.notice_number,
            gettext("mục"),
            row.ref,
            row.summary,
        )

    directive.short_description = _("Nhiệm vụ")

    def lead(self, obj):
        row = self.row(obj)
        return row.lead if row else ""

    lead.short_description = _("Cơ quan chủ trì")

    def due_date(self, obj):
        row = self.row(obj)
        return deadline_html(row.standing) if row else ""

    due_date.short_description = _("Hạn xử lý")
    due_date.orderby_column = "due_date"


class _TaskListMixin(WorkListMixin):
    model = WorkflowTask
    filterset_class = filters.TaskFilter
    columns = ("step", "directive", "lead", "due_date")

    def load_rows(self, objects):
        today = timezone.localdate()
        return {row.task.pk: row for row in worklist.task_rows(objects, today=today)}

    def step(self, task):
        row = self.row(task)
        if row is None:
            return task.title
        return format_html('<a class="cd-work__step" href="{}">{}</a>', row.url, row.step)

    step.short_description = _("Việc")

    def agency(self, task):
        if not task.agency_id:
            return ""
        if task.actor_role == ActorRole.OFFICE:
            return task.agency.name
        return format_html(
            "{} <span class='cd-muted'>({})</span>",
            task.agency.name,
            task.get_actor_role_display().lower(),
        )

    agency.short_description = _("Cơ quan xử lý")

    def owner(self, task):
        return user_display_name(task.owner) or gettext("Chưa có người nhận")

    owner.short_description = _("Người xử lý")

    def finished(self, task):
        if not task.finished:
            return ""
        return f"{timezone.localtime(task.finished):%d/%m/%Y %H:%M}"

    finished.short_description = _("Ngày hoàn thành")
    finished.orderby_column = "finished"

    def status(self, task):
        return task.get_status_display()

    status.short_description = _("Trạng thái")


class InboxView(_TaskListMixin, flow_views.WorkflowInboxListView):
    """Tasks given to the user, soonest deadline first."""

    title = _("Việc được giao")
    empty_message = _("Bạn không có việc nào đang xử lý.")

    @viewprop
    def queryset(self):
        return selectors.tasks_inbox(user=self.request.user)


class QueueView(_TaskListMixin, flow_views.WorkflowQueueListView):
    """Unassigned tasks of the user's agencies, for the user's role."""

    title = _("Việc chờ nhận")
    empty_message = _("Không có việc nào chờ nhận.")

    @viewprop
    def queryset(self):
        return selectors.tasks_queue(user=self.request.user)


class ArchiveView(_TaskListMixin, flow_views.WorkflowArchiveListView):
    """Tasks the user completed, latest first; the deadline says whether it was met."""

    title = _("Việc đã xử lý")
    columns = ("step", "directive", "lead", "finished", "due_date")
    empty_message = _("Bạn chưa hoàn thành việc nào.")

    @viewprop
    def queryset(self):
        return selectors.tasks_archive(user=self.request.user)


class TaskListView(_TaskListMixin, flow_views.DashboardTaskListView):
    """Every step of the flow's processes the user may see."""

    title = _("Các bước xử lý")
    columns = ("step", "directive", "agency", "owner", "due_date", "status")

    @viewprop
    def queryset(self):
        return (
            selectors.tasks_visible_to(user=self.request.user)
            .filter(process__flow_class=self.flow_class, flow_task_type="HUMAN")
            .select_related("process", "agency", "owner")
            .order_by("due_date", "-created")
        )


class _BulkTaskMixin:
    """Bulk claim/release: the listed ids are validated (400 for anything but ids), each task
    goes through the service, and what was refused is said and logged."""

    scope = staticmethod(selectors.tasks_queue)
    bulk_service = staticmethod(services.tasks_claim_bulk)
    done_message = ""
    refused_message = ""

    def get_queryset(self):
        ids_parse(self.request.POST.getlist("pk"))  # anything but ids: InvalidInput, 400
        self.queryset = self.scope(user=self.request.user)
        return super().get_queryset()

    def post(self, request, *args, **kwargs):
        if "_confirm" in request.POST:  # acted on by the service, which says what it refused
            self.get_queryset()
            return self.form_valid(None)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        select_all = bool(self.request.POST.get("select_all"))
        task_ids = None if select_all else ids_parse(self.request.POST.getlist("pk"))
        outcome = self.bulk_service(task_ids=task_ids, by=self.request.user)
        messages.success(
            self.request, self.done_message % {"count": len(outcome.done)}, fail_silently=True
        )
        if outcome.refused:
            messages.error(
                self.request,
                self.refused_message
                % {"count": len(outcome.refused), "items": outcome.refusal_text()},
                fail_silently=True,
            )
        return HttpResponseRedirect(self.get_success_url())


class BulkClaimView(_BulkTaskMixin, flow_views.BulkAssignTasksActionView):
    """Take several queue tasks at once; each one through the service.

    The tasks come from the user's own queue (viewflow starts from the whole task table, so
    "select all" would otherwise try every task in the system).
    """

    scope = staticmethod(selectors.tasks_queue)
    bulk_service = staticmethod(services.tasks_claim_bulk)
    done_message = _("Đã nhận %(count)s việc.")
    refused_message = _("Không nhận được %(count)s việc: %(items)s.")


class BulkReleaseView(_BulkTaskMixin, flow_views.BulkUnassignTasksActionView):
    """Put several of the user's own tasks back in the queue; each one through the service."""

    scope = staticmethod(selectors.tasks_inbox)
    bulk_service = staticmethod(services.tasks_release_bulk)
    done_message = _("Đã trả %(count)s việc về hàng đợi.")
    refused_message = _("Không trả được %(count)s việc: %(items)s.")


class ProcessListView(WorkListMixin, flow_views.DashboardProcessListView):
    """Directive processes the user may see, soonest deadline first."""

    title = _("Danh sách quy trình")
    filterset_class = filters.ProcessFilter
    columns = ("directive", "lead", "open_steps", "due_date", "outcome")
    empty_message = _("Không có quy trình nào.")

    def load_rows(self, objects):
        today = timezone.localdate()
        rows = worklist.process_rows(objects, today=today, with_steps=True)
        return {row.process.pk: row for row in rows}

    def open_steps(self, process):
        row = self.row(process)
        if row is None or not row.open_steps:
            return "—"
        return format_html_join(
            ", ",
            "{}{}",
            (
                (
                    task.flow_task.task_title,
                    f" ({task.agency.name})" if task.agency_id != process.lead_id else "",
                )
                for task in row.open_steps
            ),
        )

    open_steps.short_description = _("Đang ở bước")

    def outcome(self, process):
        return process.get_outcome_display()

    outcome.short_description = _("Tình trạng")

    @viewprop
    def queryset(self):
        return (
            selectors.processes_visible_to(user=self.request.user)
            .select_related("directive__notice", "lead")
            .order_by("due_date", "-created", "-pk")
        )

    def get_queryset(self):
        # viewflow's list counts every process's open tasks (a join over the whole task table)
        # for a column this list does not show: filtered as viewflow does, without the count.
        queryset = super(flow_views.DashboardProcessListView, self).get_queryset()
        return queryset.filter(flow_class=self.flow_class)


class ExtensionListView(ForgivingPagesMixin, flow_views.DashboardProcessListView):
    """Extension requests the user may see, newest first."""

    title = _("Đề nghị gia hạn")
    template_name = "workflows/worklist.html"
    filterset_class = None
    columns = ("request", "proposed_due_date", "decision", "created")
    empty_message = _("Chưa có đề nghị gia hạn nào.")

    def get_object_url(self, obj):
        return None

    def request(self, extension):
        url = self.request.resolver_match.flow_viewset.reverse(
            "process_detail", args=[extension.pk]
        )
        return format_html('<a href="{}">{}</a>', url, extension.directive_process)

    request.short_description = _("Nhiệm vụ")

    def proposed_due_date(self, extension):
        return f"{extension.proposed_due_date:%d/%m/%Y}"

    proposed_due_date.short_description = _("Hạn đề nghị")

    def decision(self, extension):
        return extension.get_decision_display()

    decision.short_description = _("Quyết định")

    def created(self, extension):
        return f"{timezone.localtime(extension.created):%d/%m/%Y %H:%M}"

    created.short_description = _("Ngày đề nghị")

    @viewprop
    def queryset(self):
        return (
            self.model._default_manager.filter(
                pk__in=selectors.extensions_visible_to(user=self.request.user).values("pk")
            )
            .select_related("directive_process__directive__notice", "directive_process__lead")
            .order_by("-created", "-pk")
        )


__all__ = [
    "ArchiveView",
    "BulkClaimView",
    "BulkReleaseView",
    "ExtensionListView",
    "InboxView",
    "ProcessListView",
    "QueueView",
    "TaskListView",
    "WorkListMixin",
]
