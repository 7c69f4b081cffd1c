"""The directive flow's graph in bare viewflow 2.4: the same node kinds (start handle, human
views, a data-driven split, a join, two ``If`` gateways with loops back, a function, the end),
viewflow's own ``Process``/``Task`` models, the same process lock, and no agency scope, audit
or reminders. Step data is kept in ``process.data``."""

from viewflow import this
from viewflow.workflow import flow, lock

from workflows.nodes import DynamicSplit


def _no_page(request, **kwargs):  # the benchmark drives the activations directly
    raise NotImplementedError


class BareFlow(flow.Flow):
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_process).Next(this.accept)
    accept = flow.View(_no_page).Next(this.split_work)
    split_work = (
        DynamicSplit()
        .Next(this.coordinate_assign, each=this.coordinator_branches)
        .Always(this.join_work)
    )
    coordinate_assign = flow.View(_no_page).Next(this.coordinate, task_data=this.branch_data)
    coordinate = flow.View(_no_page).Assign(this.branch_officer).Next(this.join_work)
    join_work = flow.Join().Next(this.report)
    report = flow.View(_no_page).Assign(this.lead_officer).Next(this.approve)
    approve = flow.View(_no_page).Next(this.check_approve)
    check_approve = flow.If(this.is_approved).Then(this.verify).Else(this.report)
    verify = flow.View(_no_page).Next(this.check_verify)
    check_verify = flow.If(this.is_verified).Then(this.check_close).Else(this.report)
    check_close = flow.If(this.is_closing).Then(this.complete).Else(this.report)
    complete = flow.Function(this.mark_completed).Next(this.end)
    end = flow.End()

    def start_process(self, activation, data):
        activation.process.data = data
        return activation.process

    def coordinator_branches(self, activation):
        return [{"agency": code} for code in activation.process.data["coordinators"]]

    def branch_data(self, activation):
        return dict(activation.task.data)

    def branch_officer(self, activation):
        from django.contrib.auth import get_user_model

        officers = activation.process.data["coordination_officers"]
        return get_user_model().objects.get(pk=officers[activation.task.data["agency"]])

    def lead_officer(self, activation):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.get(pk=activation.process.data["officer"])

    def is_approved(self, activation):
        return activation.process.data.get("approved", False)

    def is_verified(self, activation):
        return activation.process.data.get("verified", False)

    def is_closing(self, activation):
        return True

    def mark_completed(self, activation):
        activation.process.data["outcome"] = "completed"
        activation.process.save(update_fields=["data"])
