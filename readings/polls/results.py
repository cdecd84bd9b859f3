"""A poll's result as the results page shows it: one query for the ballots, then the tally."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from readings.polls.models import BallotChoice, Poll, PollOption
from readings.polls.tally import Result, tally


@dataclass(frozen=True)
class Bar:
    option: PollOption
    votes: int
    percent: int  # of the ballots counting in this round (approval: of all ballots)
    eliminated: bool = False


@dataclass(frozen=True)
class RoundView:
    number: int
    bars: list[Bar]
    exhausted: int
    eliminated: PollOption | None
    reason: str


@dataclass(frozen=True)
class PollResult:
    result: Result
    winner: PollOption | None
    rounds: list[RoundView]
    approvals: list[Bar]

    @property
    def ballots(self) -> int:
        return self.result.ballots


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def count_poll(poll: Poll, options: list[PollOption]) -> PollResult:
    rows = (
        BallotChoice.objects.filter(ballot__poll=poll)
        .order_by("ballot_id", "rank")
        .values_list("ballot_id", "option_id")
    )
    ballots = [[option for _, option in group] for _, group in groupby(rows, key=lambda r: r[0])]
    result = tally(poll.method, [o.pk for o in options], ballots)
    by_id = {o.pk: o for o in options}
    rounds = []
    for round_ in result.rounds:
        ranked = sorted(round_.counts, key=lambda o: (-round_.counts[o], by_id[o].position))
        bars = [
            Bar(
                by_id[o],
                round_.counts[o],
                _percent(round_.counts[o], round_.counting),
                o == round_.eliminated,
            )
            for o in ranked
        ]
        eliminated = by_id.get(round_.eliminated) if round_.eliminated else None
        rounds.append(RoundView(round_.number, bars, round_.exhausted, eliminated, round_.reason))
    approvals = [
        Bar(by_id[o], votes, _percent(votes, result.ballots))
        for o, votes in sorted(
            result.approvals.items(), key=lambda item: (-item[1], by_id[item[0]].position)
        )
    ]
    winner = by_id.get(result.winner) if result.winner else None
    return PollResult(result, winner, rounds, approvals)
