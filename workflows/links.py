"""Paths of workflow pages, for places that link to a process without a request (e-mails,
calendars, reminders, reports)."""

import logging

from django.urls import NoReverseMatch, reverse

logger = logging.getLogger(__name__)


def process_path(process_pk: int, *, flow: str = "directive") -> str:
    """The path of a process page (``flow``: "directive" or "extension"); "" if not routed."""
    try:
        return reverse(f"workflow:flows:{flow}:process_detail", kwargs={"process_pk": process_pk})
    except NoReverseMatch:
        logger.warning("no page for %s process %s", flow, process_pk)
        return ""


def task_process_path(task) -> str:
    """The page of a task's process (directive or extension)."""
    is_extension = task.flow_task.flow_class.process_class.__name__ == "ExtensionProcess"
    return process_path(task.process_id, flow="extension" if is_extension else "directive")


def notice_path(notice_pk: int, *, ref: str = "") -> str:
    """The read-only page of a published notice (``ref``: jump to that item); "" if not routed."""
    try:
        path = reverse("home:notices:detail", kwargs={"pk": notice_pk})
    except NoReverseMatch:
        return ""
    return f"{path}#muc-{ref}" if ref else path
