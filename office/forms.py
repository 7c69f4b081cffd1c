from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from project.text import vietnamese_sort_key
from tasks_app.models import Agency, AgencyGroup, Recurrence

MAX_NOTICE_UPLOAD_BYTES = 5 * 1024 * 1024


def _sorted_choices(items) -> list[tuple[str, str]]:
    return sorted(items, key=lambda item: vietnamese_sort_key(item[1]))


def _lead_choices():
    groups = _sorted_choices(
        (g.code, gettext("%(name)s (nhóm)") % {"name": g.name}) for g in AgencyGroup.objects.all()
    )
    return [("", "—"), (_("Cơ quan"), _agency_choices()), (_("Nhóm cơ quan"), groups)]


def _agency_choices():
    return _sorted_choices((a.code, a.name) for a in Agency.objects.filter(is_active=True))


class NoticeUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp thông báo (.txt hoặc .docx)"),
        allow_empty_file=True,  # the importer explains an empty file itself
        help_text=_("Văn bản UTF-8 (.txt) hoặc Word (.docx), tối đa 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_NOTICE_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn: tối đa 5 MB."))
        return upload


class DirectiveForm(forms.Form):
    text = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 6}))
    reviewed = forms.BooleanField(label=_("Đã rà soát"), required=False)


class AssignmentForm(forms.Form):
    lead = forms.ChoiceField(label=_("Cơ quan chủ trì"))
    coordinators = forms.MultipleChoiceField(
        label=_("Cơ quan phối hợp"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    due_date = forms.DateField(
        label=_("Hạn hoàn thành (ngày)"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    due_working_days = forms.IntegerField(
        label=_("hoặc số ngày làm việc kể từ khi ban hành"), required=False, min_value=1
    )
    recurrence = forms.ChoiceField(
        label=_("Định kỳ báo cáo"),
        required=False,
        choices=[("", _("Không định kỳ")), *Recurrence.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = _lead_choices()
        self.fields["coordinators"].choices = _agency_choices()

    def clean(self):
        data = super().clean()
        if data.get("due_date") and data.get("due_working_days"):
            raise forms.ValidationError(
                _("Chọn hạn theo ngày hoặc theo số ngày làm việc, không chọn cả hai.")
            )
        return data
