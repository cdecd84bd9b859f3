from __future__ import annotations

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from bookclub.accounts.models import User

PASSWORD = "a-long-test-passphrase"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Reader {chr(65 + n % 26)}{n}x")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class ClubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clubs.Club"

    name = factory.Sequence(lambda n: f"Reading Circle {n}")
    slug = factory.Sequence(lambda n: f"reading-circle-{n}")
    description = "We read slowly and kindly."
    description_html = "<p>We read slowly and kindly.</p>"
    code_of_conduct = "Be kind. No spoilers beyond the schedule."
    code_of_conduct_html = "<p>Be kind. No spoilers beyond the schedule.</p>"
    visibility = "public"
    join_policy = "request"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clubs.Membership"

    club = factory.SubFactory(ClubFactory)
    user = factory.SubFactory(UserFactory)
    role = "member"
    status = "active"


# Discussions


class ThreadFactory(factory.django.DjangoModelFactory):
    """A bare thread row; tests that need posts use discussions.services.create_thread."""

    class Meta:
        model = "discussions.Thread"

    reading = None  # required: pass reading=
    club = factory.LazyAttribute(lambda o: o.reading.club)
    kind = "general"
    title = factory.Sequence(lambda n: f"Thread {n}")
    slug = factory.Sequence(lambda n: f"thread-{n}")


# Clubs: join requests and invitations.


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clubs.JoinRequest"

    club = factory.SubFactory(ClubFactory)
    user = factory.SubFactory(UserFactory)
    message = "I would like to read along."
    status = "pending"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clubs.Invitation"

    club = factory.SubFactory(ClubFactory)
    created_by = None
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    max_uses = None


# Readings: books with chapters, readings, schedule entries.


class BookFactory(factory.django.DjangoModelFactory):
    """A book; `chapters=N` (default 12) creates "Chapter 1" … "Chapter N"."""

    class Meta:
        model = "readings.Book"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"A Book to Read {n}")
    authors = "Ann Lee and Bo Kim"
    publisher = "Example Press"

    @factory.post_generation
    def chapters(self, create, extracted, **kwargs):
        if not create:
            return
        from readings.models import Chapter

        count = 12 if extracted is None else extracted
        Chapter.objects.bulk_create(
            Chapter(book=self, position=n, label=f"Chapter {n}") for n in range(1, count + 1)
        )


class ReadingFactory(factory.django.DjangoModelFactory):
    """A reading that started a week ago and runs ten weeks."""

    class Meta:
        model = "readings.Reading"

    club = factory.SubFactory(ClubFactory)
    book = factory.SubFactory(BookFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=70))
    schedule_published = True


class ScheduleEntryFactory(factory.django.DjangoModelFactory):
    """Pass reading=, first=, last= (positions) and due_on=."""

    class Meta:
        model = "readings.ScheduleEntry"
        exclude = ["first", "last"]

    first = 1
    last = 1
    first_chapter = factory.LazyAttribute(lambda o: o.reading.book.chapters.get(position=o.first))
    last_chapter = factory.LazyAttribute(lambda o: o.reading.book.chapters.get(position=o.last))
    due_on = factory.LazyAttribute(lambda o: o.reading.starts_on + timedelta(days=7))
