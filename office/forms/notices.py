from django import forms
from django.utils.translation import gettext_lazy as _

from tasks_app.importing import MAX_OCR_PAGES
from tasks_app.models import INSTRUCTION_NUMBER_PREFIX, NoticeKind

MAX_NOTICE_UPLOAD_MB = 60
MAX_NOTICE_UPLOAD_BYTES = MAX_NOTICE_UPLOAD_MB * 1024 * 1024


class NoticeUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp thông báo"),
        allow_empty_file=True,  # the importer explains an empty file itself
        help_text=_(
            "Văn bản .txt (Unicode UTF-8), Word .docx, PDF có lớp chữ, hoặc bản quét: PDF quét, "
            "ảnh PNG, JPEG, TIFF (tối đa %(pages)s trang; nhận dạng chữ chạy nền, có tiến độ). "
            "Tối đa %(mb)s MB."
        )
        % {"pages": MAX_OCR_PAGES, "mb": MAX_NOTICE_UPLOAD_MB},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".txt,.docx,.pdf,.png,.jpg,.jpeg,.tif,.tiff"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_NOTICE_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": MAX_NOTICE_UPLOAD_MB}
            )
        return upload


class NoticeForm(forms.Form):
    """A notice entered by hand, or a draft's own data corrected."""

    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=NoticeKind.choices)
    number = forms.CharField(
        label=_("Số hiệu"),
        required=False,
        max_length=64,
        help_text=_(
            "Ví dụ 142-TB/TU. Ý kiến chỉ đạo không có số: để trống, hệ thống cấp số "
            "%(prefix)s-năm-số thứ tự (ví dụ %(prefix)s-2025-003)."
        )
        % {"prefix": INSTRUCTION_NUMBER_PREFIX},
    )
    date = forms.DateField(
        label=_("Ngày ban hành (hoặc ngày họp)"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    title = forms.CharField(
        label=_("Trích yếu"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: Ý kiến chỉ đạo của Thường trực Tỉnh ủy tại buổi làm việc ngày …"),
    )
    signer = forms.CharField(label=_("Người ký (hoặc người chỉ đạo)"), required=False)
    signer_title = forms.CharField(label=_("Chức vụ"), required=False)
