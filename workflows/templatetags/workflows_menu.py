"""Menu counters of the workflow app (inbox and queue sizes of the current user)."""

from django import template

from workflows import selectors

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
