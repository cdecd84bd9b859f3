"""Database fault: PostgreSQL stops under load and comes back; the app follows.

The pool fails fast while the database is away (short timeouts, a check on every
checkout), the first request after it is back succeeds, and a write that committed is
answered as a success even when the database goes away right after the commit.

A throwaway PostgreSQL (pgserver's binaries, its own data directory and port) is migrated
and served by gunicorn (production settings, the connection pool). A background thread
posts replies through the real form and reads the thread page while the database is stopped
for a few seconds and started again. During the outage responses are the styled 503 page,
never a 500; afterwards requests succeed without restarting gunicorn; every reply that got
a success response exists (nothing acknowledged is lost). The figures are in every
assertion message and in fault-summary.txt in the test's temporary directory.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import OperationalError, connection, transaction
from django.test import Client
from django.urls import reverse

from discussions.models import Post
from tests import servers
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading
from tests.security.http import Browser

ROOT = Path(__file__).resolve().parents[2]
OUTAGE_SECONDS = 5
SEED = """
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from discussions import services
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading
from tests.factories import PASSWORD, ClubFactory
club = ClubFactory()
author = member_of(club)
author.password = PBKDF2PasswordHasher().encode(PASSWORD, "faultsalt0123456", iterations=1000)
author.save()
thread = services.create_thread(
    actor=acting(author, club), reading=make_reading(club), title="Outage", body="Hi"
)
print("SEED", author.email, thread.get_absolute_url(), f"/c/{club.slug}/t/{thread.pk}/reply/")
"""


class Postgres:
    """initdb/pg_ctl from pgserver on a temporary directory and a fixed TCP port."""

    def __init__(self, root: Path):
        from pgserver import _commands

        self.commands = _commands
        self.pgdata = root / "data"
        self.log = root / "postgres.log"
        self.port = servers.free_port()
        self.user = "pgserver" if os.geteuid() == 0 else None
        if self.user:
            shutil.chown(root, self.user, self.user)
        self.commands.initdb(
            ["-U", "postgres", "--auth=trust", "-E", "UTF8"], pgdata=self.pgdata, user=self.user
        )
        self.options = f"-p {self.port} -k {root} -c listen_addresses=127.0.0.1"

    def start(self) -> None:
        self.commands.pg_ctl(
            ["-w", "-o", self.options, "-l", str(self.log), "start"],
            pgdata=self.pgdata,
            user=self.user,
        )

    def stop(self) -> None:
        self.commands.pg_ctl(["-w", "stop", "-m", "fast"], pgdata=self.pgdata, user=self.user)

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


@pytest.fixture
def postgres():
    # Outside pytest's private temp tree: the server runs as another user when we are root.
    root = Path(tempfile.mkdtemp(prefix="bookclub-fault-"))
    server = Postgres(root)
    server.start()
    with psycopg.connect(server.url("postgres"), autocommit=True) as connection:
        connection.execute('CREATE DATABASE "fault"')
    yield server
    with contextlib.suppress(subprocess.CalledProcessError):
        server.stop()
    shutil.rmtree(root, ignore_errors=True)


def _manage(env, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_database_restart_under_load_gives_503_then_recovers_and_loses_nothing(tmp_path, postgres):
    env = servers.production_env(
        tmp_path / "static",
        DATABASE_URL=postgres.url("fault"),
        RATE_LIMIT_POST="100000/60",
    )
    env.pop("DATABASE_POOL_TIMEOUT", None)  # the defaults, as deployed
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "createcachetable")
    seed = [line for line in _manage(env, "shell", "-c", SEED).splitlines() if "SEED" in line]
    _, email, thread_url, reply_url = seed[-1].split()
    servers.collectstatic(env)
    log: list[tuple[str, float, int, str]] = []  # (kind, started, status, body or page)
    stop = threading.Event()

    with servers.gunicorn(env, workers=2) as base:
        browser = Browser()
        from tests.factories import PASSWORD

        assert browser.login(base, email, PASSWORD).status == 302
        form = browser.get(base + thread_url)
        token = form.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]

        def drive() -> None:
            while not stop.is_set():
                body = f"Reply {uuid.uuid4().hex}"
                data = {"body": body, "idempotency_key": str(uuid.uuid4())}
                data["csrfmiddlewaretoken"] = token
                for kind, url, payload in (
                    ("post", base + reply_url, data),
                    ("get", base + thread_url, None),
                ):
                    started = time.monotonic()
                    try:
                        reply = browser.request(url, payload, timeout=15)
                        status, text = reply.status, reply.text
                    except OSError as error:  # a dropped connection is an error too
                        status, text = 0, str(error)
                    log.append((kind, started, status, body if kind == "post" else text))
                time.sleep(0.05)

        driver = threading.Thread(target=drive)
        driver.start()
        time.sleep(2)
        down_at = time.monotonic()
        postgres.stop()
        time.sleep(OUTAGE_SECONDS)
        postgres.start()
        up_at = time.monotonic()
        time.sleep(8)
        stop.set()
        driver.join(timeout=30)

    with psycopg.connect(postgres.url("fault")) as connection:
        stored = {row[0] for row in connection.execute("SELECT body FROM discussions_post")}
    posts = [entry for entry in log if entry[0] == "post"]
    acknowledged = [body for _, _, status, body in posts if status == 302]
    lost = [body for body in acknowledged if body not in stored]
    outage = [entry for entry in log if down_at <= entry[1] <= up_at]
    errors = [entry for entry in log if entry[2] not in (200, 302)]
    summary = (
        f"requests={len(log)} posts={len(posts)} acknowledged={len(acknowledged)} "
        f"errors={len(errors)} (503: {sum(e[2] == 503 for e in errors)}, "
        f"other: {sorted({e[2] for e in errors} - {503})}) lost={len(lost)} "
        f"during outage={len(outage)}"
    )
    (tmp_path / "fault-summary.txt").write_text(summary + "\n")
    assert not lost, summary
    assert {status for _, _, status, _ in log} <= {200, 302, 503}, summary
    assert any(status == 503 for _, _, status, _ in outage), summary
    for kind, _, status, text in log:
        if status == 503 and kind == "get":
            assert "We are briefly unavailable" in text and "/static/css/app." in text, summary
    recovered = [entry for entry in log if entry[1] > up_at + 3]
    assert recovered and all(status in (200, 302) for _, _, status, _ in recovered), summary
    assert acknowledged and any(entry[1] > up_at for entry in posts if entry[2] == 302), summary
    # Shown when run with -rA or -s; the same figures are in every message above.
    print(f"\nDatabase fault: {summary}")


def test_production_pool_fails_fast_and_checks_each_connection(tmp_path):
    # The pool Django builds from production settings: while PostgreSQL is away a request
    # waits well under a second for its 503, and a connection the server dropped is
    # replaced before a request can use it.
    env = servers.production_env(tmp_path / "static")
    env.pop("DATABASE_POOL_TIMEOUT", None)
    show = (
        "from django.db import connection; pool = connection.pool; "
        "print('POOL', pool.timeout, pool.reconnect_timeout, callable(pool._check), "
        "connection.get_connection_params().get('connect_timeout', 'unset'))"
    )
    line = next(line for line in _manage(env, "shell", "-c", show).splitlines() if "POOL" in line)
    _, timeout, reconnect_timeout, checked, connect_timeout = line.split()
    assert float(timeout) <= 1
    assert float(reconnect_timeout) <= float(timeout)
    assert checked == "True"
    assert connect_timeout != "unset" and int(connect_timeout) <= 5


class _DatabaseGoneAfterCommit:
    """Every query after the new post's transaction commits fails: PostgreSQL went away."""

    def __init__(self) -> None:
        self.gone = False

    def __call__(self, execute, sql, params, many, context):
        if self.gone:
            raise OperationalError("server closed the connection unexpectedly")
        if sql.startswith('INSERT INTO "discussions_post"'):
            transaction.on_commit(self._go)  # before the service's own commit callbacks
        return execute(sql, params, many, context)

    def _go(self) -> None:
        self.gone = True


def _new_reply(world):
    url = reverse("discussions:post-create", args=[world["club"].slug, world["thread"].pk])
    return url, {"body": "Saved before the outage", "idempotency_key": str(uuid.uuid4())}


def _new_thread(world):
    url = reverse("discussions:thread-create", args=[world["club"].slug, world["reading"].pk])
    data = {
        "title": "Saved before the outage",
        "place": "general",
        "body": "Saved before the outage",
        "idempotency_key": str(uuid.uuid4()),
    }
    return url, data


def _prompt_thread(world):
    entry = world["reading"].entries.exclude(prompts="").get()
    args = [world["club"].slug, world["reading"].pk, entry.pk, 0]
    return reverse("discussions:thread-from-prompt", args=args), {}


def _post_when_the_database_goes_away_after_commit(club, write, **headers):
    """POST a new post and lose the database once it commits; (response, saved post)."""
    from discussions import services

    author = member_of(club)
    reading = make_reading(club)
    thread = services.create_thread(
        reading=reading, actor=acting(author, reading.club), title="Open", body="Hi"
    )
    url, data = write({"club": club, "reading": reading, "thread": thread})
    browser = Client(raise_request_exception=False)
    browser.force_login(author)
    posts_before = Post.objects.count()
    with connection.execute_wrapper(_DatabaseGoneAfterCommit()):
        response = browser.post(url, data, headers=headers)
    assert Post.objects.count() == posts_before + 1
    return response, Post.objects.select_related("thread__club").latest("pk")


@pytest.mark.parametrize("write", [_new_reply, _new_thread, _prompt_thread])
def test_committed_post_is_answered_as_saved_when_the_database_goes_away(
    transactional_db, club, write
):
    response, saved = _post_when_the_database_goes_away_after_commit(club, write)
    assert response.status_code == 302, response.content.decode()[:300]
    assert response["Location"].startswith(saved.thread.get_absolute_url())


def test_committed_htmx_reply_loads_its_page_when_the_database_goes_away(transactional_db, club):
    response, saved = _post_when_the_database_goes_away_after_commit(
        club, _new_reply, HX_Request="true"
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].endswith(f"#post-{saved.number}")


def test_outage_answers_503_without_hanging_and_first_request_after_it_succeeds(tmp_path, postgres):
    env = servers.production_env(tmp_path / "static", DATABASE_URL=postgres.url("fault"))
    env.pop("DATABASE_POOL_TIMEOUT", None)
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "createcachetable")
    servers.collectstatic(env)

    def status(path: str) -> int:
        # A generous guard only: a request that waits this long counts as hanging.
        try:
            return Browser().request(base + path, timeout=5).status
        except OSError:
            return 0

    with servers.gunicorn(env, workers=1) as base:
        assert [status("/healthz") for _ in range(3)] == [200] * 3  # the pool is warm
        # Restarted while idle: the pooled connection is dead, the first request must not see it.
        postgres.stop()
        postgres.start()
        assert status("/healthz") == 200
        assert status("/") == 200

        postgres.stop()
        during = [status(path) for path in ("/healthz", "/") * 5]
        postgres.start()
        after = [status("/healthz"), status("/")]

    assert during == [503] * 10, during
    assert after == [200, 200], after
