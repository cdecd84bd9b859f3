"""50 replies into one thread at once, each from its own thread and database connection,
through the real create_post service, while readers mark the thread read: every post is
stored, numbered 1..N without gaps or repeats, and the thread's counters match its rows."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from discussions import services
from discussions.models import Post, ReadState, Thread
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading
from tests.factories import ClubFactory

WRITERS = 50
READERS = 5


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_posts_are_all_stored_numbered_and_counted():
    club = ClubFactory()
    reading = make_reading(club)
    authors = [member_of(club) for _ in range(10)]
    readers = [member_of(club) for _ in range(READERS)]
    thread = services.create_thread(
        reading=reading, actor=acting(authors[0], reading.club), title="Rush", body="Go"
    )
    start = threading.Barrier(WRITERS + READERS)
    errors: list[BaseException] = []
    marked: dict[int, int] = {}

    def write(n: int) -> None:
        try:
            start.wait()
            services.create_post(
                thread=thread, actor=acting(authors[n % 10], thread.club), body=f"Reply {n}"
            )
        except BaseException as error:  # noqa: BLE001 - every failure is reported below
            errors.append(error)
        finally:
            connection.close()

    def read(reader) -> None:
        try:
            start.wait()
            for _ in range(10):
                seen = Thread.objects.values_list("last_post_number", flat=True).get(pk=thread.pk)
                services.mark_read(thread=thread, user=reader, up_to=seen)
                marked[reader.pk] = max(marked.get(reader.pk, 0), seen)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    # 55 threads share one process's pool: they queue for its connections, which a
    # production-sized wait (tuned to fail fast while the database is away) does not allow.
    pool = getattr(connection, "pool", None)
    if pool is not None:
        production_wait, pool.timeout = pool.timeout, 60
    workers = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    workers += [threading.Thread(target=read, args=(reader,)) for reader in readers]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    if pool is not None:
        pool.timeout = production_wait

    total = WRITERS + 1
    numbers = sorted(Post.objects.filter(thread=thread).values_list("number", flat=True))
    bodies = set(Post.objects.filter(thread=thread).values_list("body", flat=True))
    thread.refresh_from_db()
    summary = f"requests={WRITERS} errors={len(errors)} stored={len(numbers) - 1}"
    assert not errors, f"{summary}: {errors[:3]}"
    assert numbers == list(range(1, total + 1)), summary
    assert bodies >= {f"Reply {n}" for n in range(WRITERS)}, summary
    assert thread.post_count == total == thread.last_post_number
    assert thread.last_post.number == total
    assert thread.last_post_at == thread.last_post.created_at
    states = dict(
        ReadState.objects.filter(thread=thread).values_list("user_id", "last_read_number")
    )
    for reader in readers:
        # Never backwards, never beyond the last post: exactly the furthest it was told.
        assert states[reader.pk] == marked[reader.pk] <= total
