from django import forms
from django.utils.translation import gettext_lazy as _

from tasks_app.models import Agency, AgencyGroup, AgencyKind

from .choices import active_agencies, agency_choices, agency_search_text, sorted_choices
from .widgets import AgencyPicker


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").replace(";", "\n").splitlines() if line.strip()]


class AgencyForm(forms.Form):
    code = forms.CharField(
        label=_("Mã"),
        max_length=32,
        help_text=_("Chữ in hoa không dấu, chữ số, dấu gạch dưới (ví dụ SYT). Không đổi được."),
    )
    name = forms.CharField(label=_("Tên đầy đủ"), max_length=255)
    abbreviation = forms.CharField(label=_("Tên viết tắt"), max_length=64, required=False)
    aliases = forms.CharField(
        label=_("Tên gọi khác"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Mỗi dòng một tên (tên cũ, cách viết trong văn bản); dùng khi đọc văn bản nhập vào."
        ),
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=AgencyKind.choices)
    parent = forms.ChoiceField(label=_("Cơ quan cấp trên"), required=False)
    groups = forms.MultipleChoiceField(label=_("Thuộc nhóm"), required=False)

    def __init__(self, *args, agency: Agency | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        others = [a for a in active_agencies() if agency is None or a.pk != agency.pk]
        self.fields["parent"].choices = [("", "—"), *agency_choices(others)]
        groups = sorted_choices((g.code, g.name) for g in AgencyGroup.objects.all())
        self.fields["groups"].choices = groups
        self.fields["groups"].widget = AgencyPicker(choices=groups)
        if agency is not None:
            self.fields["code"].disabled = True
            self.fields["code"].initial = agency.code
            self.fields["code"].help_text = ""

    def clean_aliases(self) -> list[str]:
        return _lines(self.cleaned_data.get("aliases", ""))


class GroupForm(forms.Form):
    code = forms.CharField(label=_("Mã nhóm"), max_length=32)
    name = forms.CharField(label=_("Tên nhóm"), max_length=255)
    meaning = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    members = forms.MultipleChoiceField(label=_("Thành viên"), required=False)

    def __init__(self, *args, group: AgencyGroup | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = active_agencies()
        choices = agency_choices(agencies)
        self.fields["members"].choices = choices
        self.fields["members"].widget = AgencyPicker(
            choices=choices, search_text=agency_search_text(agencies)
        )
        if group is not None:
            self.fields["code"].disabled = True
            self.fields["code"].initial = group.code


class RetireForm(forms.Form):
    successor = forms.ChoiceField(label=_("Cơ quan kế thừa"))
    on_date = forms.DateField(
        label=_("Ngày thôi hoạt động"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    move_members = forms.BooleanField(
        label=_("Chuyển người dùng sang cơ quan kế thừa (cùng vai trò)"),
        required=False,
        help_text=_("Người dùng vẫn xem được lịch sử của cơ quan cũ."),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        others = [a for a in active_agencies() if a.pk != agency.pk]
        self.fields["successor"].choices = [("", "—"), *agency_choices(others)]
