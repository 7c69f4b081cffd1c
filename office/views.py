"""Office pages: import a notice, review its draft directives side by side, publish."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView

from office.forms import AssignmentForm, DirectiveForm, NoticeUploadForm
from project.exceptions import ApplicationError, PermissionRefused, get_or_not_found
from tasks_app import services
from tasks_app.models import Assignment, Directive, Notice
from tasks_app.permissions import user_can_edit_notices
from workflows import services as workflow_services


class OfficeOnlyMixin(LoginRequiredMixin):
    refusal = gettext_lazy("Chỉ Văn phòng Tỉnh ủy được dùng chức năng này.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_can_edit_notices(user=request.user):
            # project.middleware.AuditedSiteMiddleware logs a refused POST.
            raise PermissionRefused(self.refusal)
        return super().dispatch(request, *args, **kwargs)

    def viewset_url(self, name, **kwargs):
        return self.request.resolver_match.viewset.reverse(name, kwargs=kwargs or None)


class NoticeListView(OfficeOnlyMixin, TemplateView):
    template_name = "office/notice_list.html"

    def get_context_data(self, **kwargs):
        notices = Notice.objects.order_by("-created_at")
        return super().get_context_data(
            notices=[
                (n, self.viewset_url("review", pk=n.pk), n.directives.count()) for n in notices
            ],
            import_url=self.viewset_url("import"),
            **kwargs,
        )


class NoticeImportView(OfficeOnlyMixin, TemplateView):
    template_name = "office/notice_import.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", NoticeUploadForm())
        return super().get_context_data(list_url=self.viewset_url("index"), **kwargs)

    def post(self, request, *args, **kwargs):
        form = NoticeUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                notice = services.notice_import(
                    content=upload.read(), filename=upload.name, by=request.user
                )
            except ApplicationError as exc:
                form.add_error("file", exc.message)
            else:
                count = notice.directives.count()
                messages.success(
                    request,
                    ngettext(
                        "Đã nhập thông báo %(number)s: %(count)s nhiệm vụ. Hãy rà soát trước khi "
                        "ban hành.",
                        "Đã nhập thông báo %(number)s: %(count)s nhiệm vụ. Hãy rà soát trước khi "
                        "ban hành.",
                        count,
                    )
                    % {"number": notice.number, "count": count},
                )
                return redirect(self.viewset_url("review", pk=notice.pk))
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _assignment_initial(assignment: Assignment) -> dict:
    return {
        "lead": assignment.lead.code if assignment.lead_id else assignment.lead_group.code,
        "coordinators": [a.code for a in assignment.coordinators.all()],
        "due_date": assignment.due_date,
        "due_working_days": assignment.due_working_days,
        "recurrence": assignment.recurrence,
    }


class NoticeReviewView(OfficeOnlyMixin, TemplateView):
    template_name = "office/notice_review.html"

    def get_context_data(self, **kwargs):
        notice = get_or_not_found(Notice, pk=self.kwargs["pk"])
        rows = []
        for directive in notice.directives.prefetch_related(
            "assignments__coordinators", "assignments__lead", "assignments__lead_group"
        ):
            rows.append(
                {
                    "directive": directive,
                    "form": DirectiveForm(
                        initial={"text": directive.text, "reviewed": not directive.needs_review},
                        prefix=f"d{directive.pk}",
                    ),
                    "action": self.viewset_url("directive", pk=directive.pk),
                    "assignments": [
                        {
                            "assignment": a,
                            "form": AssignmentForm(
                                initial=_assignment_initial(a), prefix=f"a{a.pk}"
                            ),
                            "action": self.viewset_url("assignment", pk=a.pk),
                            "delete": self.viewset_url("assignment_delete", pk=a.pk),
                        }
                        for a in directive.assignments.all()
                    ],
                    "new_form": AssignmentForm(prefix=f"new{directive.pk}"),
                    "new_action": self.viewset_url("assignment_add", pk=directive.pk),
                }
            )
        return super().get_context_data(
            notice=notice,
            rows=rows,
            is_draft=notice.status == Notice.Status.DRAFT,
            pending=[r["directive"].ref for r in rows if r["directive"].needs_review],
            publish_url=self.viewset_url("publish", pk=notice.pk),
            list_url=self.viewset_url("index"),
            **kwargs,
        )


class _ReviewActionView(OfficeOnlyMixin, View):
    """POST-only actions of the review page; each redirects back with a message."""

    http_method_names = ["post"]

    def back(self, notice, anchor=""):
        url = self.viewset_url("review", pk=notice.pk)
        return redirect(f"{url}#{anchor}" if anchor else url)

    def refuse(self, notice, error, anchor=""):
        messages.error(self.request, error)
        return self.back(notice, anchor)


class DirectiveUpdateView(_ReviewActionView):
    def post(self, request, pk):
        directive = get_or_not_found(Directive, pk=pk)
        form = DirectiveForm(request.POST, prefix=f"d{directive.pk}")
        anchor = f"muc-{directive.ref}"
        if not form.is_valid():
            return self.refuse(directive.notice, _("Nội dung nhiệm vụ không hợp lệ."), anchor)
        try:
            services.directive_update(
                directive=directive,
                by=request.user,
                text=form.cleaned_data["text"],
                reviewed=form.cleaned_data["reviewed"],
            )
        except ApplicationError as exc:
            return self.refuse(directive.notice, exc.message, anchor)
        messages.success(request, _("Đã lưu nhiệm vụ mục %(ref)s.") % {"ref": directive.ref})
        return self.back(directive.notice, anchor)


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


class AssignmentSaveView(_ReviewActionView):
    adding = False

    def post(self, request, pk):
        if self.adding:
            directive = get_or_not_found(Directive, pk=pk)
            assignment, prefix = None, f"new{directive.pk}"
        else:
            assignment = get_or_not_found(Assignment, pk=pk)
            directive, prefix = assignment.directive, f"a{assignment.pk}"
        form = AssignmentForm(request.POST, prefix=prefix)
        anchor = f"muc-{directive.ref}"
        if not form.is_valid():
            return self.refuse(directive.notice, _form_errors(form), anchor)
        data = form.cleaned_data
        try:
            services.assignment_save(
                directive=directive,
                assignment=assignment,
                by=request.user,
                lead_code=data["lead"],
                coordinator_codes=data["coordinators"],
                due_date=data["due_date"],
                due_working_days=data["due_working_days"],
                recurrence=data["recurrence"],
            )
        except ApplicationError as exc:
            return self.refuse(directive.notice, exc.message, anchor)
        messages.success(request, _("Đã lưu phân công của mục %(ref)s.") % {"ref": directive.ref})
        return self.back(directive.notice, anchor)


class AssignmentDeleteView(_ReviewActionView):
    def post(self, request, pk):
        assignment = get_or_not_found(Assignment, pk=pk)
        directive = assignment.directive
        try:
            services.assignment_delete(assignment=assignment, by=request.user)
        except ApplicationError as exc:
            return self.refuse(directive.notice, exc.message, f"muc-{directive.ref}")
        messages.success(request, _("Đã xóa phân công của mục %(ref)s.") % {"ref": directive.ref})
        return self.back(directive.notice, f"muc-{directive.ref}")


class NoticePublishView(_ReviewActionView):
    def post(self, request, pk):
        notice = get_or_not_found(Notice, pk=pk)
        try:
            assignments = workflow_services.notice_publish(notice=notice, by=request.user)
        except ApplicationError as exc:
            return self.refuse(notice, exc.message)
        messages.success(
            request,
            ngettext(
                "Đã ban hành thông báo %(number)s: %(count)s phân công được giao.",
                "Đã ban hành thông báo %(number)s: %(count)s phân công được giao.",
                len(assignments),
            )
            % {"number": notice.number, "count": len(assignments)},
        )
        return self.back(notice)
