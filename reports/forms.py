"""The report filters (GET): notice, agency, period on due date or publication, status."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.selectors.filters import DateBasis, ReportFilters, scope_agencies, scope_notices
from reports.status import Status
from tasks_app.models import Agency
from tasks_app.notice_input import NoticeInput, notice_find, notice_suggestions
from workflows.permissions import ReportScope

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]


class NoticeField(forms.Field):
    """A notice by its number (or id); an unknown one is an error the user reads."""

    widget = NoticeInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        notice = notice_find(value)
        if notice is None:
            raise forms.ValidationError(
                _("Không có thông báo số %(number)s."), params={"number": str(value).strip()}
            )
        return notice


class ReportFilterForm(forms.Form):
    """Choices list what the user may see; a hand-made id of something else still validates
    (any notice or agency), so that the view can refuse it and record the refusal."""

    notice = NoticeField(label=_("Thông báo"), required=False)
    agency = forms.ModelChoiceField(
        label=_("Cơ quan chủ trì"),
        queryset=Agency.objects.all(),
        required=False,
        empty_label=_("Tất cả cơ quan"),
    )
    date_basis = forms.ChoiceField(
        label=_("Thời gian tính theo"),
        choices=[(DateBasis.DUE, _("Hạn xử lý")), (DateBasis.PUBLISHED, _("Ngày ban hành"))],
        required=False,
    )
    date_from = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"),
    )
    date_to = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"),
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[("", _("Tất cả trạng thái")), *Status.choices],
        required=False,
    )

    def __init__(self, *args, scope: ReportScope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notice"].widget.suggestions = notice_suggestions(scope_notices(scope=scope))
        agencies = scope_agencies(scope=scope)
        self.fields["agency"].widget.choices = [("", _("Tất cả cơ quan"))] + [
            (a.pk, a.name) for a in agencies
        ]
        if not scope.sees_all and len(agencies) <= 1:
            self.fields["agency"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
        return data

    def filters(self) -> ReportFilters:
        data = self.cleaned_data
        return ReportFilters(
            notice=data.get("notice"),
            agency=data.get("agency"),
            date_basis=data.get("date_basis") or DateBasis.DUE,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            status=data.get("status") or "",
        )
