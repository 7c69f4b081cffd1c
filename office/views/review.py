"""The review page: each directive beside its source passage, with one form for its text, its
reviewed flag and its assignments, saved together. Deleting an assignment or a directive asks
for confirmation first; nothing is lost while it asks."""

import datetime

from django.contrib import messages
from django.db.models import Prefetch
from django.http import QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from office.forms import (
    AssignmentFormSet,
    DirectiveForm,
    NewDirectiveForm,
    registry_choices_for,
)
from project.exceptions import ApplicationError, InvalidInput, get_or_not_found
from tasks_app import services
from tasks_app.models import Assignment, Directive, Notice
from workflows.links import process_path

from .common import OfficeOnlyMixin, form_errors


def _assignment_initial(assignment: Assignment) -> dict:
    return {
        "id": assignment.pk,
        "lead": assignment.lead.code if assignment.lead_id else assignment.lead_group.code,
        "coordinators": [a.code for a in assignment.coordinators.all()],
        "due_date": assignment.due_date,
        "due_working_days": assignment.due_working_days,
        "recurrence": assignment.recurrence,
    }


def _prefix(directive: Directive) -> str:
    return f"d{directive.pk}"


def _directive_forms(directive: Directive, *, data=None, registry_choices=None):
    assignments = list(directive.assignments.all())
    form = DirectiveForm(
        data,
        initial={"text": directive.text, "reviewed": not directive.needs_review},
        prefix=_prefix(directive),
    )
    formset = AssignmentFormSet(
        data,
        initial=[_assignment_initial(a) for a in assignments],
        prefix=f"{_prefix(directive)}-a",
        registry_choices=registry_choices,
    )
    return form, formset


def _milestones(assignment: Assignment | None) -> list[dict]:
    if assignment is None:
        return []
    return [
        {"date": datetime.date.fromisoformat(m["date"]), "text": m.get("text", "")}
        for m in assignment.milestones or []
        if m.get("date")
    ]


class ReviewPageMixin(OfficeOnlyMixin):
    """Builds the review page; a POST that must show the page again (an error, a deletion to
    confirm) passes the directive's bound forms so the person's edits stay on screen."""

    template_name = "office/notice_review.html"

    def notice_directives(self, notice: Notice) -> list[Directive]:
        return list(
            notice.directives.order_by("position", "pk").prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=Assignment.objects.select_related(
                        "lead", "lead_group", "via_group", "workflow_process__lead"
                    )
                    .prefetch_related("coordinators")
                    .order_by("pk"),
                )
            )
        )

    def review_context(self, notice: Notice, *, bound: dict | None = None) -> dict:
        registry_choices = registry_choices_for() if notice.is_draft else None
        rows = []
        for directive in self.notice_directives(notice):
            assignments = list(directive.assignments.all())
            row = {
                "directive": directive,
                "action": self.viewset_url("directive", pk=directive.pk),
                "delete_url": self.viewset_url("directive_delete", pk=directive.pk),
                "assignments": [
                    {
                        "assignment": a,
                        "milestones": _milestones(a),
                        "process_url": _process_url(a),
                    }
                    for a in assignments
                ],
            }
            if notice.is_draft:
                if bound and getattr(bound.get("directive"), "pk", None) == directive.pk:
                    form, formset = bound["form"], bound["formset"]
                    row.update(error=bound.get("error"), confirm=bound.get("confirm"))
                else:
                    form, formset = _directive_forms(directive, registry_choices=registry_choices)
                row["form"] = form
                row["formset"] = formset
                row["items"] = [
                    {
                        "form": f,
                        "assignment": a,
                        "milestones": _milestones(a),
                    }
                    for f, a in zip(
                        formset.forms,
                        assignments + [None] * len(formset.forms),
                        strict=False,
                    )
                ]
            rows.append(row)
        return {
            "notice": notice,
            "rows": rows,
            "is_draft": notice.is_draft,
            "pending": [r["directive"].ref for r in rows if r["directive"].needs_review],
            "publish_url": self.viewset_url("publish", pk=notice.pk),
            "edit_url": self.viewset_url("edit", pk=notice.pk),
            "add_url": self.viewset_url("directive_add", pk=notice.pk),
            "list_url": self.viewset_url("index"),
            "new_form": (bound or {}).get("new_form") or NewDirectiveForm(prefix="new"),
            "new_formset": (bound or {}).get("new_formset")
            or (
                AssignmentFormSet(prefix="new-a", registry_choices=registry_choices)
                if notice.is_draft
                else None
            ),
        }


def _process_url(assignment: Assignment) -> str:
    process = getattr(assignment, "workflow_process", None)
    return process_path(process.pk) if process is not None else ""


class NoticeReviewView(ReviewPageMixin, TemplateView):
    def get_context_data(self, **kwargs):
        notice = get_or_not_found(Notice, pk=self.kwargs["pk"])
        return super().get_context_data(**self.review_context(notice), **kwargs)


def _assignment_inputs(formset, *, confirmed: bool) -> list[services.AssignmentInput]:
    inputs = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or form.is_blank_extra:
            continue
        inputs.append(
            services.AssignmentInput(
                lead_code=data.get("lead") or "",
                coordinator_codes=list(data.get("coordinators") or []),
                due_date=data.get("due_date"),
                due_working_days=data.get("due_working_days"),
                recurrence=data.get("recurrence") or "",
                assignment_id=data.get("id"),
                delete=bool(data.get("DELETE")) and confirmed,
            )
        )
    return inputs


def _to_delete(formset) -> list[str]:
    """Labels of the assignments ticked for deletion (for the confirmation)."""
    labels = []
    for form in formset.forms:
        data = form.cleaned_data or {}
        if data.get("DELETE") and data.get("id"):
            assignment = Assignment.objects.filter(pk=data["id"]).select_related(
                "lead", "lead_group"
            )
            labels.extend(a.lead_label for a in assignment)
    return labels


def _without_deletions(post: QueryDict, prefix: str) -> QueryDict:
    data = post.copy()
    for key in [k for k in data if k.startswith(prefix) and k.endswith("-DELETE")]:
        del data[key]
    return data


class DirectiveSaveView(ReviewPageMixin, View):
    """Save one directive: text, reviewed flag and assignments in one service call."""

    http_method_names = ["post"]

    def post(self, request, pk):
        directive = get_or_not_found(Directive, pk=pk)
        notice = directive.notice
        anchor = f"muc-{directive.ref}"
        prefix = _prefix(directive)
        data = request.POST
        if f"{prefix}-keep" in data:  # "Không xóa": show the form again without the ticks
            data = _without_deletions(data, f"{prefix}-a-")
        form, formset = _directive_forms(directive, data=data)
        bound = {"directive": directive, "form": form, "formset": formset}
        if not (form.is_valid() and formset.is_valid()):
            errors = [form_errors(form), *(form_errors(f) for f in formset.forms)]
            errors += [str(e) for e in formset.non_form_errors()]
            bound["error"] = " ".join(e for e in errors if e) or _("Dữ liệu không hợp lệ.")
            return self.page(notice, bound, status=400)
        if f"{prefix}-keep" in request.POST:
            messages.info(request, _("Không xóa phân công nào; các sửa đổi chưa được lưu."))
            return self.page(notice, bound)
        to_delete = _to_delete(formset)
        confirmed = f"{prefix}-confirm" in data
        if to_delete and not confirmed:
            bound["confirm"] = to_delete
            return self.page(notice, bound)
        try:
            services.directive_save(
                directive=directive,
                by=request.user,
                text=form.cleaned_data["text"],
                reviewed=form.cleaned_data["reviewed"],
                assignments=_assignment_inputs(formset, confirmed=confirmed),
            )
        except ApplicationError as exc:
            if not isinstance(exc, InvalidInput):
                raise
            bound["error"] = exc.message
            return self.page(notice, bound, status=400)
        messages.success(request, _("Đã lưu mục %(ref)s.") % {"ref": directive.ref})
        today = timezone.localdate()
        for due in sorted(
            set(directive.assignments.filter(due_date__lt=today).values_list("due_date", flat=True))
        ):
            messages.warning(
                request,
                _(
                    "Hạn xử lý %(due)s đã qua (hôm nay %(today)s); khi ban hành sẽ bị từ chối — "
                    "hãy sửa hạn trước khi ban hành."
                )
                % {"due": f"{due:%d/%m/%Y}", "today": f"{today:%d/%m/%Y}"},
            )
        return self.back("review", anchor=anchor, pk=notice.pk)

    def page(self, notice, bound, status=200):
        if bound.get("error"):
            messages.error(self.request, bound["error"])
        return render(
            self.request,
            self.template_name,
            self.review_context(notice, bound=bound),
            status=status,
        )


class DirectiveAddView(ReviewPageMixin, View):
    """Add a directive (and its assignments) to a draft by hand."""

    http_method_names = ["post"]

    def post(self, request, pk):
        notice = get_or_not_found(Notice, pk=pk)
        form = NewDirectiveForm(request.POST, prefix="new")
        formset = AssignmentFormSet(request.POST, prefix="new-a")
        error = ""
        if form.is_valid() and formset.is_valid():
            try:
                directive = services.directive_create(
                    notice=notice,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    ref=form.cleaned_data["ref"],
                    assignments=_assignment_inputs(formset, confirmed=False),
                )
            except InvalidInput as exc:
                error = exc.message
            else:
                messages.success(request, _("Đã thêm mục %(ref)s.") % {"ref": directive.ref})
                return self.back("review", anchor=f"muc-{directive.ref}", pk=notice.pk)
        else:
            errors = [form_errors(form), *(form_errors(f) for f in formset.forms)]
            error = " ".join(e for e in errors if e)
        messages.error(request, error or _("Dữ liệu không hợp lệ."))
        context = self.review_context(notice, bound={"new_form": form, "new_formset": formset})
        context["add_error"] = error
        return render(request, self.template_name, context, status=400)


class DirectiveDeleteView(OfficeOnlyMixin, TemplateView):
    """Deleting a directive: a page that says what goes, then the deletion."""

    template_name = "office/directive_delete.html"
    http_method_names = ["get", "post"]

    def get_context_data(self, **kwargs):
        directive = get_or_not_found(Directive, pk=self.kwargs["pk"])
        return super().get_context_data(
            directive=directive,
            back_url=self.viewset_url("review", pk=directive.notice_id) + f"#muc-{directive.ref}",
            **kwargs,
        )

    def post(self, request, pk):
        directive = get_or_not_found(Directive, pk=pk)
        notice_id, ref = directive.notice_id, directive.ref
        try:
            services.directive_delete(directive=directive, by=request.user)
        except InvalidInput as exc:
            messages.error(request, exc.message)
            return self.back("review", pk=notice_id)
        messages.success(request, _("Đã xóa mục %(ref)s.") % {"ref": ref})
        return self.back("review", pk=notice_id)
