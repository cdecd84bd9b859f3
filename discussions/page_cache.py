"""The post list of a thread page, rendered once and kept in each web process.

An entry's key is the page's stamp (querysets.page_stamp: every column the list shows of
every post on the page, computed by the database in the query that loads the thread) plus
every bit that differs between viewers: which posts are collapsed for them, which they may
edit or delete, which reactions they pressed, the page-level permissions and their time zone.
Whatever changes what the list shows changes the key, so stale HTML is never served and no
write has to remember to invalidate anything. Because the key is read from the database on
every request, a process's cache is only a shortcut: any process serves any request
correctly, and a cold or evicted entry costs a render (DESIGN.md, "Growing past one machine").

CSRF tokens and reply forms' idempotency keys are never cached: fragments and pages hold
placeholders, replaced per request by `fill_request_values`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince

from bookclub.clubs import permissions
from bookclub.lru import LRUCache
from discussions.gating import is_gated_at
from discussions.models import Post, Reaction

# Sized for a few hundred hot pages per process (an entry is about 30 kB of HTML).
PAGE_POSTS_ENTRIES = 4096
PAGE_HTML_ENTRIES = 512

_CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
CSRF_PLACEHOLDER = "csrf-token-rendered-per-request"
_CSRF_PLACEHOLDER_INPUT = format_html(_CSRF_INPUT, CSRF_PLACEHOLDER)


@dataclass(frozen=True)
class PostFacts:
    """What viewer-dependent bits of one post are computed from (permissions take it as a post)."""

    number: int
    author_id: int | None
    anchor_position: int | None
    is_deleted: bool


@dataclass
class PostList:
    html: SafeString
    gated_count: int
    last_number: int | None
    key: tuple


# (thread id, page, size, stamp) -> tuple of PostFacts, and full key -> HTML.
page_posts = LRUCache(PAGE_POSTS_ENTRIES)
page_html = LRUCache(PAGE_HTML_ENTRIES)
# (thread id, page, size, stamp, what the viewer's bits depend on) -> `_viewer_bits`.
viewer_bits = LRUCache(PAGE_POSTS_ENTRIES)


def clear() -> None:
    page_posts.clear()
    page_html.clear()
    viewer_bits.clear()
    thread_pages.clear()
    thread_rows_html.clear()
    form_fields_html.clear()


def reaction_rows(post) -> list[dict]:
    mine = set(getattr(post, "my_reactions", None) or [])
    return [
        {
            "kind": kind,
            "emoji": emoji,
            "count": post.reaction_counts.get(kind, 0),
            "mine": kind in mine,
        }
        for kind, emoji in Reaction.Kind.choices
    ]


def my_reactions_by_number(marks) -> dict[int, tuple[str, ...]]:
    """["12:like", ...] (discussions.thread_page) -> {12: ("like",), ...}."""
    found: dict[int, list[str]] = {}
    for mark in marks or ():
        number, _, kind = mark.partition(":")
        found.setdefault(int(number), []).append(kind)
    return {number: tuple(sorted(kinds)) for number, kinds in found.items()}


def _facts(post) -> PostFacts:
    return PostFacts(
        number=post.number,
        author_id=post.author_id,
        anchor_position=post.anchor_chapter.position if post.anchor_chapter_id else None,
        is_deleted=post.is_deleted,
    )


def _viewer_bits(
    facts, *, progress: int, viewer_id, membership, my_reactions, blocked_ids
) -> tuple:
    """Per post: (collapsed for this viewer, may edit, may delete, reactions pressed,
    written by someone the viewer blocked)."""
    return tuple(
        (
            not fact.is_deleted
            and is_gated_at(fact.anchor_position, progress, viewer_id, fact.author_id),
            permissions.can_edit_post(membership, fact),
            permissions.can_delete_post(membership, fact),
            my_reactions.get(fact.number, ()),
            fact.author_id is not None and fact.author_id in blocked_ids,
        )
        for fact in facts
    )


def _load(thread, page: int, size: int) -> tuple[list, str | None, tuple]:
    posts = list(Post.objects.for_page_render(thread, page, size))
    stamp = posts[0].page_stamp if posts else None
    facts = tuple(_facts(post) for post in posts)
    page_posts.set((thread.pk, page, size, stamp), facts)
    return posts, stamp, facts


def _frozen(value):
    if isinstance(value, set | frozenset):
        return frozenset(value)
    if isinstance(value, list | tuple):
        return tuple(value)
    return value


def _render(posts, bits, context: dict) -> str:
    thread_url = context["thread_url"]
    thread = context["thread"]
    for post, (gated, can_edit, can_delete, mine, blocked) in zip(posts, bits, strict=True):
        post.gated, post.can_edit, post.can_delete = gated, can_edit, can_delete
        post.by_blocked = blocked
        post.my_reactions = list(mine)
        post.reactions_shown = reaction_rows(post)
        if post.reply_to_number:
            reply_page = thread.page_of(post.reply_to_number)
            query = f"?page={reply_page}" if reply_page > 1 else ""
            post.reply_to_url = f"{thread_url}{query}#post-{post.reply_to_number}"
    return render_to_string(
        "discussions/_post_list_items.html",
        {**context, "posts": posts, "csrf_token": CSRF_PLACEHOLDER},
    )


def post_list(
    request,
    *,
    thread,
    page: int,
    size: int,
    stamp: str | None,
    progress: int,
    membership,
    my_reactions: dict[int, tuple[str, ...]],
    blocked_ids: frozenset[int] = frozenset(),
    context: dict,
) -> PostList:
    """The rendered posts of `page`, from the cache when this viewer's version is there.

    Forms in the HTML carry a placeholder for the CSRF token: see `fill_request_values`.

    `stamp` is the page's stamp read with the thread (None when unknown). `context` holds
    every page-level value the fragment may show: `thread`, `club` and `thread_url` are
    required; every other value (hashable, or a list or set) becomes part of the key, so a
    per-viewer value added here can never leak from one viewer's HTML to another's.
    """
    viewer_id = request.user.pk if request.user.is_authenticated else None
    posts = None
    facts = page_posts.get((thread.pk, page, size, stamp)) if stamp is not None else None
    if facts is None:
        posts, stamp, facts = _load(thread, page, size)

    # Everything else the fragment sees is in `context`, so it is all part of the key.
    shown = tuple(
        (name, _frozen(value))
        for name, value in sorted(context.items())
        if name not in ("thread", "club")
    )
    flags = (context["club"].slug, timezone.get_current_timezone_name(), shown)

    # The facts are the stamp's, so these and the stamp decide the bits.
    reactions = tuple(sorted(my_reactions.items()))
    viewer = (progress, viewer_id, row_state(membership), reactions, blocked_ids)

    def key_for(facts, stamp):
        bits = viewer_bits.get((thread.pk, page, size, stamp, viewer))
        if bits is None:
            bits = _viewer_bits(
                facts,
                progress=progress,
                viewer_id=viewer_id,
                membership=membership,
                my_reactions=my_reactions,
                blocked_ids=blocked_ids,
            )
            viewer_bits.set((thread.pk, page, size, stamp, viewer), bits)
        return bits, (thread.pk, page, size, stamp, bits, flags)

    bits, key = key_for(facts, stamp)
    html = page_html.get(key)
    if html is None:
        if posts is None:
            posts, fresh_stamp, facts = _load(thread, page, size)
            if fresh_stamp != stamp:  # changed since the thread was read: show the newer rows
                bits, key = key_for(facts, fresh_stamp)
        html = _render(posts, bits, context)
        page_html.set(key, html)
    return PostList(
        html=mark_safe(html),  # noqa: S308  (rendered by the template engine, autoescaped)
        gated_count=sum(1 for bit in bits if bit[0]),
        last_number=facts[-1].number if facts else None,
        key=key,
    )


def row_state(*objects) -> tuple:
    """Every column of the given rows (None stays None): a key part that any change alters."""
    return tuple(
        obj and tuple(getattr(obj, field.attname) for field in obj._meta.concrete_fields)
        for obj in objects
    )


# Whole thread pages: (post list key, row_state of what the rest shows, the viewer's own
# values) -> UTF-8 HTML with placeholders.
thread_pages = LRUCache(PAGE_HTML_ENTRIES)


# Rows of thread lists: (everything the rows show) -> HTML.
thread_rows_html = LRUCache(PAGE_HTML_ENTRIES)


def _row_key(thread) -> tuple:
    last_author = thread.last_post.author if thread.last_post_id and thread.last_post else None
    return (
        row_state(thread, thread.anchor_chapter, thread.theme, thread.chapter),
        thread.club.slug,
        str(thread.author) if thread.author else None,
        str(last_author) if last_author else None,
        thread.gated,
        thread.unread_count,
        thread.last_read_number,
        timesince(thread.last_post_at),
    )


def thread_rows(threads, *, gated_count: int, show_place: bool = False) -> SafeString:
    """discussions/_thread_rows.html for `threads` (gated and read state already set).

    Keyed by every row's columns and related names, the viewer's gating and unread state and
    the "… ago" text, so a cached entry is exactly what rendering would produce now.
    """
    threads = list(threads)
    rows = tuple(_row_key(thread) for thread in threads)
    key = (gated_count, show_place, timezone.get_current_timezone_name(), rows)
    html = thread_rows_html.get(key)
    if html is None:
        html = render_to_string(
            "discussions/_thread_rows.html",
            {"threads": threads, "gated_count": gated_count, "show_place": show_place},
        )
        # A minute may have turned while rendering: keep only what matches its key.
        if rows == tuple(_row_key(thread) for thread in threads):
            thread_rows_html.set(key, html)
    return mark_safe(html)  # noqa: S308  (rendered by the template engine, autoescaped)


# Unbound reply forms: (choices, initial values but the idempotency key) -> HTML.
form_fields_html = LRUCache(PAGE_HTML_ENTRIES)
_KEY_PLACEHOLDER = "00000000-0000-4000-8000-000000000000"
_KEY_INPUT = 'name="idempotency_key" value="{}"'


def reply_form_fields(form) -> SafeString:
    """_form_fields.html for an unbound PostForm, rendered once per choices and initial values.

    Only the form's fresh idempotency key differs between viewers: the HTML holds a
    placeholder for it (see `fill_request_values`).
    """
    initial = {**form.initial}
    fresh_key = str(initial.pop("idempotency_key"))
    choices = form.fields["anchor_chapter"].choices if "anchor_chapter" in form.fields else None
    key = (
        tuple(choices) if choices is not None else None,
        tuple(sorted((name, str(value)) for name, value in initial.items())),
    )
    html = form_fields_html.get(key)
    if html is None:
        form.initial["idempotency_key"] = _KEY_PLACEHOLDER
        html = render_to_string("_form_fields.html", {"form": form})
        form.initial["idempotency_key"] = fresh_key
        form_fields_html.set(key, html)
    return mark_safe(html)  # noqa: S308  (rendered by the template engine, autoescaped)


def fill_request_values(html: bytes, request, idempotency_key=None) -> bytes:
    """Put this request's CSRF token and reply key where cached HTML holds placeholders."""
    if _CSRF_PLACEHOLDER_BYTES in html:
        token = format_html(_CSRF_INPUT, get_token(request)).encode()
        html = html.replace(_CSRF_PLACEHOLDER_BYTES, token)
    if idempotency_key is not None:
        html = html.replace(_KEY_PLACEHOLDER_BYTES, _KEY_INPUT.format(idempotency_key).encode())
    return html


_CSRF_PLACEHOLDER_BYTES = _CSRF_PLACEHOLDER_INPUT.encode()
_KEY_PLACEHOLDER_BYTES = _KEY_INPUT.format(_KEY_PLACEHOLDER).encode()
