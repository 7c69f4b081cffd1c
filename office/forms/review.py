"""The review page: one form per directive (its text, whether it was reviewed, and its
assignments as a formset), saved together."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tasks_app.models import Recurrence

from .choices import active_agencies, agency_choices, agency_search_text, lead_choices
from .widgets import AgencyPicker


class DirectiveForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung nhiệm vụ"), strip=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    reviewed = forms.BooleanField(label=_("Đã rà soát"), required=False)


class NewDirectiveForm(forms.Form):
    ref = forms.CharField(
        label=_("Mục"),
        required=False,
        max_length=32,
        help_text=_("Để trống để lấy số tiếp theo."),
    )
    text = forms.CharField(
        label=_("Nội dung nhiệm vụ"), strip=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class AssignmentForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    lead = forms.ChoiceField(label=_("Cơ quan chủ trì"), required=False)
    coordinators = forms.MultipleChoiceField(label=_("Cơ quan phối hợp"), required=False)
    due_date = forms.DateField(
        label=_("Hạn xử lý (ngày)"),
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

    def __init__(self, *args, registry_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        leads, agencies, search = registry_choices or registry_choices_for()
        self.fields["lead"].choices = leads
        self.fields["coordinators"].choices = agencies
        self.fields["coordinators"].widget = AgencyPicker(choices=agencies, search_text=search)

    @property
    def is_blank_extra(self) -> bool:
        """An unused row for a new assignment (nothing chosen)."""
        data = getattr(self, "cleaned_data", None) or {}
        return not data.get("id") and not any(
            data.get(k) for k in ("lead", "coordinators", "due_date", "due_working_days")
        )

    def clean(self):
        data = super().clean()
        if data.get("due_date") and data.get("due_working_days"):
            raise forms.ValidationError(
                _("Chọn hạn theo ngày hoặc theo số ngày làm việc, không chọn cả hai.")
            )
        if not data.get("lead") and not self.is_blank_extra and not data.get("DELETE"):
            self.add_error("lead", _("Cần chọn cơ quan chủ trì."))
        return data


def registry_choices_for(agencies=None) -> tuple[list, list, dict]:
    """Lead choices (agencies and groups), agency choices and the picker's search text."""
    agencies = active_agencies() if agencies is None else agencies
    return lead_choices(agencies), agency_choices(agencies), agency_search_text(agencies)


class BaseAssignmentFormSet(forms.BaseFormSet):
    """The assignments of one directive; the registry's choices are read once for all rows."""

    def __init__(self, *args, registry_choices=None, **kwargs):
        self.registry_choices = registry_choices or registry_choices_for()
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "registry_choices": self.registry_choices}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Xóa phân công này")


AssignmentFormSet = forms.formset_factory(
    AssignmentForm, formset=BaseAssignmentFormSet, extra=1, can_delete=True, can_delete_extra=False
)
