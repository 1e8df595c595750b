"""The engine's parameters (every **[choice]** of ``spec/statistics.md``) and its error."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Params:
    """Every choice the spec leaves open, with the spec's default.

    ``child_age_cutoff``: persons this old or older weigh 0.5 on the EU scale, younger 0.3.
    ``suppress_*``: the primary small-cell rule (numerator ≤, complement ≤, denominator <);
    -1, -1 and 0 turn it off (for tests and checks, never for publication).
    ``secondary_suppression``: hide a second zone row when exactly one is hidden.
    ``median_includes_out_of_scope``: the spec's choice is *excluded before the median*
    (False); True computes the medians over every person, out-of-scope ones included
    (they are still left out of numerators and denominators).
    """

    child_age_cutoff: int = 14
    suppress_numerator: int = 3
    suppress_complement: int = 3
    suppress_min_denominator: int = 10
    secondary_suppression: bool = True
    median_includes_out_of_scope: bool = False

    def __post_init__(self) -> None:
        if self.child_age_cutoff < 1:
            raise ValueError("child_age_cutoff må være minst 1")


class InputError(Exception):
    """Bad input. ``problems`` are Norwegian messages naming file, row and column."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))
