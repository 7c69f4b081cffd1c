"""Pages of the workflow on viewflow's Material site: inbox, queue, archive, process lists and
pages, the chart, side actions (extension, reassign, cancel), attachments and group roll-ups.

Thin: selectors read, :mod:`workflows.permissions` decides what is shown, services act; a
refusal (:class:`project.exceptions.ApplicationError`) is shown to the user as a message. The
pages of one task (step forms, claim/release, detail) are in :mod:`workflows.task_views`.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow.utils import viewprop
from viewflow.workflow import chart
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.status import STATUS

from project.exceptions import ApplicationError, NotFound, get_or_not_found
from project.ids import ids_parse
from tasks_app.models import AgencyGroup, Directive
from tasks_app.selectors import user_display_name

from . import forms, permissions, selectors, services
from .models import DirectiveProcess, WorkflowTask
from .task_views import show_refusal

# --- inbox, queue, archive ----------------------------------------------------------------


class _TaskListMixin:
    model = WorkflowTask
    template_name = "viewflow/views/list.html"
    bulk_actions = None
    columns = ("task_id", "flow_task", "process_brief", "agency", "owner", "due_date", "created")

    def flow_task(self, task):
        return task.title

    flow_task.short_description = _("Bước")

    def process_brief(self, task):
        flow_viewset = task.flow_task.flow_class.parent
        process_url = flow_viewset.reverse("process_detail", args=[task.process_id])
        return format_html('<a href="{}">{}</a>', process_url, task.process.coerced.brief)

    process_brief.short_description = _("Nhiệm vụ")

    def created(self, task):
        return f"{timezone.localtime(task.created):%d/%m/%Y %H:%M}"

    created.short_description = _("Ngày tạo")

    def due_date(self, task):
        return f"{task.due_date:%d/%m/%Y}" if task.due_date else ""

    due_date.short_description = _("Hạn xử lý")

    def finished(self, task):
        return f"{timezone.localtime(task.finished):%d/%m/%Y %H:%M}" if task.finished else ""

    finished.short_description = _("Ngày hoàn thành")

    def agency(self, task):
        return task.agency.name if task.agency else ""

    agency.short_description = _("Cơ quan xử lý")

    def owner(self, task):
        return user_display_name(task.owner)

    owner.short_description = _("Người xử lý")


class InboxView(_TaskListMixin, flow_views.WorkflowInboxListView):
    """Tasks given to the user."""

    title = _("Việc được giao")

    @viewprop
    def queryset(self):
        return selectors.tasks_inbox(user=self.request.user)


class QueueView(_TaskListMixin, flow_views.WorkflowQueueListView):
    """Unassigned tasks of the user's agencies, for the user's role."""

    title = _("Việc chờ nhận")
    columns = ("task_id", "flow_task", "process_brief", "agency", "due_date", "created")

    @viewprop
    def queryset(self):
        return selectors.tasks_queue(user=self.request.user)


class ArchiveView(_TaskListMixin, flow_views.WorkflowArchiveListView):
    """Tasks the user completed."""

    title = _("Việc đã xử lý")
    columns = ("task_id", "flow_task", "process_brief", "agency", "created", "finished")

    @viewprop
    def queryset(self):
        return selectors.tasks_archive(user=self.request.user)


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


# --- per-flow pages: dashboard, processes, tasks, chart, process detail ---------------------


class FlowDashboardView(flow_views.DashboardView):
    """viewflow's kanban, limited to the tasks the user may see."""

    def get_context_data(self, **kwargs):
        sorted_nodes, _unused = chart.topsort(self.flow_class)
        visible = selectors.tasks_visible_to(user=self.request.user).filter(
            process__flow_class=self.flow_class
        )
        columns = [
            {
                "node": node,
                "tasks": visible.filter(
                    Q(finished__isnull=True) | Q(status=STATUS.ERROR), flow_task=node
                ).select_related("process")[: self.MAX_ROWS],
            }
            for node in sorted_nodes
            if node.task_type == "HUMAN"
        ]
        end_nodes = [node for node in sorted_nodes if node.task_type == "END"]
        finished = visible.filter(finished__isnull=False, flow_task__in=end_nodes)[: self.MAX_ROWS]
        return generic.TemplateView.get_context_data(
            self,
            columns=columns,
            start_nodes=[],
            end_nodes=end_nodes,
            finished=finished,
            **kwargs,
        )


class ProcessListView(flow_views.DashboardProcessListView):
    """Processes of the flow the user may see."""

    title = _("Danh sách quy trình")
    template_name = "viewflow/views/list.html"
    columns = ("process_id", "brief", "lead", "due_date", "outcome", "active_tasks")

    def process_id(self, process):
        url = self.request.resolver_match.flow_viewset.reverse("process_detail", args=[process.pk])
        return format_html('<a href="{}">{}</a>', url, process.pk)

    process_id.short_description = "#"

    def brief(self, process):
        return process.brief

    brief.short_description = _("Nhiệm vụ")

    def active_tasks(self, process):
        return process.active_tasks_count

    def due_date(self, process):
        return f"{process.due_date:%d/%m/%Y}" if process.due_date else ""

    due_date.short_description = _("Hạn hiện hành")

    def lead(self, process):
        return process.lead.name

    lead.short_description = _("Cơ quan chủ trì")

    active_tasks.short_description = _("Việc đang mở")

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.filter(
            pk__in=selectors.processes_visible_to(user=self.request.user).values("pk")
        ).order_by("-created", "-pk")


class ExtensionListView(ProcessListView):
    title = _("Đề nghị gia hạn")
    columns = ("process_id", "brief", "proposed_due_date", "decision", "created")

    def get_queryset(self):
        queryset = flow_views.DashboardProcessListView.get_queryset(self)
        return queryset.filter(
            pk__in=selectors.extensions_visible_to(user=self.request.user).values("pk")
        ).order_by("-created", "-pk")


class TaskListView(_TaskListMixin, flow_views.DashboardTaskListView):
    title = _("Các bước xử lý")
    columns = ("task_id", "flow_task", "process_summary", "agency", "owner", "due_date", "status")

    def process_summary(self, task):
        return task.process.coerced.brief

    process_summary.short_description = _("Nhiệm vụ")

    @viewprop
    def queryset(self):
        return (
            selectors.tasks_visible_to(user=self.request.user)
            .filter(process__flow_class=self.flow_class)
            .select_related("process", "agency", "owner")
        )


class ChartView(flow_views.FlowChartView):
    """The flow chart; a process chart only for a process the user may see.

    Rendered with ``workflows/graph.svg`` (viewflow's template capitalises every word of the
    Vietnamese step titles) and without viewflow's ``Last-Modified`` caching, which would hand
    a browser the chart in the language of an earlier request.
    """

    def dispatch(self, request, *args, **kwargs):
        process_pk = kwargs.get("process_pk")
        if process_pk is not None:
            process = get_or_not_found(self.flow_class.process_class, pk=process_pk)
            permissions.require_view_process(user=request.user, process=process)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "bpmn":
            return super().get(request, *args, **kwargs)
        grid = chart.calc_layout_data(self.flow_class)
        if kwargs.get("process_pk") is not None:
            chart.calc_cell_status(self.flow_class, grid, kwargs["process_pk"])
        svg = get_template("workflows/graph.svg").render(
            {"grid": grid, "cells": grid.cells, "edges": grid.edges}
        )
        return HttpResponse(svg, content_type="image/svg+xml")


class ProcessDetailView(flow_views.DetailProcessView):
    template_name = "workflows/process_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = context["process"]
        user = self.request.user
        context.update(selectors.process_context(process))
        context["task_list"] = selectors.process_tasks(process=process)
        if isinstance(process, DirectiveProcess):
            context.update(
                can_request_extension=permissions.user_can_request_extension(
                    user=user, process=process
                ),
                can_reassign=permissions.user_can_reassign(user=user, process=process),
                can_cancel=permissions.user_can_cancel(user=user, process=process),
            )
        return context


class _ProcessActionView(LoginRequiredMixin, generic.FormView):
    """A side action on a directive process (extension request, reassign, cancel)."""

    template_name = "workflows/process_action.html"
    flow_class = None
    title = ""
    success_message = ""

    @viewprop
    def process(self):
        process = get_or_not_found(DirectiveProcess, pk=self.kwargs["process_pk"])
        permissions.require_view_process(user=self.request.user, process=process)
        return process

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.process_context(self.process))
        context.update(process=self.process, title=self.title, flow_class=self.flow_class)
        return context

    def perform(self, form):  # pragma: no cover - every action overrides it
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.perform(form)
        except ApplicationError as exc:
            show_refusal(self.request, exc)
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message, fail_silently=True)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return self.request.resolver_match.flow_viewset.reverse(
            "process_detail", args=[self.process.pk]
        )


class ExtensionRequestView(_ProcessActionView):
    form_class = forms.ExtensionRequestForm
    title = _("Đề nghị gia hạn")
    success_message = _("Đã gửi đề nghị gia hạn đến Văn phòng Tỉnh ủy.")

    def perform(self, form):
        services.extension_request(
            process=self.process,
            by=self.request.user,
            due_date=form.cleaned_data["due_date"],
            reason=form.cleaned_data["reason"],
        )


class ReassignView(_ProcessActionView):
    form_class = forms.ReassignForm
    title = _("Đổi chuyên viên phụ trách")
    success_message = _("Đã đổi chuyên viên phụ trách.")

    @viewprop
    def agency(self):
        """The lead, or the coordinating agency the user heads (contribution officer)."""
        agency = permissions.reassign_agency(user=self.request.user, process=self.process)
        return agency or self.process.lead

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "agency": self.agency}

    def perform(self, form):
        services.process_officer_reassign(
            process=self.process,
            by=self.request.user,
            officer=form.cleaned_data["officer"],
            agency=self.agency,
        )


class CancelView(_ProcessActionView):
    form_class = forms.CancelForm
    title = _("Hủy nhiệm vụ")
    success_message = _("Đã hủy nhiệm vụ.")

    def perform(self, form):
        services.process_cancel(
            process=self.process, by=self.request.user, reason=form.cleaned_data["reason"]
        )


# --- attachments --------------------------------------------------------------------------


class AttachmentDownloadView(LoginRequiredMixin, generic.View):
    """Download one attached file, for those who may see its process (404 for others).

    Files are never served from MEDIA_URL: this view is the only way to read them.
    """

    def get(self, request, *args, **kwargs):
        attachment = get_or_not_found(selectors.attachments(), pk=kwargs["pk"])
        process = selectors.attachment_process(attachment=attachment)
        if process is None:
            raise NotFound()
        permissions.require_view_process(user=request.user, process=process)
        try:
            file = attachment.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise NotFound(_("Tệp đính kèm không còn trên máy chủ.")) from exc
        return FileResponse(file, as_attachment=True, filename=attachment.original_name)


# --- group roll-up ------------------------------------------------------------------------


class GroupRollupListView(LoginRequiredMixin, generic.TemplateView):
    """Directives led by a group: one row per (directive, group) with the members' progress."""

    template_name = "workflows/rollup_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rollups"] = selectors.group_rollups(user=self.request.user)
        return context


class GroupRollupDetailView(LoginRequiredMixin, generic.TemplateView):
    """Every member agency's process of one group-led directive."""

    template_name = "workflows/rollup_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        directive = get_or_not_found(Directive, pk=self.kwargs["directive_pk"])
        group = get_or_not_found(AgencyGroup, pk=self.kwargs["group_pk"])
        processes = list(
            selectors.group_rollup_processes(
                user=self.request.user, directive=directive, group=group
            )
        )
        if not processes:
            raise NotFound()
        open_steps = selectors.processes_open_steps(processes=processes)
        flow = processes[0].flow_class.instance
        for process in processes:
            process.open_steps = open_steps.get(process.pk, [])
            process.detail_url = flow.reverse("process_detail", args=[process.pk])
        counts = selectors.processes_outcome_counts(processes=processes)
        context.update(directive=directive, group=group, processes=processes, counts=counts)
        return context
