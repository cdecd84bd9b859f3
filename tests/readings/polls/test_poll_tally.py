"""The count, against cases worked by hand, and properties that must hold for any ballots."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from readings.polls.tally import approval, instant_runoff

A, B, C, D = 1, 2, 3, 4


def test_instant_runoff_majority_in_round_one_ends_the_count():
    result = instant_runoff([A, B, C], [[A, B]] * 3 + [[B]] + [[C, A]])
    assert result.winner == A
    assert len(result.rounds) == 1
    assert result.rounds[0].counts == {A: 3, B: 1, C: 1}
    assert "majority" in result.rounds[0].reason


def test_instant_runoff_transfers_the_eliminated_options_ballots():
    # Round 1: A 4, B 3, C 2 (no majority of 9). C out; its ballots go to B: B 5 of 9.
    ballots = [[A]] * 4 + [[B, A]] * 3 + [[C, B]] * 2
    result = instant_runoff([A, B, C], ballots)
    assert [r.counts for r in result.rounds] == [{A: 4, B: 3, C: 2}, {A: 4, B: 5}]
    assert result.rounds[0].eliminated == C
    assert result.winner == B


def test_instant_runoff_exhausted_ballots_stop_counting():
    # Round 1: A 3, B 2, C 2, D 1. D out (exhausted: ranked only D).
    # Round 2: A 3, B 2, C 2; B and C tie on 2; round 1 had them level too, so the one
    # listed last (C) goes out; its ballots ranked only C: 2 more exhausted.
    # Round 3: A 3, B 2 of the 5 still counting: A has a majority.
    ballots = [[A]] * 3 + [[B]] * 2 + [[C]] * 2 + [[D]]
    result = instant_runoff([A, B, C, D], ballots)
    assert [r.exhausted for r in result.rounds] == [0, 1, 3]
    assert [r.eliminated for r in result.rounds] == [D, C, None]
    assert result.rounds[-1].counts == {A: 3, B: 2}
    assert result.winner == A


def test_instant_runoff_tie_at_elimination_looks_back_to_earlier_rounds():
    # Round 1: A 4, B 3, C 2, D 2 → C and D tie; level in every round so far, so the one
    # listed last (D) goes out; D's ballots go to C.
    # Round 2: A 4, B 3, C 4 → B out, fewest. B's ballots go to C: C 7 of 11.
    ballots = [[A]] * 4 + [[B, C]] * 3 + [[C]] * 2 + [[D, C]] * 2
    result = instant_runoff([A, B, C, D], ballots)
    assert result.rounds[0].eliminated == D
    assert "listed last" in result.rounds[0].reason
    assert result.winner == C
    assert result.tie_broken


def test_instant_runoff_look_back_picks_the_weaker_in_an_earlier_round():
    # Round 1: A 5, B 4, C 3, D 2 (14). D out → D's ballots to C: A 5, B 4, C 5.
    # Round 2: B out (fewest, 4) → B's ballots to A: A 9 of 14 wins.
    # Make a tie in round 2 instead: D's ballots split so that B and C tie on 4 there.
    ballots = [[A]] * 5 + [[B]] * 3 + [[C, B]] * 4 + [[D, B]] + [[D, A]]
    # Round 1: A 5, B 3, C 4, D 2 → D out; one to B, one to A.
    # Round 2: A 6, B 4, C 4 → B and C tie; in round 1 B had 3, C had 4: B goes out.
    result = instant_runoff([A, B, C, D], ballots)
    assert result.rounds[1].counts == {A: 6, B: 4, C: 4}
    assert result.rounds[1].eliminated == B
    assert "round 1" in result.rounds[1].reason
    assert result.winner == A  # B's 3 ballots are exhausted; round 3: A 6, C 4


def test_instant_runoff_perfect_two_way_tie_goes_to_the_option_listed_first():
    result = instant_runoff([A, B], [[A], [B]])
    assert result.winner == A
    assert result.tie_broken


def test_instant_runoff_without_ballots_has_no_winner():
    assert instant_runoff([A, B], []).winner is None
    assert instant_runoff([A, B], [[], []]).winner is None


def test_instant_runoff_ignores_options_not_on_the_poll():
    assert instant_runoff([A, B], [[9, B], [B], [A]]).winner == B


def test_approval_counts_every_tick_and_breaks_ties_by_listing_order():
    result = approval([A, B, C], [[A, B], [B, C], [C, A]])
    assert result.approvals == {A: 2, B: 2, C: 2}
    assert result.winner == A and result.tie_broken
    assert approval([A, B, C], [[A, B], [B], [C]]).winner == B


options = st.lists(st.integers(1, 6), min_size=1, max_size=6, unique=True)


def _ballots(candidates):
    return st.lists(
        st.permutations(candidates).flatmap(
            lambda order: st.integers(0, len(order)).map(lambda n: order[:n])
        ),
        min_size=1,
        max_size=40,
    )


@given(candidates=options, data=st.data())
def test_property_a_single_option_ballot_set_elects_that_option(candidates, data):
    chosen = data.draw(st.sampled_from(candidates))
    count = data.draw(st.integers(1, 30))
    assert instant_runoff(candidates, [[chosen]] * count).winner == chosen


@given(candidates=options.filter(lambda c: len(c) >= 2), data=st.data())
def test_property_removing_a_loser_keeps_an_outright_majority_winner(candidates, data):
    ballots = data.draw(_ballots(candidates))
    result = instant_runoff(candidates, ballots)
    first_round = result.rounds[0] if result.rounds else None
    if first_round is None or first_round.eliminated is not None:
        return  # no outright majority in round one
    winner = result.winner
    loser = data.draw(st.sampled_from([c for c in candidates if c != winner]))
    fewer = [c for c in candidates if c != loser]
    trimmed = [[o for o in ballot if o != loser] for ballot in ballots]
    assert instant_runoff(fewer, trimmed).winner == winner


@given(candidates=options, data=st.data())
def test_property_the_count_is_deterministic_and_elects_a_candidate(candidates, data):
    ballots = data.draw(_ballots(candidates))
    first, second = instant_runoff(candidates, ballots), instant_runoff(candidates, ballots)
    assert first == second
    if any(ballots):
        assert first.winner in candidates
