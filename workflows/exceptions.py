"""Domain errors of the directive workflow.

Every refusal of the service layer is one of these, with a Vietnamese message meant for the
user. The web UI shows ``message`` as a notification; the API maps the classes to HTTP codes
(permission → 403, state/concurrency → 409, validation → 400).
"""


class WorkflowError(Exception):
    """A workflow action was refused; ``message`` says why, in the user's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)

    def __str__(self) -> str:
        return self.message


class WorkflowPermissionError(WorkflowError):
    """The user's agency or role does not allow this action."""


class WorkflowStateError(WorkflowError):
    """The task or process is not in a state that allows this action (already done, cancelled…)."""


class WorkflowConcurrencyError(WorkflowStateError):
    """Someone else is changing the same process right now; the user may retry."""


class WorkflowValidationError(WorkflowError):
    """The data given for the action is not acceptable (missing reason, wrong officer, bad file)."""
