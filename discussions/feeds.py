"""Atom feeds of a club's new threads and posts, gated like the pages."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import NoReverseMatch, reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from bookclub.core.text import plain_text
from discussions.gating import gate_posts_with_titles
from discussions.models import Post
from readings.progress import progress_by_reading

FEED_SIZE = 30


def _plain(value):
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


class PlainTextAtomFeed(Atom1Feed):
    """XML 1.0 refuses control characters, so one stored in any post, title or name would
    make the whole feed fail: every text is cleaned on its way out."""

    def write(self, outfile, encoding):
        self.feed = {key: _plain(value) for key, value in self.feed.items()}
        self.items = [{key: _plain(value) for key, value in item.items()} for item in self.items]
        super().write(outfile, encoding)


class ClubFeed(Feed):
    """`get_object` returns (club, viewer or None); anonymous feeds read as progress 0."""

    feed_type = PlainTextAtomFeed

    def get_object(self, request, club, viewer=None):
        return club, viewer

    def title(self, obj) -> str:
        return f"{obj[0].name}: discussions"

    def link(self, obj) -> str:
        try:
            return obj[0].get_absolute_url()
        except NoReverseMatch:  # the club page is not routed yet
            return f"/c/{obj[0].slug}/"

    def subtitle(self, obj) -> str:
        return f"New threads and posts in {obj[0].name}."

    def items(self, obj):
        club, viewer = obj
        progress = progress_by_reading(viewer, club=club)
        posts = list(
            Post.objects.readable_by(club, None, off_site=True)
            .select_related("thread__club", "thread__anchor_chapter", "author", "anchor_chapter")
            .order_by("-created_at", "-pk")[:FEED_SIZE]
        )
        gate_posts_with_titles(posts, progress, viewer)
        return posts

    def item_title(self, post) -> str:
        if post.title_gated:
            title = f"A thread about {post.thread.anchor_chapter.label}"
        else:
            title = post.thread.title
        return title if post.number == 1 else f"Re: {title}"

    def item_description(self, post) -> str:
        if post.gated:
            return (
                f"<p>This post discusses up to {post.anchor_chapter.label}, beyond your "
                "progress. Open it on the site to reveal it.</p>"
            )
        if post.content_warning:
            return format_html(
                "<p>Content warning: {}. Open it on the site to read it.</p>", post.content_warning
            )
        return post.body_html

    def item_link(self, post) -> str:
        return reverse(
            "discussions:post-detail",
            kwargs={"club_slug": post.thread.club.slug, "post_id": post.pk},
        )

    def item_guid(self, post) -> str:
        return f"post-{post.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, post) -> str:
        return str(post.author) if post.author else "A former member"

    def item_pubdate(self, post):
        return post.created_at

    def item_updateddate(self, post):
        return post.edited_at or post.created_at
