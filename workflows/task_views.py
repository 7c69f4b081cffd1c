"""The pages of one task: its step form, claim/release, and its detail page.

Step pages are declared in the flow, not written one by one::

    AgencyTask(StepView.as_view(form_class=forms.ReportForm, service=services.task_report_submit))

The form asks only what the step needs; its cleaned data (``form.service_kwargs()``) are the
service's keyword arguments. The declaration also names the button (``submit_label``: the
action, "Gửi báo cáo") and what the user is told once it is done (``success_message``, or one
message per answer of a decision form). viewflow wraps these views with the process lock and the
``can_execute``/``can_assign`` checks; every state change is a call to ``workflows.services``,
whose refusal (:class:`project.exceptions.ApplicationError`) is shown as a message.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow.workflow.flow import views as flow_views

from project.exceptions import ApplicationError
from tasks_app.selectors import user_display_name

from . import permissions, selectors, services


def show_refusal(request: HttpRequest, exc: ApplicationError) -> None:
    messages.error(request, exc.message, fail_silently=True)


def directive_label(process) -> str:
    """How a message names the work: "142-TB/TU mục 4"."""
    directive_process = getattr(process, "directive_process", None) or process
    directive = directive_process.directive
    return gettext("%(number)s mục %(ref)s") % {
        "number": directive.notice.number,
        "ref": directive.ref,
    }


def task_label(task) -> str:
    """How a message names a task: its step and its directive ("“Duyệt báo cáo” — …")."""
    return gettext("“%(step)s” — %(directive)s") % {
        "step": task.flow_task.task_title,
        "directive": directive_label(task.process.coerced),
    }


def _shown(value) -> str:
    if hasattr(value, "get_username"):
        return user_display_name(value)
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value)


class StepView(generic.FormView):
    """One human step: the process beside a form that asks only what the step needs."""

    template_name = "workflows/step.html"
    service: Callable | None = None
    #: The button: what the step does ("Gửi báo cáo").
    submit_label = _("Hoàn thành bước này")
    #: Shown once done; a dict maps each answer of a decision form to its own message.
    #: Placeholders: ``%(directive)s`` ("142-TB/TU mục 4"), ``%(step)s`` and the form's fields.
    success_message: str | dict = _("Đã hoàn thành bước “%(step)s” của nhiệm vụ %(directive)s.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(task=self.request.activation.task, process=self.request.activation.process)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activation = self.request.activation
        context.update(selectors.process_context(activation.process))
        context.update(
            process=activation.process, task=activation.task, submit_label=self.submit_label
        )
        return context

    def done_message(self, form) -> str:
        message = self.success_message
        if isinstance(message, dict):
            message = message.get(form.cleaned_data.get("decision"), "")
        values = {name: _shown(value) for name, value in form.cleaned_data.items()}
        values.update(
            step=self.request.activation.flow_task.task_title,
            directive=directive_label(self.request.activation.process),
        )
        return str(message) % values if message else ""

    def form_valid(self, form):
        activation = self.request.activation
        try:
            self.service(task=activation.task, by=self.request.user, **form.service_kwargs())
        except ApplicationError as exc:
            # shown once, with the form: under the field it names, else above the fields
            form.add_error(exc.form_field(form.fields), exc.message)
            return self.form_invalid(form)
        activation.task.refresh_from_db()
        message = self.done_message(form)
        if message:
            messages.success(self.request, message, fail_silently=True)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return self.request.resolver_match.flow_viewset.get_success_url(self.request)


class TaskActionView(
    flow_views.SuccessMessageMixin,
    flow_views.TaskSuccessUrlMixin,
    generic.FormView,
):
    """Claim a task from the agency queue, or put it back (release; reclaim when its owner
    left the role): one confirmation page, the action decided by ``action``."""

    template_name = "workflows/task_action.html"
    form_class = forms.Form
    action = "claim"  # or "release"
    titles = {"claim": _("Nhận việc"), "release": _("Trả về hàng đợi")}
    success_messages = {
        "claim": _("Bạn đã nhận việc %(task)s."),
        "release": _("Đã trả việc %(task)s về hàng đợi."),
    }

    def get_success_message(self, cleaned_data):
        task = self.request.activation.task
        return str(self.success_messages[self.action]) % {"task": task_label(task)}

    def _service(self, task):
        if self.action == "claim":
            return services.task_claim
        # the owner releases; a head (the Office) reclaims a task whose owner left the role
        return (
            services.task_release
            if task.owner_id == self.request.user.pk
            else services.task_reclaim
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activation = self.request.activation
        context.update(selectors.process_context(activation.process))
        context.update(
            process=activation.process,
            task=activation.task,
            action=self.action,
            action_title=self.titles[self.action],
        )
        return context

    def form_valid(self, form):
        task = self.request.activation.task
        try:
            self._service(task)(task=task, by=self.request.user)
        except ApplicationError as exc:
            show_refusal(self.request, exc)
            return HttpResponseRedirect(self.request.path)
        task.refresh_from_db()
        messages.success(
            self.request, self.get_success_message(form.cleaned_data), fail_silently=True
        )
        return HttpResponseRedirect(self.get_success_url())


class TaskDetailView(flow_views.DetailTaskView):
    template_name = "workflows/task_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activation = self.request.activation
        task = activation.task
        user = self.request.user
        context.update(selectors.process_context(activation.process))
        context.update(
            process=activation.process,
            task=task,
            action_label=getattr(task.flow_task, "action_label", None),
            can_execute=permissions.user_can_execute(user=user, task=task),
            can_claim=permissions.user_can_claim(user=user, task=task),
            can_release=permissions.user_can_unassign(user=user, task=task),
        )
        return context
