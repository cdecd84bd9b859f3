"""Starting a thread and reading one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bookclub.clubs import permissions
from bookclub.clubs.access import club_view
from discussions import services
from discussions.anchors import anchor_choices
from discussions.forms import ThreadForm
from discussions.gating import gate_posts
from discussions.models import Post, Thread
from discussions.thread_page import ThreadPage
from discussions.views.lookup import (
    page_number,
    reading_in_club,
    themes_of,
    thread_in_club,
)
from readings.models import ScheduleEntry
from readings.progress import progress_position
from readings.zones import club_today

# Starting threads


def _places(reading, themes, chapters) -> list[tuple[str, str]]:
    return (
        [("general", "General discussion")]
        + [(f"theme:{theme.slug}", f"Theme: {theme.name}") for theme in themes]
        + [(f"chapter:{chapter.position}", f"Chapter thread: {chapter}") for chapter in chapters]
    )


@club_view(permission=permissions.can_start_thread)
def thread_create(request, access, reading_id: int):
    reading = reading_in_club(access, reading_id)
    themes = list(themes_of(reading).order_by("position", "name"))
    progress = progress_position(reading, request.user)
    chapters, default = anchor_choices(reading, club_today(access.club), progress=progress)
    places = _places(reading, themes, chapters)
    form_kwargs = {"places": places, "chapters": chapters, "default_anchor": default}
    if request.method == "POST":
        form = ThreadForm(request.POST, **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data
            kind, _, key = data["place"].partition(":")
            theme = next((t for t in themes if kind == "theme" and t.slug == key), None)
            chapter = next(
                (c for c in chapters if kind == "chapter" and str(c.position) == key), None
            )
            try:
                thread = services.create_thread(
                    actor=access.membership,
                    reading=reading,
                    title=data["title"],
                    body=data["body"],
                    theme=theme,
                    chapter=chapter,
                    anchor_chapter=data.get("anchor_chapter"),
                    content_warning=data["content_warning"],
                    idempotency_key=data["idempotency_key"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(thread.get_absolute_url())
    else:
        form = ThreadForm(initial={"place": request.GET.get("place", "general")}, **form_kwargs)
    return render(
        request,
        "discussions/thread_form.html",
        {"access": access, "club": access.club, "reading": reading, "form": form},
        status=400 if form.errors else 200,
    )


@club_view(permission=permissions.can_start_thread)
@require_POST
def thread_from_prompt(request, access, reading_id: int, entry_id: int, index: int):
    reading = reading_in_club(access, reading_id)
    entry = get_object_or_404(
        ScheduleEntry.objects.select_related("reading__club", "first_chapter", "last_chapter"),
        pk=entry_id,
        reading=reading,
    )
    try:
        thread = services.open_prompt_thread(actor=access.membership, entry=entry, index=index)
    except ValidationError:
        raise Http404("No such prompt") from None
    return redirect(thread.get_absolute_url())


# A thread


def reply_form_options(thread: Thread, access, user):
    """Chapters to anchor a reply by `user` to (none for chapter threads, which anchor
    themselves), and the default."""
    if thread.kind == Thread.Kind.CHAPTER:
        return None, None
    progress = progress_position(thread.reading, user)
    return anchor_choices(thread.reading, club_today(access.club), progress=progress)


def replyable(access, thread: Thread):
    """Posts of the thread a reply may quote or point back to."""
    return Post.objects.readable_by(access.club, access.membership).filter(thread=thread)


def _quote_initial(request, access, thread: Thread, progress: int) -> dict:
    """`?quote=<id>` prefills a `>` quote; `?reply_to=<id>` only links the reply back."""
    quote_id = request.GET.get("quote", "")
    reply_id = request.GET.get("reply_to", "")
    if not quote_id.isdecimal():  # isdigit() also takes "²", which int() refuses
        number = None
        if reply_id.isdecimal():
            replied = replyable(access, thread).filter(pk=int(reply_id))
            number = replied.values_list("number", flat=True).first()
        return {"reply_to": int(reply_id), "reply_to_number": number} if number else {}
    quoted = (
        replyable(access, thread)
        .select_related("author", "anchor_chapter")
        .filter(pk=int(quote_id))
        .first()
    )
    if quoted is None:
        return {}
    # The post's id links the reply; readers know the post by its number in the thread.
    initial = {"reply_to": quoted.pk, "reply_to_number": quoted.number}
    gate_posts([quoted], progress, request.user)
    if not quoted.gated:
        name = quoted.author.display_name if quoted.author else "A former member"
        quoted_lines = "\n".join(f"> {line}" for line in quoted.body.splitlines())
        initial["body"] = f"@{name} wrote:\n{quoted_lines}\n\n"
    return initial


def render_thread_page(
    request, page: ThreadPage, *, form=None, partial: bool = False, status: int = 200
):
    """The thread page (`partial`: its post list, for htmx), which marks it read."""
    context = page.context(request, form)
    if form is None and page.can_post:
        context["form"] = page.reply_form(
            _quote_initial(request, page.access, page.thread, page.progress)
        )
    elif form is not None:
        context["can_post"] = True  # the refused draft stays on the page with the reason
    page.record_reading()
    template = "discussions/thread_detail.html" + ("#post-list" if partial else "")
    return render(request, template, context, status=status)


@club_view()
def thread_detail(request, access, thread_id: int, slug: str):
    page = ThreadPage(access, thread_id, page_number(request))
    if slug != page.thread.slug:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(page.thread_url + query, permanent=True)
    return render_thread_page(request, page)


@club_view(permission=permissions.can_participate)
def thread_first_unread(request, access, thread_id: int):
    thread = thread_in_club(access, thread_id)
    state = thread.read_states.filter(user=request.user).first()
    last_read = state.last_read_number if state else 0
    first_unread = (
        thread.posts.not_deleted()
        .filter(number__gt=last_read)
        .order_by("number")
        .values_list("number", flat=True)
        .first()
    )
    return redirect(thread.post_url(first_unread or thread.last_post_number))
