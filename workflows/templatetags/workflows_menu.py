"""Menu counters of the workflow app (inbox and queue sizes of the current user)."""

from django import template
from django.utils.translation import gettext

from workflows import links, permissions, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def workflow_counts(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "inbox": selectors.tasks_inbox(user=user).count(),
        "queue": selectors.tasks_queue(user=user).count(),
    }


@register.filter
def person(user) -> str:
    """A user's full name, else the username; empty for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@register.simple_tag
def notice_url(directive) -> str:
    """The read-only page of the directive's notice, at the directive ("" if not routed)."""
    return links.notice_path(directive.notice_id, ref=directive.ref)


@register.simple_tag(takes_context=True)
def reassign_title(context, process) -> str:
    """The reassign action named for what it changes: the lead's responsible officer, or the
    coordinating officer of the agency the user heads."""
    user = getattr(context.get("request"), "user", None)
    if user is not None and permissions.reassign_is_coordination(user=user, process=process):
        return gettext("Đổi chuyên viên phối hợp")
    return gettext("Đổi chuyên viên phụ trách")
