"""Menu counters of the workflow app (inbox and queue sizes of the current user)."""

from django import template

from workflows import links, selectors

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
