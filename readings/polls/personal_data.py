"""A person's proposals and ballots, for their data export and account deletion."""

from __future__ import annotations

from readings.polls.models import Ballot, BallotChoice, Proposal


def export_polls(user) -> dict:
    choices: dict[int, list[str]] = {}
    for ballot_id, title in (
        BallotChoice.objects.filter(ballot__user=user)
        .order_by("ballot_id", "rank")
        .values_list("ballot_id", "option__title")
    ):
        choices.setdefault(ballot_id, []).append(title)
    return {
        "proposals": [
            {
                "club": proposal.club.name,
                "title": proposal.title,
                "authors": proposal.authors,
                "pitch": proposal.pitch,
                "content_notes": proposal.content_notes,
                "status": proposal.status,
                "proposed": proposal.created_at.isoformat(),
            }
            for proposal in Proposal.objects.filter(proposed_by=user).select_related("club")
        ],
        "ballots": [
            {
                "club": ballot.poll.club.name,
                "poll": ballot.poll.title,
                "choices": choices.get(ballot.pk, []),
                "cast": ballot.cast_at.isoformat(),
                "changed": ballot.updated_at.isoformat(),
            }
            for ballot in Ballot.objects.filter(user=user).select_related("poll__club")
        ],
    }


def erase_polls(user, *, remove_posts: bool) -> None:
    """Ballots stay, without a voter (the deletion clears the link). Removing posts also
    withdraws the person's open proposals and clears every pitch they wrote."""
    if remove_posts:
        mine = Proposal.objects.filter(proposed_by=user)
        mine.filter(status=Proposal.Status.OPEN).update(status=Proposal.Status.WITHDRAWN)
        mine.update(pitch="", pitch_html="", content_notes="")
