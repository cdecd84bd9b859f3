"""Replying, editing, deleting, reacting to posts and their revisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bookclub.clubs import permissions
from bookclub.clubs.access import club_view
from bookclub.views import DATABASE_UNAVAILABLE
from discussions import services
from discussions.forms import EditPostForm, PostForm
from discussions.models import Reaction, Thread
from discussions.thread_page import ThreadPage, reaction_rows
from discussions.views.lookup import (
    is_htmx,
    post_in_club,
    readable_post_in_club,
    thread_in_club,
)
from discussions.views.threads import render_thread_page, reply_form_options, replyable


@club_view(permission=permissions.can_participate)
@require_POST
def post_create(request, access, thread_id: int):
    thread = thread_in_club(access, thread_id)
    chapters, default = reply_form_options(thread, access, request.user)
    form = PostForm(request.POST, chapters=chapters, default_anchor=default)
    if form.is_valid():
        data = form.cleaned_data
        reply_to = None
        if data.get("reply_to"):
            reply_to = replyable(access, thread).filter(pk=data["reply_to"]).first()
        try:
            post = services.create_post(
                actor=access.membership,
                thread=thread,
                body=data["body"],
                anchor_chapter=data.get("anchor_chapter"),
                content_warning=data["content_warning"],
                reply_to=reply_to,
                idempotency_key=data["idempotency_key"],
            )
        except (PermissionDenied, ValidationError) as error:
            form.add_error(
                None, error.messages if isinstance(error, ValidationError) else str(error)
            )
        else:
            for name in getattr(post, "unknown_mentions", []):
                messages.info(
                    request, f"Nobody in this club is called “@{name}”; it was left as plain text."
                )
            # The post is committed: the answer needs no further read, or an outage now
            # would answer a saved post with an error.
            post_url = thread.post_url(post.number)
            if is_htmx(request):
                return _post_list_or_reload(request, access, thread, post.number, post_url)
            return redirect(post_url)
    # Bad input: the thread's last page with the draft and the reason.
    page = ThreadPage(access, thread.pk, thread.page_count)
    if is_htmx(request):
        return render_thread_page(request, page, form=form, partial=True)
    return render_thread_page(request, page, form=form, status=400)


def _post_list_or_reload(request, access, thread: Thread, number: int, post_url: str):
    """The updated post list for htmx; if the database is away, tell htmx to load the page."""
    try:
        page = ThreadPage(access, thread.pk, thread.page_of(number))
        response = render_thread_page(request, page, partial=True)
    except DATABASE_UNAVAILABLE:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = post_url
        return response
    response["HX-Push-Url"] = post_url
    return response


@club_view()
def post_detail(request, access, post_id: int):
    """A stable link to a post: sends you to the page it is on."""
    post = post_in_club(access, post_id)
    thread = Thread.objects.select_related("club").get(pk=post.thread_id)
    return redirect(thread.post_url(post.number))


@club_view(permission=permissions.can_participate)
def post_edit(request, access, post_id: int):
    post = readable_post_in_club(access, post_id)
    if not permissions.can_edit_post(access.membership, post):
        raise PermissionDenied("Only the author can edit this post.")
    thread = Thread.objects.select_related("club", "reading").get(pk=post.thread_id)
    chapters, default = reply_form_options(thread, access, request.user)
    if request.method == "POST":
        form = EditPostForm(request.POST, chapters=chapters)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.edit_post(
                    actor=access.membership,
                    post=post,
                    body=data["body"],
                    version=data["version"],
                    anchor_chapter=data.get("anchor_chapter"),
                    content_warning=data["content_warning"],
                )
            except (PermissionDenied, ValidationError) as error:
                form.add_error(
                    None, error.messages if isinstance(error, ValidationError) else str(error)
                )
            else:
                messages.success(request, "Post updated.")
                return redirect(thread.post_url(post.number))
    else:
        form = EditPostForm(
            chapters=chapters,
            initial={
                "body": post.body,
                "anchor_chapter": post.anchor_chapter_id,
                "content_warning": post.content_warning,
                "version": post.version,
            },
        )
    return render(
        request,
        "discussions/post_form.html",
        {"access": access, "club": access.club, "thread": thread, "post": post, "form": form},
        status=400 if form.errors else 200,
    )


@club_view(permission=permissions.can_participate)
def post_delete(request, access, post_id: int):
    post = post_in_club(access, post_id)
    if not permissions.can_delete_post(access.membership, post):
        raise PermissionDenied("You cannot delete this post.")
    thread = Thread.objects.select_related("club").get(pk=post.thread_id)
    if request.method == "POST":
        services.delete_post(actor=access.membership, post=post)
        messages.success(request, "Post deleted.")
        return redirect(thread.post_url(post.number))
    return render(
        request,
        "discussions/post_confirm_delete.html",
        {"access": access, "club": access.club, "thread": thread, "post": post},
    )


@club_view(permission=permissions.can_react)
@require_POST
def post_react(request, access, post_id: int):
    post = post_in_club(access, post_id)
    thread = Thread.objects.select_related("club").get(pk=post.thread_id)
    kind = request.POST.get("kind", "")
    if kind not in Reaction.Kind.values or post.is_deleted:
        messages.error(request, "That reaction is not available on this post.")
        return redirect(thread.post_url(post.number))
    post = services.toggle_reaction(actor=access.membership, post=post, kind=kind)
    if is_htmx(request):
        post.my_reactions = list(
            Reaction.objects.filter(post=post, user=request.user).values_list("kind", flat=True)
        )
        post.reactions_shown = reaction_rows(post)
        post.urls = {"react": reverse("discussions:post-react", args=[access.club.slug, post.pk])}
        return render(
            request,
            "discussions/_post.html#reactions",
            {"post": post, "club": access.club, "reactions_enabled": True},
        )
    return redirect(thread.post_url(post.number))


@club_view(permission=permissions.can_view_revisions)
def post_revisions(request, access, post_id: int):
    post = post_in_club(access, post_id)
    thread = Thread.objects.select_related("club").get(pk=post.thread_id)
    revisions = post.revisions.select_related("anchor_chapter", "replaced_by")
    return render(
        request,
        "discussions/post_revisions.html",
        {
            "access": access,
            "club": access.club,
            "thread": thread,
            "post": post,
            "revisions": revisions,
        },
    )
