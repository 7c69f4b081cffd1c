"""The registry the Office keeps: agencies (names, abbreviation, aliases, groups), groups, and
an agency's retirement in favour of its successor."""

import unicodedata

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from office.forms import AgencyForm, GroupForm, RetireForm
from project.exceptions import InvalidInput, StateConflict, get_or_not_found
from project.text import vietnamese_sort_key
from tasks_app import services
from tasks_app.models import Agency, AgencyGroup
from workflows import services as workflow_services
from workflows.models import DirectiveProcess, Outcome, WorkflowTask
from workflows.selectors import OPEN_TASK_STATUSES

from .common import RegistryEditorMixin
from .notices import apply_refusal


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _search_text(agency: Agency) -> str:
    return " ".join([agency.code, agency.name, agency.abbreviation, *(agency.aliases or [])])


class AgencyListView(RegistryEditorMixin, TemplateView):
    template_name = "office/agency_list.html"

    def get_context_data(self, **kwargs):
        query = " ".join(self.request.GET.get("q", "").split())
        agencies = Agency.objects.select_related("parent", "successor").prefetch_related("groups")
        if query:
            words = _folded(query).split()
            agencies = [a for a in agencies if all(w in _folded(_search_text(a)) for w in words)]
        rows = sorted(agencies, key=lambda a: (not a.is_active, vietnamese_sort_key(a.name)))
        return super().get_context_data(
            query=query,
            agencies=[(a, self.viewset_url("agency_edit", pk=a.pk)) for a in rows],
            create_url=self.viewset_url("agency_create"),
            groups_url=self.viewset_url("group_list"),
            **kwargs,
        )


def _agency_input(data: dict, agency: Agency | None) -> services.AgencyInput:
    return services.AgencyInput(
        code=agency.code if agency else data.get("code", ""),
        name=data.get("name", ""),
        kind=data.get("kind", ""),
        parent_code=data.get("parent") or "",
        abbreviation=data.get("abbreviation") or "",
        aliases=data.get("aliases") or [],
        group_codes=data.get("groups") or [],
    )


class AgencyFormView(RegistryEditorMixin, TemplateView):
    template_name = "office/agency_form.html"

    def agency(self) -> Agency | None:
        pk = self.kwargs.get("pk")
        return get_or_not_found(Agency, pk=pk) if pk is not None else None

    def get_context_data(self, **kwargs):
        agency = self.agency()
        if "form" not in kwargs:
            initial = {}
            if agency is not None:
                initial = {
                    "code": agency.code,
                    "name": agency.name,
                    "abbreviation": agency.abbreviation,
                    "aliases": "\n".join(agency.aliases or []),
                    "kind": agency.kind,
                    "parent": agency.parent.code if agency.parent_id else "",
                    "groups": list(agency.groups.values_list("code", flat=True)),
                }
            kwargs["form"] = AgencyForm(initial=initial, agency=agency)
        return super().get_context_data(
            agency=agency,
            back_url=self.viewset_url("index"),
            retire_url=self.viewset_url("agency_retire", pk=agency.pk)
            if agency is not None and agency.is_active
            else "",
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        agency = self.agency()
        form = AgencyForm(request.POST, agency=agency)
        if form.is_valid():
            try:
                saved = services.agency_save(
                    data=_agency_input(form.cleaned_data, agency), agency=agency, by=request.user
                )
            except InvalidInput as exc:
                apply_refusal(form, exc)
            else:
                messages.success(request, _("Đã lưu %(agency)s.") % {"agency": saved.name})
                return self.back("index")
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _open_work(agency: Agency) -> dict:
    open_processes = DirectiveProcess.objects.filter(outcome=Outcome.OPEN)
    return {
        "led": open_processes.filter(lead=agency).count(),
        "coordinated": open_processes.filter(assignment__coordinators=agency).distinct().count(),
        "tasks": WorkflowTask.objects.filter(
            agency=agency, status__in=OPEN_TASK_STATUSES, flow_task_type="HUMAN"
        ).count(),
    }


class AgencyRetireView(RegistryEditorMixin, TemplateView):
    """An agency is merged or dissolved: choose its successor; its open work moves there."""

    template_name = "office/agency_retire.html"

    def get_context_data(self, **kwargs):
        agency = get_or_not_found(Agency, pk=self.kwargs["pk"])
        kwargs.setdefault(
            "form", RetireForm(agency=agency, initial={"on_date": timezone.localdate()})
        )
        return super().get_context_data(
            agency=agency,
            work=_open_work(agency),
            back_url=self.viewset_url("agency_edit", pk=agency.pk),
            **kwargs,
        )

    def post(self, request, pk):
        agency = get_or_not_found(Agency, pk=pk)
        form = RetireForm(request.POST, agency=agency)
        if form.is_valid():
            successor = get_or_not_found(Agency, code=form.cleaned_data["successor"])
            try:
                result = workflow_services.agency_retire(
                    agency=agency,
                    successor=successor,
                    by=request.user,
                    move_members=form.cleaned_data["move_members"],
                    on_date=form.cleaned_data["on_date"],
                )
            except (InvalidInput, StateConflict) as exc:
                apply_refusal(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "%(agency)s đã thôi hoạt động. %(successor)s nhận %(led)s quy trình chủ "
                        "trì, %(coordinated)s quy trình phối hợp, %(tasks)s việc đang mở."
                    )
                    % {
                        "agency": agency.name,
                        "successor": successor.name,
                        "led": len(result.processes_led),
                        "coordinated": len(result.processes_coordinated),
                        "tasks": result.tasks,
                    },
                )
                return self.back("index")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class GroupListView(RegistryEditorMixin, TemplateView):
    template_name = "office/group_list.html"

    def get_context_data(self, **kwargs):
        groups = sorted(
            AgencyGroup.objects.prefetch_related("members"),
            key=lambda g: vietnamese_sort_key(g.name),
        )
        return super().get_context_data(
            groups=[(g, self.viewset_url("group_edit", pk=g.pk)) for g in groups],
            create_url=self.viewset_url("group_create"),
            agencies_url=self.viewset_url("index"),
            **kwargs,
        )


class GroupFormView(RegistryEditorMixin, TemplateView):
    template_name = "office/group_form.html"

    def group(self) -> AgencyGroup | None:
        pk = self.kwargs.get("pk")
        return get_or_not_found(AgencyGroup, pk=pk) if pk is not None else None

    def get_context_data(self, **kwargs):
        group = self.group()
        if "form" not in kwargs:
            initial = {}
            if group is not None:
                initial = {
                    "code": group.code,
                    "name": group.name,
                    "meaning": group.meaning,
                    "members": list(group.members.values_list("code", flat=True)),
                }
            kwargs["form"] = GroupForm(initial=initial, group=group)
        return super().get_context_data(
            group=group, back_url=self.viewset_url("group_list"), **kwargs
        )

    def post(self, request, *args, **kwargs):
        group = self.group()
        form = GroupForm(request.POST, group=group)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.group_save(
                    data=services.GroupInput(
                        code=group.code if group else data["code"],
                        name=data["name"],
                        meaning=data.get("meaning") or "",
                        member_codes=data.get("members") or [],
                    ),
                    group=group,
                    by=request.user,
                )
            except InvalidInput as exc:
                apply_refusal(form, exc)
            else:
                messages.success(request, _("Đã lưu nhóm %(group)s.") % {"group": saved.name})
                return self.back("group_list")
        return self.render_to_response(self.get_context_data(form=form), status=400)
