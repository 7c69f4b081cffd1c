"""Write-side services of tasks_app: notices in (files, scans, by hand), review, publishing,
and the agency registry the Office keeps.

Every entry point (web pages, management commands, the API, tests) goes through these
functions; each checks who may act before changing anything, and each runs in one
transaction so that a refused or failed call changes nothing.

- :mod:`.notices`: read a file into a draft, enter a notice by hand, correct a draft's data;
- :mod:`.manual`: a notice and all its directives entered in one call (the API);
- :mod:`.imports`: uploads from the web, scans read by OCR in a worker (import jobs);
- :mod:`.review`: a directive with its assignments saved together, directives added, deleted;
- :mod:`.publishing`: the notice side of publishing (``workflows`` starts the processes);
- :mod:`.agencies`: agencies and groups, the registry side of an agency's retirement.
"""

from .agencies import (
    AgencyInput,
    GroupInput,
    RetirementDrafts,
    agency_mark_retired,
    agency_save,
    agency_snapshot,
    group_save,
)
from .common import assignment_snapshot, normalize_line, normalize_text
from .imports import import_job_create, import_job_requeue, import_job_run, notice_upload
from .manual import DirectiveInput, notice_enter
from .notices import (
    NoticeAlreadyImported,
    NoticeInput,
    ParsedNotice,
    instruction_number,
    notice_create,
    notice_draft_create,
    notice_import,
    notice_parse,
    notice_update,
)
from .publishing import notice_mark_published
from .review import (
    AssignmentInput,
    assignment_delete,
    assignment_save,
    directive_create,
    directive_delete,
    directive_save,
    directive_update,
)

__all__ = [
    "AgencyInput",
    "AssignmentInput",
    "DirectiveInput",
    "GroupInput",
    "NoticeAlreadyImported",
    "NoticeInput",
    "ParsedNotice",
    "RetirementDrafts",
    "agency_mark_retired",
    "agency_save",
    "agency_snapshot",
    "assignment_delete",
    "assignment_save",
    "assignment_snapshot",
    "directive_create",
    "directive_delete",
    "directive_save",
    "directive_update",
    "group_save",
    "import_job_create",
    "import_job_requeue",
    "import_job_run",
    "instruction_number",
    "normalize_line",
    "normalize_text",
    "notice_create",
    "notice_draft_create",
    "notice_enter",
    "notice_import",
    "notice_mark_published",
    "notice_parse",
    "notice_update",
    "notice_upload",
]
