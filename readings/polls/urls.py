"""Choosing the next book, under /c/<club_slug>/next-book/ (every view goes through @club_view)."""

from django.urls import path

from readings.polls import views

app_name = "polls"

proposal = "next-book/proposals/<int:proposal_id>/"
poll = "next-book/polls/<int:poll_id>/"

urlpatterns = [
    path("next-book/", views.proposal_list, name="proposal-list"),
    path("next-book/propose/", views.proposal_create, name="proposal-create"),
    path(proposal + "withdraw/", views.proposal_withdraw, name="proposal-withdraw"),
    path(proposal + "status/", views.proposal_status, name="proposal-status"),
    path("next-book/polls/new/", views.poll_create, name="poll-create"),
    path(poll, views.poll_detail, name="poll-detail"),
    path(poll + "results/", views.poll_results, name="poll-results"),
    path(poll + "close/", views.poll_close, name="poll-close"),
    path("next-book/emails/", views.poll_emails, name="poll-emails"),
]
