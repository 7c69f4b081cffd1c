"""Process, task and record models of the directive workflow.

- :mod:`.processes`: ``DirectiveProcess``, ``ExtensionProcess``, ``WorkflowTask`` and the roles
  and outcomes they carry;
- :mod:`.records`: periods, contributions, meetings, reports, reviews, attachments.
"""

from .processes import (
    ActorRole,
    DirectiveProcess,
    ExtensionDecision,
    ExtensionProcess,
    Outcome,
    WorkflowTask,
    flow_of,
)
from .records import (
    Attachment,
    Contribution,
    Meeting,
    Period,
    Report,
    Review,
    ReviewDecision,
    ReviewStage,
)

__all__ = [
    "ActorRole",
    "Attachment",
    "Contribution",
    "DirectiveProcess",
    "ExtensionDecision",
    "ExtensionProcess",
    "Meeting",
    "Outcome",
    "Period",
    "Report",
    "Review",
    "ReviewDecision",
    "ReviewStage",
    "WorkflowTask",
    "flow_of",
]
