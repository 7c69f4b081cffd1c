"""Pages about one process on viewflow's Material site: the flow's kanban, the chart, the process
page, side actions (extension, reassign, cancel), attachments and group roll-ups.

Thin: selectors read, :mod:`workflows.permissions` decides what is shown, services act; a
refusal (:class:`project.exceptions.ApplicationError`) is shown to the user as a message. The
pages of one task (step forms, claim/release, detail) are in :mod:`workflows.task_views`.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.template.loader import get_template
from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow.utils import viewprop
from viewflow.workflow import chart
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.status import STATUS

from project.exceptions import (
    ApplicationError,
    NotFound,
    PermissionRefused,
    StateConflict,
    get_or_not_found,
)
from project.text import vietnamese_sorted
from tasks_app.models import AgencyGroup, Directive

from .. import forms, permissions, selectors, services, worklist
from ..links import notice_path
from ..models import DirectiveProcess


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
                "tasks": list(
                    visible.filter(
                        Q(finished__isnull=True) | Q(status=STATUS.ERROR), flow_task=node
                    ).select_related("process")[: self.MAX_ROWS]
                ),
            }
            for node in sorted_nodes
            if node.task_type == "HUMAN"
        ]
        end_nodes = [node for node in sorted_nodes if node.task_type == "END"]
        finished = list(
            visible.filter(finished__isnull=False, flow_task__in=end_nodes)[: self.MAX_ROWS]
        )
        # each card is named by its notice and item
        cards = [task for column in columns for task in column["tasks"]] + finished
        rows = {row.task.pk: row for row in worklist.task_rows(cards)}
        for task in cards:
            task.row = rows.get(task.pk)
        return generic.TemplateView.get_context_data(
            self,
            columns=columns,
            start_nodes=[],
            end_nodes=end_nodes,
            finished=finished,
            **kwargs,
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
    """A process: its human steps with their deadlines, the chart at a readable size, the
    directive and its notice, and the side actions the user may take."""

    template_name = "workflows/process_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = context["process"]
        user = self.request.user
        context.update(selectors.process_context(process))
        context["task_list"] = selectors.process_tasks(process=process).filter(
            flow_task_type="HUMAN"
        )
        directive = context["directive"]
        context["notice_url"] = notice_path(directive.notice_id, ref=directive.ref)
        if isinstance(process, DirectiveProcess):
            context.update(
                can_request_extension=permissions.user_can_request_extension(
                    user=user, process=process
                ),
                can_reassign=permissions.user_can_reassign(user=user, process=process),
                can_cancel=permissions.user_can_cancel(user=user, process=process),
                pending_extension=selectors.process_pending_extension(process=process),
            )
        return context


class _ProcessActionView(LoginRequiredMixin, generic.FormView):
    """A side action on a directive process (extension request, reassign, cancel)."""

    template_name = "workflows/process_action.html"
    flow_class = None
    title = ""
    submit_label = _("Xác nhận")
    success_message = ""

    @viewprop
    def process(self):
        process = get_or_not_found(DirectiveProcess, pk=self.kwargs["process_pk"])
        permissions.require_view_process(user=self.request.user, process=process)
        return process

    def require_offered(self):
        """Refuse the form up front to someone who may not take the action (an error, or a
        redirect with a message); ``None`` when the form may be shown."""
        return None

    def require_open(self) -> None:
        if not self.process.is_open:
            raise StateConflict(
                _("Nhiệm vụ đã kết thúc (%(outcome)s).")
                % {"outcome": self.process.get_outcome_display().lower()}
            )

    def get(self, request, *args, **kwargs):
        refused = self.require_offered()
        if refused is not None:
            return refused
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.process_context(self.process))
        context.update(
            process=self.process,
            title=self.title,
            flow_class=self.flow_class,
            submit_label=self.submit_label,
        )
        return context

    def perform(self, form):  # pragma: no cover - every action overrides it
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.perform(form)
        except ApplicationError as exc:
            form.add_error(exc.form_field(form.fields), exc.message)
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
    submit_label = _("Gửi đề nghị gia hạn")
    success_message = _("Đã gửi đề nghị gia hạn đến Văn phòng Tỉnh ủy.")

    def require_offered(self):
        permissions.require_extension_request(user=self.request.user, process=self.process)
        self.require_open()
        if self.process.due_date is None:
            raise StateConflict(_("Nhiệm vụ này không có hạn nên không cần gia hạn."))
        pending = selectors.process_pending_extension(process=self.process)
        if pending is not None:
            messages.warning(
                self.request,
                _(
                    "Đề nghị gia hạn đến %(day)s đang chờ Văn phòng Tỉnh ủy xem xét; "
                    "chờ quyết định trước khi đề nghị lần nữa."
                )
                % {"day": f"{pending.proposed_due_date:%d/%m/%Y}"},
                fail_silently=True,
            )
            return HttpResponseRedirect(self.get_success_url())
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "current_due": self.process.due_date}

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
    submit_label = _("Đổi chuyên viên")
    success_message = _("Đã đổi chuyên viên phụ trách.")

    def require_offered(self):
        if permissions.reassign_agency(user=self.request.user, process=self.process) is None:
            raise PermissionRefused(
                _(
                    "Chỉ lãnh đạo cơ quan chủ trì hoặc cơ quan phối hợp được đổi chuyên viên "
                    "phụ trách."
                )
            )
        self.require_open()

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
    submit_label = _("Hủy nhiệm vụ")
    success_message = _("Đã hủy nhiệm vụ.")

    def require_offered(self):
        permissions.require_cancel(user=self.request.user)
        self.require_open()

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
        processes = vietnamese_sorted(
            selectors.group_rollup_processes(
                user=self.request.user, directive=directive, group=group
            ),
            key=lambda process: process.lead.name,
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
