"""Session feedback (Feedback-Informed Treatment): scores and the not-on-track flags."""

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from levekar.core.errors import InvalidInput, Problem
from levekar.followup.instruments.model import Instrument

# --- session feedback (FIT) ------------------------------------------------------------------

@dataclass(frozen=True)
class Session:
    """One person's feedback at one meeting: totals of the two measures."""

    on: dt.date
    outcome: int
    alliance: int


ALLIANCE_LOW, ALLIANCE_FALLING, OUTCOME_NOT_IMPROVING = (
    "alliance_low", "alliance_falling", "outcome_not_improving")


def feedback_flags(instrument: Instrument, sessions: Sequence[Session]) -> list[str]:
    """Why a person is not on track, from their sessions in date order (oldest first).

    - ``alliance_low``: the latest alliance total is below the alliance measure's cut-off;
    - ``alliance_falling``: the alliance total fell at each of the last ``window`` sessions;
    - ``outcome_not_improving``: over the last ``window`` sessions the outcome total rose by
      less than ``outcome_min_change`` and is still below the outcome measure's cut-off.
    """
    flags: list[str] = []
    if not sessions:
        return flags
    cfg = instrument.flags
    window = int(cfg["window"])
    alliance, outcome = instrument.measure("alliance"), instrument.measure("outcome")
    last = sessions[-1]
    if alliance.cutoff is not None and last.alliance < alliance.cutoff:
        flags.append(ALLIANCE_LOW)
    if cfg.get("alliance_falling", True) and len(sessions) >= window:
        tail = [s.alliance for s in sessions[-window:]]
        if all(b < a for a, b in itertools.pairwise(tail)):
            flags.append(ALLIANCE_FALLING)
    if len(sessions) >= window:
        change = last.outcome - sessions[-window].outcome
        below = outcome.cutoff is None or last.outcome < outcome.cutoff
        if change < cfg.get("outcome_min_change", 1) and below:
            flags.append(OUTCOME_NOT_IMPROVING)
    return flags


def validate_feedback(instrument: Instrument, outcome: Sequence, alliance: Sequence
                      ) -> tuple[list[int], list[int]]:
    """Item scores of both measures, each within the measure's range; InvalidInput else."""
    problems = []
    out = []
    for measure, values in ((instrument.measure("outcome"), outcome),
                            (instrument.measure("alliance"), alliance)):
        vals = list(values)
        if len(vals) != len(measure.items) or any(
                isinstance(v, bool) or not isinstance(v, int) or not measure.min <= v <= measure.max
                for v in vals):
            problems.append(Problem(f"{len(measure.items)} svar mellom {measure.min} og "
                                    f"{measure.max} trengs", field=measure.id))
        out.append(vals)
    if problems:
        raise InvalidInput(problems)
    return out[0], out[1]
