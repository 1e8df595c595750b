"""The holiday draw (pure): need first, then a lottery that the seed reproduces."""

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from levekar.passes.allocation import Candidate, allocate, lottery_key, promote


def families(n, need=3, persons=4):
    return [Candidate(i, need, persons) for i in range(1, n + 1)]


def test_the_same_seed_gives_the_same_result_and_another_seed_another():
    candidates = families(60, persons=3)
    first = allocate(candidates, capacity=40, seed=20260615)
    again = allocate(list(reversed(candidates)), capacity=40, seed=20260615)
    other = allocate(candidates, capacity=40, seed=7)
    assert first == again
    assert first.allocated != other.allocated


def test_the_lottery_key_can_be_recomputed_by_anyone():
    # SHA-256 of "<seed>:<nomination id>": the draw can be checked without this code.
    assert lottery_key(42, 7) == hashlib.sha256(b"42:7").hexdigest()


def test_need_comes_before_the_lottery():
    candidates = [Candidate(i, 1, 2) for i in range(1, 11)] + [Candidate(99, 5, 2)]
    for seed in range(20):
        assert allocate(candidates, capacity=2, seed=seed).allocated == (99,)


def test_a_family_that_does_not_fit_waits_while_a_smaller_one_behind_it_gets_places():
    big, small = Candidate(1, 5, 6), Candidate(2, 1, 2)
    result = allocate([big, small], capacity=5, seed=1)
    assert result.allocated == (2,)
    assert result.waitlist == (1,)
    assert result.persons_allocated == 2


def test_promote_gives_freed_places_down_the_waitlist_to_whole_families():
    waitlist = [Candidate(1, 3, 5), Candidate(2, 3, 3), Candidate(3, 3, 1)]
    assert promote(waitlist, free=4) == [2, 3]
    assert promote(waitlist, free=5) == [1]
    assert promote(waitlist, free=0) == []


@settings(max_examples=60, deadline=None)
@given(sizes=st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=40),
       needs=st.lists(st.integers(min_value=1, max_value=5), min_size=40, max_size=40),
       capacity=st.integers(min_value=1, max_value=60), seed=st.integers(0, 2**31))
def test_a_family_is_never_split_and_capacity_is_never_exceeded(sizes, needs, capacity, seed):
    candidates = [Candidate(i, needs[i], s) for i, s in enumerate(sizes)]
    result = allocate(candidates, capacity=capacity, seed=seed)
    persons = {c.nomination_id: c.persons for c in candidates}
    assert sum(persons[i] for i in result.allocated) == result.persons_allocated <= capacity
    assert sorted(result.allocated + result.waitlist) == sorted(persons)  # each exactly once
    left = capacity - result.persons_allocated
    assert all(persons[i] > left for i in result.waitlist)  # nobody who fits is left waiting


def test_the_order_is_need_then_the_published_lottery_key_so_anyone_can_redo_the_draw():
    # Recompute the documented rule without the module: need (highest first), then
    # SHA-256 of "<seed>:<nomination id>" (lowest first). A draw that is merely
    # deterministic (e.g. a seeded shuffle) would not match.
    seed = 20260615
    candidates = [Candidate(i, need=1 + i % 3, persons=1) for i in range(1, 31)]
    expected = sorted(candidates, key=lambda c: (
        -c.need, hashlib.sha256(f"{seed}:{c.nomination_id}".encode()).hexdigest()))
    result = allocate(candidates, capacity=12, seed=seed)
    assert result.allocated + result.waitlist == tuple(c.nomination_id for c in expected)
    assert result.allocated == tuple(c.nomination_id for c in expected[:12])
    assert result.keys == {c.nomination_id: hashlib.sha256(
        f"{seed}:{c.nomination_id}".encode()).hexdigest() for c in candidates}
