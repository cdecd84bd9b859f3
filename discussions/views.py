from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_POST

from bookclub.clubs import permissions
from bookclub.clubs.access import club_view
from bookclub.views import DATABASE_UNAVAILABLE
from discussions import services
from discussions.anchors import anchor_choices
from discussions.forms import EditPostForm, PostForm, SearchForm, ThreadForm
from discussions.gating import gate_posts, gate_posts_with_titles, gate_threads
from discussions.models import Post, Reaction, Thread
from discussions.notifications.fanout import thread_followed_by
from discussions.querysets import HIGHLIGHT_START, HIGHLIGHT_STOP, SEARCH_CANDIDATES
from discussions.thread_page import ThreadPage, reaction_rows
from readings.models import Chapter, Reading, ScheduleEntry, Theme
from readings.progress import progress_by_reading, progress_position
from readings.schedule import current_entry
from readings.zones import club_today

THREADS_PER_PAGE = 25
SEARCH_RESULTS_PER_PAGE = 20


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# Beyond any real thread; keeps a forged ?page= from overflowing the SQL integer.
MAX_PAGE = 1_000_000


def _page_number(request, last: int | None = None) -> int:
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        number = 1
    number = min(max(1, number), MAX_PAGE)
    return min(number, last) if last else number


def _reading(access, reading_id: int) -> Reading:
    return get_object_or_404(
        Reading.objects.select_related("book"), pk=reading_id, club=access.club
    )


def _thread(access, thread_id: int) -> Thread:
    threads = Thread.objects.in_club(access.club).select_related(
        "reading__book", "theme", "chapter", "anchor_chapter"
    )
    threads = threads.annotate(is_followed=thread_followed_by(access.user))  # follow button
    thread = get_object_or_404(threads, pk=thread_id)
    thread.club = access.club  # already loaded: URLs need its slug
    return thread


def _post(access, post_id: int) -> Post:
    posts = Post.objects.select_related("thread__reading", "anchor_chapter", "author")
    return get_object_or_404(posts, pk=post_id, thread__club=access.club)


def _readable_post(access, post_id: int) -> Post:
    """A post whose text the page will show the viewer; 404 for deleted or hidden ones."""
    posts = Post.objects.readable_by(access.club, access.membership).select_related(
        "thread__reading", "anchor_chapter", "author"
    )
    return get_object_or_404(posts, pk=post_id)


# Thread lists


def _themes_of(reading):
    return Theme.objects.filter(book_id=reading.book_id).filter(
        reading__isnull=True
    ) | Theme.objects.filter(reading=reading)


def _render_list(request, access, reading, threads, *, heading: str, place: str, scope: dict):
    sort = "newest" if request.GET.get("sort") == "newest" else "activity"
    threads = threads.for_list().with_read_state(request.user).sorted_by(sort)
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    progress = progress_position(reading, request.user)
    gated = gate_threads(page.object_list, {reading.pk: progress}, request.user)
    context = {
        "access": access,
        "club": access.club,
        "reading": reading,
        "heading": heading,
        "page": page,
        "threads": page.object_list,
        "gated_count": gated,
        "sort": sort,
        "place": place,
        "scope": scope,
        "can_start": permissions.can_start_thread(access.membership),
    }
    template = "discussions/thread_list.html"
    if _is_htmx(request):
        template += "#thread-list"
    return render(request, template, context)


@club_view()
def thread_index(request, access, reading_id: int):
    """The reading's discussion areas: themes, chapters and general."""
    reading = _reading(access, reading_id)
    themes = list(_themes_of(reading).order_by("position", "name"))
    chapters = list(Chapter.objects.filter(book_id=reading.book_id).order_by("position"))
    recent = list(
        Thread.objects.filter(reading=reading)
        .for_list()
        .with_read_state(request.user)
        .sorted_by("activity")[:10]
    )
    gated = gate_threads(
        recent, {reading.pk: progress_position(reading, request.user)}, request.user
    )
    entries = ScheduleEntry.objects.published().filter(reading=reading).in_book_order()
    entry = current_entry(entries, club_today(access.club))
    return render(
        request,
        "discussions/thread_index.html",
        {
            "entry": entry,
            "prompts": list(enumerate(entry.prompt_list())) if entry else [],
            "access": access,
            "club": access.club,
            "reading": reading,
            "themes": themes,
            "chapters": chapters,
            "threads": recent,
            "gated_count": gated,
            "can_start": permissions.can_start_thread(access.membership),
        },
    )


@club_view()
def thread_list_theme(request, access, reading_id: int, theme_slug: str):
    reading = _reading(access, reading_id)
    theme = _themes_of(reading).filter(slug=theme_slug).first()
    if theme is None:
        raise Http404("No such theme")
    return _render_list(
        request,
        access,
        reading,
        Thread.objects.for_theme(reading, theme),
        heading=theme.name,
        place=f"theme:{theme.slug}",
        scope={"theme": theme.slug},
    )


@club_view()
def thread_list_chapter(request, access, reading_id: int, position: int):
    reading = _reading(access, reading_id)
    chapter = get_object_or_404(Chapter, book_id=reading.book_id, position=position)
    return _render_list(
        request,
        access,
        reading,
        Thread.objects.for_chapter(reading, chapter),
        heading=str(chapter),
        place=f"chapter:{chapter.position}",
        scope={"chapter": chapter.position},
    )


@club_view()
def thread_list_general(request, access, reading_id: int):
    reading = _reading(access, reading_id)
    return _render_list(
        request,
        access,
        reading,
        Thread.objects.general(reading),
        heading="General discussion",
        place="general",
        scope={"general": True},
    )


@club_view(permission=permissions.can_participate)
@require_POST
def thread_mark_all_read(request, access, reading_id: int):
    reading = _reading(access, reading_id)
    threads = Thread.objects.filter(reading=reading)
    target = reverse(
        "discussions:thread-index", kwargs={"club_slug": access.club.slug, "reading_id": reading.pk}
    )
    if theme_slug := request.POST.get("theme"):
        theme = _themes_of(reading).filter(slug=theme_slug).first()
        if theme is None:
            raise Http404("No such theme")
        threads = threads.filter(theme=theme)
        target = reverse(
            "discussions:thread-list-theme",
            kwargs={
                "club_slug": access.club.slug,
                "reading_id": reading.pk,
                "theme_slug": theme.slug,
            },
        )
    elif position := request.POST.get("chapter"):
        if not position.isdigit():
            raise Http404("No such chapter")
        threads = threads.filter(chapter__position=int(position))
        target = reverse(
            "discussions:thread-list-chapter",
            kwargs={
                "club_slug": access.club.slug,
                "reading_id": reading.pk,
                "position": int(position),
            },
        )
    elif request.POST.get("general"):
        threads = threads.filter(kind=Thread.Kind.GENERAL)
        target = reverse(
            "discussions:thread-list-general",
            kwargs={"club_slug": access.club.slug, "reading_id": reading.pk},
        )
    count = services.mark_all_read(user=request.user, threads=threads)
    messages.success(request, f"Marked {count} thread{'s' if count != 1 else ''} read.")
    return redirect(target)


# Starting threads


def _places(reading, themes, chapters) -> list[tuple[str, str]]:
    return (
        [("general", "General discussion")]
        + [(f"theme:{theme.slug}", f"Theme: {theme.name}") for theme in themes]
        + [(f"chapter:{chapter.position}", f"Chapter thread: {chapter}") for chapter in chapters]
    )


@club_view(permission=permissions.can_start_thread)
def thread_create(request, access, reading_id: int):
    reading = _reading(access, reading_id)
    themes = list(_themes_of(reading).order_by("position", "name"))
    chapters, default = anchor_choices(reading, club_today(access.club))
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
                    reading=reading,
                    author=request.user,
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
    reading = _reading(access, reading_id)
    entry = get_object_or_404(
        ScheduleEntry.objects.select_related("reading__club", "first_chapter", "last_chapter"),
        pk=entry_id,
        reading=reading,
    )
    try:
        thread = services.open_prompt_thread(entry=entry, index=index, author=request.user)
    except ValidationError:
        raise Http404("No such prompt") from None
    return redirect(thread.get_absolute_url())


# A thread


def _reply_form_options(thread: Thread, access):
    """Chapters to anchor a reply to (none for chapter threads, which anchor themselves)."""
    if thread.kind == Thread.Kind.CHAPTER:
        return None, None
    return anchor_choices(thread.reading, club_today(access.club))


def _replyable(access, thread: Thread):
    """Posts of the thread a reply may quote or point back to."""
    return Post.objects.readable_by(access.club, access.membership).filter(thread=thread)


def _quote_initial(request, access, thread: Thread, progress: int) -> dict:
    """`?quote=<id>` prefills a `>` quote; `?reply_to=<id>` only links the reply back."""
    quote_id = request.GET.get("quote", "")
    reply_id = request.GET.get("reply_to", "")
    if not quote_id.isdecimal():  # isdigit() also takes "²", which int() refuses
        exists = (
            reply_id.isdecimal() and _replyable(access, thread).filter(pk=int(reply_id)).exists()
        )
        return {"reply_to": int(reply_id)} if exists else {}
    quoted = (
        _replyable(access, thread)
        .select_related("author", "anchor_chapter")
        .filter(pk=int(quote_id))
        .first()
    )
    if quoted is None:
        return {}
    initial = {"reply_to": quoted.pk}
    gate_posts([quoted], progress, request.user)
    if not quoted.gated:
        name = quoted.author.display_name if quoted.author else "A former member"
        quoted_lines = "\n".join(f"> {line}" for line in quoted.body.splitlines())
        initial["body"] = f"@{name} wrote:\n{quoted_lines}\n\n"
    return initial


def _render_thread_page(
    request, page: ThreadPage, *, form=None, partial: bool = False, status: int = 200
):
    """The thread page (`partial`: its post list, for htmx), which marks it read."""
    context = page.context(form)
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
    page = ThreadPage(access, thread_id, _page_number(request))
    if slug != page.thread.slug:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(page.thread_url + query, permanent=True)
    return _render_thread_page(request, page)


@club_view(permission=permissions.can_participate)
def thread_first_unread(request, access, thread_id: int):
    thread = _thread(access, thread_id)
    state = thread.read_states.filter(user=request.user).first()
    last_read = state.last_read_number if state else 0
    first_unread = (
        thread.posts.not_deleted()
        .filter(number__gt=last_read)
        .order_by("number")
        .values_list("number", flat=True)
        .first()
    )
    return redirect(_post_url(thread, first_unread or thread.last_post_number))


@club_view(permission=permissions.can_participate)
@require_POST
def post_create(request, access, thread_id: int):
    thread = _thread(access, thread_id)
    chapters, default = _reply_form_options(thread, access)
    form = PostForm(request.POST, chapters=chapters, default_anchor=default)
    if form.is_valid():
        data = form.cleaned_data
        reply_to = None
        if data.get("reply_to"):
            reply_to = _replyable(access, thread).filter(pk=data["reply_to"]).first()
        try:
            post = services.create_post(
                thread=thread,
                author=request.user,
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
            post_url = _post_url(thread, post.number)
            if _is_htmx(request):
                return _post_list_or_reload(request, access, thread, post.number, post_url)
            return redirect(post_url)
    # Bad input: the thread's last page with the draft and the reason.
    page = ThreadPage(access, thread.pk, thread.page_count)
    if _is_htmx(request):
        return _render_thread_page(request, page, form=form, partial=True)
    return _render_thread_page(request, page, form=form, status=400)


def _post_list_or_reload(request, access, thread: Thread, number: int, post_url: str):
    """The updated post list for htmx; if the database is away, tell htmx to load the page."""
    try:
        page = ThreadPage(access, thread.pk, thread.page_of(number))
        response = _render_thread_page(request, page, partial=True)
    except DATABASE_UNAVAILABLE:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = post_url
        return response
    response["HX-Push-Url"] = post_url
    return response


def _post_url(thread: Thread, number: int) -> str:
    return thread.post_url(number)


# Posts


@club_view()
def post_detail(request, access, post_id: int):
    """A stable link to a post: sends you to the page it is on."""
    post = _post(access, post_id)
    thread = Thread.objects.select_related("club").get(pk=post.thread_id)
    return redirect(_post_url(thread, post.number))


@club_view(permission=permissions.can_participate)
def post_edit(request, access, post_id: int):
    post = _readable_post(access, post_id)
    if not permissions.can_edit_post(access.membership, post):
        raise PermissionDenied("Only the author can edit this post.")
    thread = Thread.objects.select_related("club", "reading").get(pk=post.thread_id)
    chapters, default = _reply_form_options(thread, access)
    if request.method == "POST":
        form = EditPostForm(request.POST, chapters=chapters)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.edit_post(
                    post=post,
                    editor=request.user,
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
                return redirect(_post_url(thread, post.number))
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
    post = _post(access, post_id)
    if not permissions.can_delete_post(access.membership, post):
        raise PermissionDenied("You cannot delete this post.")
    thread = Thread.objects.select_related("club").get(pk=post.thread_id)
    if request.method == "POST":
        services.delete_post(post=post, actor=request.user)
        messages.success(request, "Post deleted.")
        return redirect(_post_url(thread, post.number))
    return render(
        request,
        "discussions/post_confirm_delete.html",
        {"access": access, "club": access.club, "thread": thread, "post": post},
    )


@club_view(permission=permissions.can_react)
@require_POST
def post_react(request, access, post_id: int):
    post = _post(access, post_id)
    thread = Thread.objects.select_related("club").get(pk=post.thread_id)
    kind = request.POST.get("kind", "")
    if kind not in Reaction.Kind.values or post.is_deleted:
        messages.error(request, "That reaction is not available on this post.")
        return redirect(_post_url(thread, post.number))
    post = services.toggle_reaction(post=post, user=request.user, kind=kind)
    if _is_htmx(request):
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
    return redirect(_post_url(thread, post.number))


@club_view(permission=permissions.can_view_revisions)
def post_revisions(request, access, post_id: int):
    post = _post(access, post_id)
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


# Search


def _snippet_html(headline: str) -> str:
    return (
        escape(headline)
        .replace(escape(HIGHLIGHT_START), "<mark>")
        .replace(escape(HIGHLIGHT_STOP), "</mark>")
        .replace(HIGHLIGHT_START, "<mark>")
        .replace(HIGHLIGHT_STOP, "</mark>")
    )


@club_view()
def thread_search(request, access):
    form = SearchForm(request.GET or None)
    context = {"access": access, "club": access.club, "form": form, "query": ""}
    if form.is_valid() and form.cleaned_data["q"].strip():
        text = form.cleaned_data["q"].strip()
        progress = progress_by_reading(request.user, club=access.club)
        titles = list(
            Thread.objects.in_club(access.club)
            .search(text)
            .for_list()
            .order_by("-last_post_at")[:5]
        )
        gated_threads = gate_threads(titles, progress, request.user)
        ranked = Post.objects.search_ranked_ids(access.club, access.membership, text)
        page = Paginator(ranked, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        shown = Post.objects.filter(pk__in=page.object_list).with_headlines(text).in_bulk()
        results = [shown[pk] for pk in page.object_list if pk in shown]
        gated = gate_posts_with_titles(results, progress, request.user)
        for post in results:
            post.thread.club = access.club
            post.snippet = (
                "" if post.gated or post.content_warning else _snippet_html(post.headline)
            )
            post.url = _post_url(post.thread, post.number)
        context.update(
            query=text,
            threads=titles,
            gated_thread_count=gated_threads,
            page=page,
            results=results,
            results_capped=page.paginator.count >= SEARCH_CANDIDATES,
            gated_count=gated,
        )
    elif form.is_bound and form.errors:
        return render(request, "discussions/search.html", context, status=400)
    return render(request, "discussions/search.html", context)
