"""The thread page's one query: the club, the viewer's membership and session, the thread
and its page.

Hand-written because this is the busiest page: compiling the equivalent annotated ORM query
took longer than running it. Rows become model instances through `Model.from_db`, so views
get the same objects the ORM would give them, and every column a model gains is loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import GeneratedField, TextField

from bookclub.accounts.models import Block
from bookclub.clubs.models import Club, Membership
from bookclub.lru import LRUCache
from bookclub.sessions import session_query
from discussions.anchors import Schedule, default_among
from discussions.models import Post, Reaction, ReadState, Thread
from discussions.notification_models import Subscription
from discussions.querysets import page_range, page_stamp_sql
from readings.models import Book, Chapter, ChapterRead, Reading, ScheduleEntry, Theme
from readings.zones import club_today

# (alias, model, join condition): the row the page is built from, in this order. {viewer}
# is the viewer's id: a parameter, or the user id of the session read in the same query.
_JOINS = (
    ("m", Membership, "m.club_id = c.id AND m.user_id = {viewer}"),
    ("t", Thread, "t.club_id = c.id AND t.id = %s"),
    ("r", Reading, "r.id = t.reading_id"),
    ("b", Book, "b.id = r.book_id"),
    ("th", Theme, "th.id = t.theme_id"),
    ("ch", Chapter, "ch.id = t.chapter_id"),
    ("ac", Chapter, "ac.id = t.anchor_chapter_id"),
)


@dataclass
class ThreadPage:
    club: Club
    membership: Membership | None
    thread: Thread | None
    # The published schedule, and a stamp of the book's chapters.
    schedule: Schedule = field(default_factory=list)
    chapters_stamp: str | None = None
    # Changes whenever any of the rows above changes (club, membership, thread, ...).
    rows_stamp: str | None = None
    # Whose page this is: the session's user when the session was read with it.
    viewer_id: int | None = None


@cache
def _loaded_fields(model) -> tuple:
    # Long text (descriptions, codes of conduct) and search vectors are not on the thread
    # page: left deferred, they would be read only if something asked for them.
    return tuple(
        f
        for f in model._meta.concrete_fields
        if not isinstance(
            f.output_field if isinstance(f, GeneratedField) else f, SearchVectorField | TextField
        )
    )


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _columns(alias: str, model) -> list[str]:
    return [f'{alias}."{f.column}"' for f in _loaded_fields(model)]


@cache
def _sql(signed_in: bool, with_session: bool) -> str:
    viewer = 'v."user_id"' if with_session else "%s"
    columns = ["v.*"] if with_session else []
    columns += _columns("c", Club)
    joins = []
    if with_session:
        joins.append(f"LEFT JOIN ({session_query.sql_and_params('')[0]}) v ON true")
    for alias, model, condition in _JOINS:
        columns += _columns(alias, model)
        joins.append(f"LEFT JOIN {_table(model)} {alias} ON {condition.format(viewer=viewer)}")
    columns.append(f"({page_stamp_sql('t.id')}) AS page_stamp")
    # The version (see page_stamp_sql) of every row above; a join that found none is empty.
    versions = ", ".join(
        f"{alias}.xmin, {alias}.ctid"
        for alias in ("c", *(alias for alias, _model, _condition in _JOINS))
    )
    columns.append(f"ROW({versions})::text AS rows_stamp")
    if signed_in:
        columns += [
            f"""(SELECT max(k.position) FROM {_table(ChapterRead)} cr
                 JOIN {_table(Chapter)} k ON k.id = cr.chapter_id
                 WHERE cr.reading_id = t.reading_id AND cr.user_id = {viewer})""",
            f"""(SELECT rs.last_read_number FROM {_table(ReadState)} rs
                 WHERE rs.thread_id = t.id AND rs.user_id = {viewer})""",
            f"""ARRAY(SELECT p.number || ':' || x.kind FROM {_table(Reaction)} x
                 JOIN {_table(Post)} p ON p.id = x.post_id
                 WHERE x.user_id = {viewer} AND p.thread_id = t.id
                 AND p.number BETWEEN %s AND %s)""",
            f"ARRAY(SELECT bl.blocked_id FROM {_table(Block)} bl WHERE bl.blocker_id = {viewer})",
            f"""EXISTS(SELECT 1 FROM {_table(Subscription)} s
                 WHERE s.thread_id = t.id AND s.user_id = {viewer} AND s.is_following)""",
            f"""ARRAY(SELECT e.due_on || ' ' || e.last_chapter_id
                 FROM {_table(ScheduleEntry)} e
                 WHERE e.reading_id = t.reading_id AND r.schedule_published)""",
            f"""(SELECT md5(string_agg(concat_ws('/', k.id, k.xmin, k.ctid), ',' ORDER BY k.id))
                 FROM {_table(Chapter)} k WHERE k.book_id = r.book_id)""",
        ]
    return f"SELECT {', '.join(columns)} FROM {_table(Club)} c {' '.join(joins)} WHERE c.slug = %s"  # noqa: S608


def _params(
    signed_in: bool, viewer_params: list, session_params: list, slug, thread_id, first, last
) -> list:
    # In the order of the %s in `_sql`: the selected columns, then the joins, then WHERE.
    params = [first, last]
    if signed_in:
        params += [*viewer_params * 3, first, last, *viewer_params * 2]
    return [*params, *session_params, *viewer_params, thread_id, slug]


def _instance(model, row, start: int):
    fields = _loaded_fields(model)
    values = row[start : start + len(fields)]
    end = start + len(fields)
    if values[0] is None:  # the LEFT JOIN found nothing
        return None, end
    return model.from_db(connection.alias, [f.attname for f in fields], values), end


def load(
    *, club_slug: str, thread_id: int, page: int, size: int, viewer=None, session=None
) -> ThreadPage | None:
    """None when no club has `club_slug`; `.thread` is None when the club has no such thread.

    The page is `viewer`'s, or, given an unread `session` store instead, its user's: the
    session row is read in the same query and handed to the store (SessionStore.accept).
    """
    with_session = session is not None
    signed_in = with_session or viewer.is_authenticated
    first, last = page_range(page, size)
    if with_session:
        viewer_id, viewer_params = None, []  # read from the session row
        session_params = session_query.sql_and_params(session.session_key)[1]
    else:
        viewer_id = viewer.pk if signed_in else None
        viewer_params, session_params = [viewer_id], []
    params = _params(signed_in, viewer_params, session_params, club_slug, thread_id, first, last)
    with connection.cursor() as cursor:
        cursor.execute(_sql(signed_in, with_session), params)
        row = cursor.fetchone()
    if row is None:
        return None
    at = 0
    if with_session:
        at = session_query.width
        found = session_query.instance(row[:at])
        session.accept(found)
        viewer_id = found.user_id if found is not None else None
    club, at = _instance(Club, row, at)
    objects = {}
    for alias, model, _condition in _JOINS:
        objects[alias], at = _instance(model, row, at)
    loaded = ThreadPage(
        club=club, membership=objects["m"], thread=objects["t"], viewer_id=viewer_id
    )
    if objects["m"] is not None:
        objects["m"].club = club
    thread = loaded.thread
    if thread is None:
        return loaded
    thread.club, thread.reading = club, objects["r"]
    thread.reading.club, thread.reading.book = club, objects["b"]
    thread.theme, thread.chapter = objects["th"], objects["ch"]
    thread.anchor_chapter = objects["ac"]
    thread.page_stamp, loaded.rows_stamp = row[at], row[at + 1]
    at += 1
    thread.page_loaded = page
    if not signed_in:
        thread.is_followed = False
        return loaded
    progress, last_read, reactions, blocked, followed, schedule, chapters_stamp = row[at + 1 :]
    thread.viewer_progress = progress or 0
    thread.viewer_last_read = last_read
    thread.viewer_reactions = reactions
    thread.viewer_blocked_ids = blocked
    thread.is_followed = followed
    loaded.schedule = [
        (dt.date.fromisoformat(due_on), int(chapter_id))
        for due_on, _, chapter_id in (entry.partition(" ") for entry in schedule)
    ]
    loaded.chapters_stamp = chapters_stamp
    return loaded


# (book id, chapters stamp) -> the book's chapters in order, shared read-only.
_chapters = LRUCache(256)


def anchor_choices(page: ThreadPage) -> tuple[list[Chapter], Chapter | None]:
    """The reply form's chapters and default (see discussions.anchors), without a query
    unless the book's chapters changed since this process last loaded them."""
    book_id = page.thread.reading.book_id
    key = (book_id, page.chapters_stamp)
    chapters = _chapters.get(key)
    if chapters is None:
        chapters = list(Chapter.objects.filter(book_id=book_id).order_by("position"))
        _chapters.set(key, chapters)
    return chapters, default_among(chapters, page.schedule, club_today(page.club))
