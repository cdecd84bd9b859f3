"""Searching a club's discussions."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.html import escape

from bookclub.clubs.access import club_view
from discussions.forms import SearchForm
from discussions.gating import gate_posts_with_titles, gate_threads
from discussions.models import Post, Thread
from discussions.querysets import HIGHLIGHT_START, HIGHLIGHT_STOP, SEARCH_CANDIDATES
from readings.progress import progress_by_reading

SEARCH_RESULTS_PER_PAGE = 20


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
            post.url = post.thread.post_url(post.number)
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
