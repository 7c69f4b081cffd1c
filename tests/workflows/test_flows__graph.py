"""The flow graphs: every human node is scoped to an agency and role, locks are real."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from viewflow import this
from viewflow.workflow import flow, lock

from workflows import forms, services
from workflows.flows import DirectiveFlow, ExtensionFlow
from workflows.flows import step as step_page
from workflows.models import DirectiveProcess, WorkflowTask
from workflows.nodes import AgencyTask, DynamicSplit

FLOWS = [DirectiveFlow, ExtensionFlow]


def human_nodes(flow_class):
    return [node for node in flow_class.instance.nodes() if node.task_type == "HUMAN"]


@pytest.mark.parametrize("flow_class", FLOWS, ids=lambda f: f.__name__)
def test_every_human_node_has_a_scoped_permission_or_assignee(flow_class):
    nodes = human_nodes(flow_class)
    assert nodes
    for node in nodes:
        assert isinstance(node, AgencyTask), f"{node.name} is not an AgencyTask"
        assert node._agency is not None, f"{node.name} has no agency scope"
        assert node.actor_role in ("head", "officer", "office"), node.name
        assert node.task_title, f"{node.name} has no title"
        # viewflow's own pages that would bypass the services are not routed
        assert node.undo_view is None and node.revive_view is None and node.cancel_view is None


@pytest.mark.parametrize("flow_class", FLOWS, ids=lambda f: f.__name__)
def test_flows_lock_the_process_row(flow_class):
    assert flow_class.lock_impl is lock.select_for_update_lock


def test_a_human_node_without_scope_is_refused_at_import():
    with pytest.raises(ImproperlyConfigured, match=r"needs \.Scope"):

        class UnscopedFlow(flow.Flow):
            process_class = DirectiveProcess
            task_class = WorkflowTask
            start = flow.StartHandle().Next(this.step)
            step = AgencyTask(step_page(forms.ReportForm, services.task_report_submit)).Next(
                this.end
            )
            end = flow.End()


def test_coordination_is_a_dynamic_split_into_a_join():
    split = DirectiveFlow.split_work
    assert isinstance(split, DynamicSplit)
    targets = [edge.dst.name for edge in split._outgoing()]
    assert targets == ["coordinate_assign", "meeting", "join_work"]
    assert DirectiveFlow.coordinate_assign._multi_instance


@pytest.mark.django_db
def test_walking_every_human_node_creates_only_scoped_tasks(staff, office):
    """Drive one process through every human node of both flows (returns included) and check
    each task created: an agency, a role, a viewflow permission, and an owner where expected."""
    [process] = staff.publish(
        leads=["DUK"],
        coordinators=["BCSUBND", "DDLDLD"],
        by=office,
        due_date=datetime.date(2030, 12, 31),
    )
    extension = services.extension_request(
        process=process,
        by=staff.head("DUK"),
        due_date=datetime.date(2031, 3, 31),
        reason="Lý do.",
    )
    services.task_extension_decide(
        task=staff.open_task(extension, ExtensionFlow.decide),
        by=office,
        approved=False,
        reason="Không đủ căn cứ.",
    )
    staff.accept(process, meeting=True)
    staff.coordinate(process, "BCSUBND")
    staff.coordinate(process, "DDLDLD")
    services.task_meeting_record(
        task=staff.open_task(process, DirectiveFlow.meeting),
        by=staff.officer("DUK"),
        held_on=datetime.date(2030, 5, 5),
        place="Hội trường",
        minutes="Biên bản.",
    )
    staff.report(process)
    staff.approve(process, approved=False, reason="Bổ sung.")
    staff.report(process)
    staff.approve(process)
    staff.verify(process, accepted=False, reason="Chưa đạt.")
    staff.report(process)
    staff.approve(process)
    staff.verify(process)

    tasks = WorkflowTask.objects.filter(flow_task_type="HUMAN")
    visited = {(t.flow_task.flow_class, t.flow_task.name) for t in tasks}
    expected = {(f, node.name) for f in FLOWS for node in human_nodes(f)}
    assert visited == expected
    for task in tasks:
        assert task.agency_id and task.actor_role, task
        assert task.owner_permission and task.owner_permission_obj == task.agency, task
        if task.actor_role == "officer":
            assert task.owner_id is not None, f"{task.flow_task.name} had no assignee"
