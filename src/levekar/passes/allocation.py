"""Fair, reproducible allocation of holiday places to nominated families (pure Python).

The rule (documented in docs/passes.md and on the offer page):

1. **Need first.** Families are ordered by the need score their service gave
   (5 = greatest need) — highest first.
2. **Then lottery.** Within the same need score the order is a lottery: each family's
   lottery key is SHA-256 of ``"<seed>:<nomination id>"``, lowest first. The seed is
   recorded on the offer, so anyone can recompute the draw: the same seed and the same
   nominations always give the same result, on any machine and Python version.
3. **A family is never split.** Going down the list, a family gets places only if all
   its travelling persons fit in what is left; otherwise it goes on the waitlist (in list
   order) and smaller families further down may still fit.
4. **The waitlist moves up** when a family declines: the freed places go down the
   waitlist in order, to each family that fits whole (``promote``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    nomination_id: int
    need: int  # 1..5, 5 = greatest need
    persons: int


@dataclass(frozen=True)
class Allocation:
    allocated: tuple[int, ...]  # nomination ids, in list order
    waitlist: tuple[int, ...]  # nomination ids, position 1 first
    keys: dict[int, str]  # the lottery key of every candidate
    persons_allocated: int


def lottery_key(seed: int, nomination_id: int) -> str:
    return hashlib.sha256(f"{seed}:{nomination_id}".encode()).hexdigest()


def order(candidates: Sequence[Candidate], seed: int) -> list[Candidate]:
    """Need first (highest), then lottery key (lowest)."""
    return sorted(candidates, key=lambda c: (-c.need, lottery_key(seed, c.nomination_id)))


def allocate(candidates: Sequence[Candidate], *, capacity: int, seed: int) -> Allocation:
    remaining = capacity
    allocated: list[int] = []
    waitlist: list[int] = []
    for c in order(candidates, seed):
        if c.persons <= remaining:
            allocated.append(c.nomination_id)
            remaining -= c.persons
        else:
            waitlist.append(c.nomination_id)
    return Allocation(
        allocated=tuple(allocated), waitlist=tuple(waitlist),
        keys={c.nomination_id: lottery_key(seed, c.nomination_id) for c in candidates},
        persons_allocated=capacity - remaining,
    )


def promote(waitlist: Sequence[Candidate], *, free: int) -> list[int]:
    """Which waitlisted families (in waitlist order) get the ``free`` places, whole."""
    promoted = []
    for c in waitlist:
        if c.persons <= free:
            promoted.append(c.nomination_id)
            free -= c.persons
    return promoted
