"""The pages of one task: its step form, claim/release, and its detail page.

Step pages are declared in the flow, not written one by one::

    AgencyTask(StepView.as_view(form_class=forms.ReportForm, service=services.task_report_submit))

The form asks only what the step needs; its cleaned data (``form.service_kwargs()``) are the
service's keyword arguments. viewflow wraps these views with the process lock and the
``can_execute``/``can_assign`` checks; every state change is a call to ``workflows.services``,
whose refusal (:class:`project.exceptions.ApplicationError`) is shown as a message.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow.workflow.flow import views as flow_views

from project.exceptions import ApplicationError

from . import permissions, selectors, services


def show_refusal(request: HttpRequest, exc: ApplicationError) -> None:
    messages.error(request, exc.message, fail_silently=True)


class StepView(generic.FormView):
    """One human step: the process beside a form that asks only what the step needs."""

    template_name = "workflows/step.html"
    service: Callable | None = None
    success_message = _("Đã hoàn thành bước “%(step)s” (#%(process)s/%(task)s).")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(task=self.request.activation.task, process=self.request.activation.process)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activation = self.request.activation
        context.update(selectors.process_context(activation.process))
        context.update(process=activation.process, task=activation.task)
        return context

    def form_valid(self, form):
        activation = self.request.activation
        try:
            self.service(task=activation.task, by=self.request.user, **form.service_kwargs())
        except ApplicationError as exc:
            show_refusal(self.request, exc)
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        activation.task.refresh_from_db()
        messages.success(
            self.request,
            self.success_message
            % {
                "step": activation.flow_task.task_title,
                "process": activation.process.pk,
                "task": activation.task.pk,
            },
            fail_silently=True,
        )
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
        "claim": _("Bạn đã nhận việc {task}."),
        "release": _("Đã trả việc {task} về hàng đợi."),
    }

    @property
    def success_message(self):
        return self.success_messages[self.action]

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
            can_execute=permissions.user_can_execute(user=user, task=task),
            can_claim=permissions.user_can_claim(user=user, task=task),
            can_release=permissions.user_can_unassign(user=user, task=task),
        )
        return context
