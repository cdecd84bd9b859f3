"""Notifications page, email settings, the unsubscribe link, follow buttons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from bookclub.accounts.models import User
from bookclub.clubs import permissions
from bookclub.clubs.access import club_view
from bookclub.core.forms import ModelForm
from bookclub.core.http import safe_next_url
from discussions.gating import gate_threads
from discussions.models import Thread
from discussions.notifications import services
from discussions.notifications.emails import post_link, user_id_from_token
from discussions.notifications.models import Notification, NotificationSettings, Subscription
from readings.models import Reading, Theme
from readings.progress import progress_by_reading

NOTIFICATIONS_PER_PAGE = 30
FOLLOWED_SHOWN = 50


@login_required
def notification_list(request):
    notifications = (
        Notification.objects.visible_to(request.user)
        .with_unread()
        .select_related("actor", "club", "thread__anchor_chapter")
        .order_by("-is_unread", "-created_at", "-pk")
    )
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    progress = progress_by_reading(request.user, reading_ids={n.thread.reading_id for n in rows})
    gate_threads([n.thread for n in rows], progress, request.user)
    for notification in rows:
        notification.title_gated = notification.thread.gated
        notification.url = post_link(notification)
    return render(
        request,
        "discussions/notification_list.html",
        {"page": page, "notifications": rows},
    )


@require_POST
@login_required
def notification_mark_read(request, notification_id: int):
    if not services.mark_notification_read(user=request.user, notification_id=notification_id):
        raise Http404("No such notification")
    return HttpResponseRedirect(safe_next_url(request, reverse("notifications:list")))


@require_POST
@login_required
def notification_mark_all_read(request):
    count = services.mark_all_notifications_read(user=request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return redirect("notifications:list")


class EmailSettingsForm(ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["direct_email", "following_email"]
        help_texts = {
            "direct_email": "When someone @mentions you or replies to one of your posts.",
            "following_email": "New posts in threads you follow (you follow the threads you "
            "start or post in) and new threads in themes you follow.",
        }


def _followed(user):
    threads = list(
        Subscription.objects.filter(user=user, thread__isnull=False, is_following=True)
        .filter(thread__club__memberships__user=user, thread__club__memberships__status="active")
        .select_related("thread__club")
        .order_by("-created_at")[:FOLLOWED_SHOWN]
    )
    themes = list(
        Subscription.objects.filter(user=user, theme__isnull=False)
        .filter(reading__club__memberships__user=user, reading__club__memberships__status="active")
        .select_related("theme", "reading__club", "reading__book")
        .order_by("-created_at")[:FOLLOWED_SHOWN]
    )
    return threads, themes


@login_required
def notification_settings(request):
    current = services.email_settings(request.user)
    form = EmailSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.save_email_settings(
            user=request.user,
            direct_email=form.cleaned_data["direct_email"],
            following_email=form.cleaned_data["following_email"],
        )
        messages.success(request, "Your notification settings are saved.")
        return redirect("notification_settings:edit")
    threads, themes = _followed(request.user)
    return render(
        request,
        "discussions/notification_settings.html",
        {"form": form, "followed_threads": threads, "followed_themes": themes},
        status=400 if form.errors else 200,
    )


@csrf_exempt  # mail clients send the one-click POST (RFC 8058) without a session or token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET shows a confirmation button; POST (the button, or a mail client's one-click) turns
    every notification email off. The signed token is the credential: no login needed."""
    try:
        user_id = user_id_from_token(token)
    except signing.BadSignature:
        return render(request, "discussions/unsubscribe_invalid.html", status=400)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Http404("No such account")
    if request.method == "POST":
        services.turn_off_emails(user=user)
        return render(request, "discussions/unsubscribe_done.html", {"person": user})
    return render(request, "discussions/unsubscribe_confirm.html", {"token": token})


# Follow buttons, under the club prefix.


@club_view(permission=permissions.can_participate)
@require_POST
def thread_follow(request, access, thread_id: int):
    thread = get_object_or_404(
        Thread.objects.select_related("club"), pk=thread_id, club=access.club
    )
    following = request.POST.get("follow") == "1"
    services.set_thread_following(actor=access.membership, thread=thread, following=following)
    messages.success(
        request,
        "You follow this thread: you will be told about new posts."
        if following
        else "You no longer follow this thread. Mentions and replies still reach you.",
    )
    return HttpResponseRedirect(safe_next_url(request, thread.get_absolute_url()))


@club_view(permission=permissions.can_participate)
@require_POST
def theme_follow(request, access, reading_id: int, theme_slug: str):
    reading = get_object_or_404(
        Reading.objects.select_related("club"), pk=reading_id, club=access.club
    )
    theme = Theme.objects.filter(
        Q(reading__isnull=True, book_id=reading.book_id) | Q(reading=reading), slug=theme_slug
    ).first()
    if theme is None:
        raise Http404("No such theme")
    following = request.POST.get("follow") == "1"
    try:
        services.set_theme_following(
            actor=access.membership, reading=reading, theme=theme, following=following
        )
    except ValidationError:
        raise Http404("No such theme") from None
    messages.success(
        request,
        f"You follow “{theme.name}”: you will be told about new threads in it."
        if following
        else f"You no longer follow “{theme.name}”.",
    )
    default = reverse(
        "discussions:thread-list-theme",
        kwargs={"club_slug": access.club.slug, "reading_id": reading.pk, "theme_slug": theme.slug},
    )
    return HttpResponseRedirect(safe_next_url(request, default))
