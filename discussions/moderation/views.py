"""Reporting posts, the club's moderation queue, its audit log, and blocking an author."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bookclub.accounts import services as accounts
from bookclub.clubs import permissions
from bookclub.clubs.access import club_view
from discussions.models import Post, Thread
from discussions.moderation import actions
from discussions.moderation.forms import DecisionForm, MoveThreadForm, ReasonForm, ReportForm
from discussions.moderation.models import Report
from readings.models import Chapter, Theme

REPORTS_PER_PAGE = 20
LOG_PER_PAGE = 50


def _post(access, post_id: int) -> Post:
    posts = Post.objects.select_related("thread__club", "author")
    post = get_object_or_404(posts, pk=post_id, thread__club=access.club)
    post.thread.club = access.club
    return post


def _errors(error: ValidationError | PermissionDenied) -> list[str]:
    return error.messages if isinstance(error, ValidationError) else [str(error)]


@club_view(permission=permissions.can_participate)
def post_report(request, access, post_id: int):
    post = _post(access, post_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.report_post(
                actor=access.membership,
                post=post,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(
                request, "Thank you. The moderators will look at this post; you will hear back."
            )
            return redirect(post.get_permalink(access.club.slug, post.thread))
    return render(
        request,
        "discussions/post_report.html",
        {"access": access, "club": access.club, "post": post, "form": form},
        status=400 if form.errors else 200,
    )


@club_view(permission=permissions.can_participate)
def post_block_author(request, access, post_id: int):
    """Block from a post: their posts collapse for you; they are not told."""
    post = _post(access, post_id)
    if post.author is None or post.author_id == request.user.pk:
        raise PermissionDenied("You cannot block this author.")
    if request.method == "POST":
        accounts.block_user(blocker=request.user, blocked=post.author)
        messages.success(
            request, f"You blocked {post.author}. Manage blocks in Settings → Privacy and safety."
        )
        return redirect(post.get_permalink(access.club.slug, post.thread))
    return render(
        request,
        "clubs/block_confirm.html",
        {"access": access, "club": access.club, "person": post.author},
    )


@club_view(permission=permissions.can_moderate)
def moderation_queue(request, access):
    reports = (
        Report.objects.in_club(access.club)
        .open()
        .select_related("post__thread", "post__author", "reporter")
    )
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "discussions/moderation_queue.html",
        {
            "access": access,
            "club": access.club,
            "page": page,
            "reports": page.object_list,
            "form": DecisionForm(),
        },
    )


@club_view(permission=permissions.can_moderate)
@require_POST
def report_decide(request, access, report_id: int):
    report = get_object_or_404(Report.objects.in_club(access.club), pk=report_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.handle_report(
                actor=access.membership,
                report=report,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                mute_for=form.mute_for(),
            )
        except (ValidationError, PermissionDenied) as error:
            for message in _errors(error):
                messages.error(request, message)
        else:
            messages.success(request, "Report handled; the reporter is told it was reviewed.")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("moderation:queue", club_slug=access.club.slug)


@club_view(permission=permissions.can_moderate)
def post_hide(request, access, post_id: int):
    """Hide or restore a post, with a reason."""
    post = _post(access, post_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = actions.restore_post if post.is_hidden else actions.hide_post
        action(actor=access.membership, post=post, reason=form.cleaned_data["reason"])
        messages.success(request, "Post restored." if post.is_hidden else "Post hidden.")
        return redirect(post.get_permalink(access.club.slug, post.thread))
    return render(
        request,
        "discussions/post_hide.html",
        {"access": access, "club": access.club, "post": post, "form": form},
        status=400 if form.errors else 200,
    )


def _places(thread: Thread) -> list[tuple[str, str]]:
    themes = Theme.objects.filter(book_id=thread.reading.book_id, reading__isnull=True) | (
        Theme.objects.filter(reading=thread.reading)
    )
    chapters = Chapter.objects.filter(book_id=thread.reading.book_id).order_by("position")
    return (
        [("general", "General discussion")]
        + [(f"theme:{t.slug}", f"Theme: {t.name}") for t in themes.order_by("position", "name")]
        + [(f"chapter:{c.position}", f"Chapter thread: {c}") for c in chapters]
    )


# Each flag: the service that sets it (checked and audited), the thread's field, and
# the message once set and once cleared.
_FLAGS = {
    "pin": (actions.pin_thread, "pinned", "is_pinned", "Thread pinned.", "Thread unpinned."),
    "lock": (actions.lock_thread, "locked", "is_locked", "Thread locked.", "Thread unlocked."),
}


@club_view(permission=permissions.can_moderate)
def thread_moderate(request, access, thread_id: int):
    """Pin or unpin, lock or unlock, or move a thread, each with a reason."""
    thread = get_object_or_404(
        Thread.objects.select_related("reading", "theme", "chapter"), pk=thread_id, club=access.club
    )
    thread.club = access.club
    action = request.POST.get("action")
    flag_forms = {name: ReasonForm(request.POST if action == name else None) for name in _FLAGS}
    move_form = MoveThreadForm(request.POST if action == "move" else None, places=_places(thread))
    if request.method == "POST":
        try:
            if action in _FLAGS and flag_forms[action].is_valid():
                service, keyword, field, done, undone = _FLAGS[action]
                value = not getattr(thread, field)
                service(
                    actor=access.membership,
                    thread=thread,
                    reason=flag_forms[action].cleaned_data["reason"],
                    **{keyword: value},
                )
                messages.success(request, done if value else undone)
                return redirect(thread.get_absolute_url())
            if move_form.is_bound and move_form.is_valid():
                actions.move_thread(
                    actor=access.membership,
                    thread=thread,
                    place=move_form.cleaned_data["place"],
                    reason=move_form.cleaned_data["reason"],
                )
                messages.success(request, "Thread moved.")
                return redirect(thread.get_absolute_url())
        except ValidationError as error:
            (flag_forms.get(action) or move_form).add_error(None, error)
    bound = action in _FLAGS or action == "move"
    return render(
        request,
        "discussions/thread_moderate.html",
        {
            "access": access,
            "club": access.club,
            "thread": thread,
            "pin_form": flag_forms["pin"],
            "lock_form": flag_forms["lock"],
            "move_form": move_form,
        },
        status=400 if bound else 200,
    )


@club_view(permission=permissions.can_manage_club)
def audit_log(request, access):
    entries = access.club.audit_log.all()
    page = Paginator(entries, LOG_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "discussions/audit_log.html",
        {"access": access, "club": access.club, "page": page, "entries": page.object_list},
    )


def moderation_link_visible(access) -> bool:
    return access.can_moderate


def queue_url(club) -> str:
    return reverse("moderation:queue", kwargs={"club_slug": club.slug})
