"""Forms of the Office's pages."""

from project.text import vietnamese_sort_key

from .notices import MAX_NOTICE_UPLOAD_BYTES, NoticeForm, NoticeUploadForm
from .registry import AgencyForm, GroupForm, RetireForm
from .review import (
    AssignmentForm,
    AssignmentFormSet,
    DirectiveForm,
    NewDirectiveForm,
    registry_choices_for,
)

__all__ = [
    "MAX_NOTICE_UPLOAD_BYTES",
    "AgencyForm",
    "AssignmentForm",
    "AssignmentFormSet",
    "DirectiveForm",
    "GroupForm",
    "NewDirectiveForm",
    "NoticeForm",
    "NoticeUploadForm",
    "RetireForm",
    "registry_choices_for",
    "vietnamese_sort_key",
]
