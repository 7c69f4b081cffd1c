"""Forms of the workflow steps: each asks only what its step needs."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.forms import Layout

from project.text import vietnamese_sorted
from tasks_app.models import Agency

from . import selectors
from .attachments import ALLOWED_EXTENSIONS, MAX_ATTACHMENT_SIZE, attachments_validate
from .models import Attachment, DirectiveProcess, Report, Review, ReviewDecision, WorkflowTask


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked against the attachment limits."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("Tối đa %(size)s MB mỗi tệp; định dạng: %(ext)s.")
            % {"size": MAX_ATTACHMENT_SIZE // (1024 * 1024), "ext": ", ".join(ALLOWED_EXTENSIONS)},
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(item, initial) for item in data if item]
        else:
            files = [single(data, initial)] if data else []
        attachments_validate(files)
        return files


class StepForm(forms.Form):
    """A step form knows its task and process (for choices that depend on the agency).

    Its fields are named like the keyword arguments of the step's service; a form whose
    answers need translating (a decision into booleans) overrides :meth:`service_kwargs`.
    """

    #: A decision form answers with one of these buttons (value, label, primary); the page
    #: shows them instead of one submit button.
    decision_buttons: tuple = ()
    #: viewflow's form layout (``None``: every field, in order).
    layout = None

    def __init__(self, *args, task: WorkflowTask, process: DirectiveProcess, **kwargs):
        self.task = task
        self.process = process
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        """The step service's keyword arguments (besides ``task`` and ``by``)."""
        return dict(self.cleaned_data)


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


class AcceptForm(StepForm):
    officer = OfficerChoiceField(queryset=None, label=_("Chuyên viên phụ trách"))
    plan = forms.CharField(label=_("Kế hoạch thực hiện"), widget=forms.Textarea(attrs={"rows": 4}))
    meeting_required = forms.BooleanField(
        label=_("Tổ chức họp liên ngành (ví dụ: gặp gỡ, đối thoại với chủ doanh nghiệp)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = selectors.agency_officers(agency=self.process.lead)


class CoordinationAssignForm(StepForm):
    officer = OfficerChoiceField(queryset=None, label=_("Chuyên viên phụ trách phối hợp"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = selectors.agency_officers(agency=self.task.agency)


class ContributionForm(StepForm):
    text = forms.CharField(
        label=_("Nội dung ý kiến phối hợp"), widget=forms.Textarea(attrs={"rows": 6})
    )
    files = MultipleFileField(label=_("Tệp đính kèm"))


class MeetingForm(StepForm):
    held_on = forms.DateField(label=_("Ngày họp"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Địa điểm"), max_length=255)
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.filter(is_active=True),
        label=_("Cơ quan tham dự"),
        required=False,
    )
    other_participants = forms.CharField(
        label=_("Thành phần khác"),
        help_text=_("Ví dụ: chủ doanh nghiệp, đại diện người lao động."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    minutes = forms.CharField(label=_("Biên bản họp"), widget=forms.Textarea(attrs={"rows": 6}))
    files = MultipleFileField(label=_("Tệp đính kèm"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        coordinators = self.process.assignment.coordinators.values_list("pk", flat=True)
        self.fields["agencies"].initial = list(coordinators)
        agencies = vietnamese_sorted(Agency.objects.filter(is_active=True), key=lambda a: a.name)
        self.fields["agencies"].choices = [(a.pk, a.name) for a in agencies]


def returned_report(process: DirectiveProcess) -> tuple[Report, Review] | None:
    """The latest report when its latest review sent it back (by the head or the Office)."""
    report = selectors.process_latest_report(process=process)
    if report is None:
        return None
    review = report.reviews.select_related("decided_by").order_by("-decided_at", "-pk").first()
    if review is None or review.decision != ReviewDecision.RETURNED:
        return None
    return report, review


class ReportForm(StepForm):
    """The report; after a return it starts from the returned report: its text filled in, and a
    ticked box "Giữ tệp …" per earlier file (untick to leave a file out)."""

    text = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 8}))
    files = MultipleFileField(label=_("Tệp đính kèm"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.returned = returned_report(self.process)
        self.earlier_files: dict[str, Attachment] = {}
        if self.returned is None:
            return
        report, _review = self.returned
        self.fields["text"].initial = report.text
        fields = {"text": self.fields.pop("text")}
        for attachment in report.attachments.all():
            name = f"keep_{attachment.pk}"
            self.earlier_files[name] = attachment
            fields[name] = forms.BooleanField(
                label=_("Giữ tệp đính kèm trước: %(name)s") % {"name": attachment.original_name},
                initial=True,
                required=False,
            )
        if self.earlier_files:
            self.fields["files"].label = _("Tệp đính kèm mới")
        fields["files"] = self.fields.pop("files")
        self.fields.update(fields)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "files": data["files"],
            "keep_files": [a for name, a in self.earlier_files.items() if data.get(name)],
        }


class Decision:
    """The answers of the decision forms."""

    APPROVE = "approve"
    RETURN = "return"
    REJECT = "reject"
    CLOSE = "close"
    NEXT_PERIOD = "next"


class _DecisionForm(StepForm):
    """A decision (one button per answer) with a reason that is required when the decision
    sends the work back."""

    decision = forms.ChoiceField(label=_("Quyết định"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Lý do, ý kiến"),
        help_text=_("Bắt buộc khi trả lại."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    negative = (Decision.RETURN,)
    reason_required_message = _("Cần nêu lý do trả lại.")
    layout = Layout("reason")

    def decisions(self) -> list[tuple[str, str]]:
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = self.decisions()
        self.fields["decision"].choices = choices
        self.decision_buttons = tuple(
            (value, label, value not in self.negative) for value, label in choices
        )

    def clean(self):
        data = super().clean()
        if "decision" in self.errors:
            self.add_error(None, _("Chọn một quyết định bằng các nút bên dưới."))
        if data.get("decision") in self.negative and not (data.get("reason") or "").strip():
            self.add_error("reason", ValidationError(self.reason_required_message))
        return data


class ApproveForm(_DecisionForm):
    def decisions(self):
        return [
            (Decision.APPROVE, _("Duyệt, trình Văn phòng Tỉnh ủy")),
            (Decision.RETURN, _("Trả lại chuyên viên")),
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"approved": data["decision"] == Decision.APPROVE, "reason": data["reason"]}


class VerifyForm(_DecisionForm):
    def decisions(self):
        if self.process.recurrence:
            accept = [
                (Decision.NEXT_PERIOD, _("Chấp nhận, mở kỳ báo cáo tiếp theo")),
                (Decision.CLOSE, _("Chấp nhận, kết thúc nhiệm vụ")),
            ]
        else:
            accept = [(Decision.CLOSE, _("Chấp nhận, kết thúc nhiệm vụ"))]
        return [*accept, (Decision.RETURN, _("Trả lại cơ quan chủ trì"))]

    def service_kwargs(self) -> dict:
        decision = self.cleaned_data["decision"]
        return {
            "accepted": decision != Decision.RETURN,
            "reason": self.cleaned_data["reason"],
            "close": decision == Decision.CLOSE,
        }


class ExtensionDecideForm(_DecisionForm):
    """The Office grants the proposed date, another date (with a reason), or refuses."""

    negative = (Decision.REJECT,)
    reason_required_message = _("Cần nêu lý do không đồng ý gia hạn.")
    due_date = forms.DateField(
        label=_("Gia hạn đến ngày"),
        help_text=_("Mặc định là ngày cơ quan đề nghị; chọn ngày khác thì nêu lý do."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    layout = Layout("due_date", "reason")

    def decisions(self):
        return [
            (Decision.APPROVE, _("Đồng ý gia hạn")),
            (Decision.REJECT, _("Không đồng ý")),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "Bắt buộc khi không đồng ý hoặc khi gia hạn đến ngày khác ngày đề nghị."
        )
        self.fields["due_date"].initial = self.process.proposed_due_date

    def clean(self):
        data = super().clean()
        if data.get("decision") == Decision.APPROVE and not data.get("due_date"):
            data["due_date"] = self.process.proposed_due_date
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        approved = data["decision"] == Decision.APPROVE
        return {
            "approved": approved,
            "reason": data["reason"],
            "due_date": data.get("due_date") if approved else None,
        }


class ExtensionRequestForm(forms.Form):
    due_date = forms.DateField(
        label=_("Hạn đề nghị"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, current_due: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if current_due is not None:
            earliest = max(current_due + datetime.timedelta(days=1), timezone.localdate())
            self.fields["due_date"].widget.attrs["min"] = f"{earliest:%Y-%m-%d}"
            self.fields["due_date"].help_text = _("Hạn xử lý hiện nay: %(due)s.") % {
                "due": f"{current_due:%d/%m/%Y}"
            }


class ReassignForm(forms.Form):
    officer = OfficerChoiceField(queryset=None, label=_("Chuyên viên mới"))

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = selectors.agency_officers(agency=agency)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), widget=forms.Textarea(attrs={"rows": 4}))
