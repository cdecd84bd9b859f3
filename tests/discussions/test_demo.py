from __future__ import annotations

import io

from django.core.management import call_command

from bookclub.accounts.models import User
from discussions.models import Post, Thread
from readings.models import Theme


def test_seed_demo_opens_threads_under_every_theme_and_first_chapters(db):
    call_command("seed_demo", stdout=io.StringIO())

    threads = Thread.objects.all()
    book_themes = Theme.objects.filter(reading__isnull=True).count()
    assert threads.filter(kind="theme").values("theme").distinct().count() == book_themes == 6
    assert threads.filter(kind="chapter").count() >= 3
    assert Post.objects.exclude(content_warning="").exists()
    assert Post.objects.filter(body_html__contains='class="spoiler"').exists()


def test_seed_demo_twice_changes_nothing(db):
    call_command("seed_demo", stdout=io.StringIO())
    before = (Thread.objects.count(), Post.objects.count())

    call_command("seed_demo", stdout=io.StringIO())

    assert (Thread.objects.count(), Post.objects.count()) == before


def test_seed_demo_gates_for_sol_but_not_for_mei(client, db):
    call_command("seed_demo", stdout=io.StringIO())
    thread = Thread.objects.get(title="Status, borders and who gets protected")

    client.force_login(User.objects.get(display_name="Sol"))
    assert "discuss later chapters" in client.get(thread.get_absolute_url()).text
    client.force_login(User.objects.get(display_name="Mei"))
    assert "discuss later chapters" not in client.get(thread.get_absolute_url()).text
