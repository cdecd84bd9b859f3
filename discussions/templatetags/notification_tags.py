"""Follow buttons for thread pages and theme lists: one query each, members only."""

from __future__ import annotations

from django import template

from discussions.notifications.models import Subscription

register = template.Library()


def _is_member(context) -> bool:
    access = context.get("access")
    return bool(access and access.is_member)


@register.inclusion_tag("discussions/_follow_thread.html", takes_context=True)
def thread_follow_button(context, thread):
    if not _is_member(context):
        return {"show": False}
    request = context["request"]
    following = getattr(thread, "is_followed", None)  # annotated by the thread view
    if following is None:
        following = Subscription.objects.filter(
            user=request.user, thread=thread, is_following=True
        ).exists()
    return {
        "show": True,
        "following": following,
        "thread": thread,
        "club": context["club"],
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("discussions/_follow_theme.html", takes_context=True)
def theme_follow_button(context, reading, theme_slug):
    if not _is_member(context) or not theme_slug:
        return {"show": False}
    request = context["request"]
    following = Subscription.objects.filter(
        user=request.user, reading=reading, theme__slug=theme_slug
    ).exists()
    return {
        "show": True,
        "following": following,
        "reading": reading,
        "theme_slug": theme_slug,
        "club": context["club"],
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
