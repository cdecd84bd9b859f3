"""The demo's clubs: one public circle reading the demo book, and one small private club."""

from __future__ import annotations

from bookclub.accounts.models import User
from bookclub.clubs.models import Club, Membership
from bookclub.markdown import render_markdown

DEMO_CLUB_SLUG = "not-your-rescue-project"
PRIVATE_CLUB_SLUG = "rowan-and-sol"

DEMO_DESCRIPTION = """\
A slow, careful reading of *Not Your Rescue Project: Migrant Sex Workers Fighting for Justice*
by Chanelle Gallant and Elene Lam (Haymarket Books, 2024).

We follow a schedule of a few chapters at a time and talk theme by theme: sex work as labour,
the criminalisation of migration, what the anti-trafficking industry gets wrong, and what
worker-led organising looks like. Organisers, students, allies and people with lived
experience are all welcome. Nobody has to explain who they are to take part.
"""

DEMO_CODE_OF_CONDUCT = """\
Some of us are migrants, sex workers, or both, and some of us have insecure status. This
circle only works if everyone can speak without being put at risk. By joining you agree to
the following.

### Names and identities
- **Pseudonyms are welcome.** Your display name is all anyone here needs. No one has to give
  a legal name, a workplace, a city, or a reason for being here.
- **Never out anyone.** Do not guess at, hint at, or share anyone's work, immigration status,
  real name or identity, here or anywhere else.
- **Share no identifying details**, yours or other people's: no addresses, phone numbers,
  photos, workplaces, or details of someone's case or clients.

### What is said here stays here
- **No screenshots, no copying posts elsewhere, no forwarding.** Quote the book freely; do not
  quote members outside the club.

### Talking about hard things
- **Use content warnings** (for example "CW: police violence", "CW: deportation") at the start
  of a post about violence, abuse, detention or deportation, and keep the details behind a
  spoiler block where you can.
- **Speak from your own experience.** Do not ask others to prove theirs, and do not debate
  whether people's work is real work.
- **Spoilers only within the schedule.** Talk about a chapter in its own thread once it is on
  the schedule; do not reveal later chapters anywhere else.

### If something goes wrong
- **Report a post** with the report button under it, or write to Kit (moderator) or Rowan
  (owner). Reports are read only by the club's moderators and admins and are never shown to the
  person reported.
- Moderators may hide posts and remove or ban members who put others at risk. Outing someone or
  sharing their details means an immediate ban.
"""

PRIVATE_DESCRIPTION = "A two-person reading pair. Invisible to everyone else."
PRIVATE_CODE_OF_CONDUCT = "Be honest, be kind, and keep what we say between us."


def _club(slug: str, **fields) -> Club:
    club = Club.objects.filter(slug=slug).first() or Club(slug=slug)
    for name, value in fields.items():
        setattr(club, name, value)
    club.description_html = render_markdown(club.description)
    club.code_of_conduct_html = render_markdown(club.code_of_conduct)
    club.save()
    return club


def _place(club: Club, user: User, role: str) -> None:
    Membership.objects.update_or_create(
        club=club, user=user, defaults={"role": role, "status": Membership.Status.ACTIVE}
    )


def seed_clubs(people: dict[str, User]) -> dict[str, Club]:
    """Create or refresh the demo clubs. Running it again changes nothing."""
    demo = _club(
        DEMO_CLUB_SLUG,
        name="Not Your Rescue Project reading circle",
        description=DEMO_DESCRIPTION,
        code_of_conduct=DEMO_CODE_OF_CONDUCT,
        visibility=Club.Visibility.PUBLIC,
        join_policy=Club.JoinPolicy.REQUEST,
        time_zone="America/Toronto",
    )
    _place(demo, people["admin"], Membership.Role.OWNER)
    _place(demo, people["moderator"], Membership.Role.MODERATOR)
    _place(demo, people["member"], Membership.Role.MEMBER)
    _place(demo, people["member2"], Membership.Role.MEMBER)

    private = _club(
        PRIVATE_CLUB_SLUG,
        name="Rowan and Sol's reading pair",
        description=PRIVATE_DESCRIPTION,
        code_of_conduct=PRIVATE_CODE_OF_CONDUCT,
        visibility=Club.Visibility.PRIVATE,
        join_policy=Club.JoinPolicy.INVITE,
    )
    _place(private, people["admin"], Membership.Role.OWNER)
    _place(private, people["member2"], Membership.Role.MEMBER)
    return {"demo": demo, "private": private}
