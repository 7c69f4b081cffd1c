"""Office pages: notices in (upload, scans read in the background, entry by hand), the review
page, publishing, and the registry of agencies the Office keeps."""

from .notices import (
    ImportJobRequeueView,
    ImportJobStatusView,
    ImportJobView,
    NoticeCreateView,
    NoticeEditView,
    NoticeImportView,
    NoticeListView,
)
from .publish import NoticePublishView
from .registry import (
    AgencyFormView,
    AgencyListView,
    AgencyRetireView,
    GroupFormView,
    GroupListView,
)
from .review import DirectiveAddView, DirectiveDeleteView, DirectiveSaveView, NoticeReviewView

__all__ = [
    "AgencyFormView",
    "AgencyListView",
    "AgencyRetireView",
    "DirectiveAddView",
    "DirectiveDeleteView",
    "DirectiveSaveView",
    "GroupFormView",
    "GroupListView",
    "ImportJobRequeueView",
    "ImportJobStatusView",
    "ImportJobView",
    "NoticeCreateView",
    "NoticeEditView",
    "NoticeImportView",
    "NoticeListView",
    "NoticePublishView",
    "NoticeReviewView",
]
