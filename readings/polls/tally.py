"""Counting ballots: instant runoff and approval. Pure functions over option ids, no database.

Instant runoff (ranked choice)
    Each round, every ballot counts for its highest-ranked option still in the race; a
    ballot whose options have all been eliminated is *exhausted* and counts for no one.
    An option with more than half of the ballots still counting wins. Otherwise the
    option with the fewest votes is eliminated and the next round begins. When one
    option is left, it wins.

Tie-break (deterministic, the same every time it is run)
    When several options share the fewest votes, the one with fewer votes in the latest
    earlier round where they differed is eliminated ("look back"). If they were level in
    every round, the option listed last on the ballot is eliminated; options are listed
    in the order they were proposed, so the book proposed first survives a perfect tie.
    Approval ties go the same way: the option listed first wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Round:
    number: int
    counts: dict[int, int]  # option id -> votes, for the options still in the race
    exhausted: int
    eliminated: int | None = None
    reason: str = ""  # why `eliminated` went out, or how the winner won

    @property
    def counting(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Result:
    winner: int | None
    ballots: int
    rounds: list[Round] = field(default_factory=list)
    approvals: dict[int, int] = field(default_factory=dict)  # approval polls only
    tie_broken: bool = False


def instant_runoff(options: Sequence[int], ballots: Sequence[Sequence[int]]) -> Result:
    """`options` in ballot order; each ballot lists option ids, first choice first."""
    order = {option: n for n, option in enumerate(options)}
    ballots = [[o for o in ballot if o in order] for ballot in ballots]
    remaining = list(options)
    rounds: list[Round] = []
    tie_broken = False
    if not ballots or not remaining:
        return Result(winner=None, ballots=len(ballots))
    while True:
        counts = dict.fromkeys(remaining, 0)
        exhausted = 0
        for ballot in ballots:
            top = next((o for o in ballot if o in counts), None)
            if top is None:
                exhausted += 1
            else:
                counts[top] += 1
        counting = sum(counts.values())
        if counting == 0:
            return Result(None, len(ballots), rounds, tie_broken=tie_broken)
        number = len(rounds) + 1
        leader = max(remaining, key=lambda o: (counts[o], -order[o]))
        if counts[leader] * 2 > counting or len(remaining) == 1:
            reason = (
                f"majority: {counts[leader]} of {counting} ballots still counting"
                if counts[leader] * 2 > counting
                else "last option left"
            )
            rounds.append(Round(number, counts, exhausted, reason=reason))
            return Result(leader, len(ballots), rounds, tie_broken=tie_broken)
        loser, reason, by_tie = _lowest(remaining, counts, rounds, order)
        tie_broken = tie_broken or by_tie
        rounds.append(Round(number, counts, exhausted, eliminated=loser, reason=reason))
        remaining.remove(loser)


def _lowest(
    remaining: list[int], counts: dict[int, int], rounds: list[Round], order: dict[int, int]
) -> tuple[int, str, bool]:
    fewest = min(counts[o] for o in remaining)
    tied = [o for o in remaining if counts[o] == fewest]
    if len(tied) == 1:
        return tied[0], f"fewest votes ({fewest})", False
    for earlier in reversed(rounds):
        previous = {o: earlier.counts.get(o, 0) for o in tied}
        low = min(previous.values())
        tied_then = [o for o in tied if previous[o] == low]
        if len(tied_then) < len(tied):
            tied = tied_then
            if len(tied) == 1:
                return (
                    tied[0],
                    f"tied on {fewest}; fewer votes in round {earlier.number}",
                    True,
                )
    loser = max(tied, key=lambda o: order[o])
    return loser, f"tied on {fewest} in every round; listed last on the ballot", True


def approval(options: Sequence[int], ballots: Sequence[Sequence[int]]) -> Result:
    """Each ballot lists the options it approves; the most approvals wins."""
    order = {option: n for n, option in enumerate(options)}
    approvals = dict.fromkeys(options, 0)
    for ballot in ballots:
        for option in set(ballot):
            if option in approvals:
                approvals[option] += 1
    if not ballots or not options:
        return Result(winner=None, ballots=len(ballots), approvals=approvals)
    best = max(approvals.values())
    tied = [o for o in options if approvals[o] == best]
    winner = min(tied, key=lambda o: order[o])
    return Result(winner, len(ballots), approvals=approvals, tie_broken=len(tied) > 1)


def tally(method: str, options: Sequence[int], ballots: Sequence[Sequence[int]]) -> Result:
    return instant_runoff(options, ballots) if method == "ranked" else approval(options, ballots)
