"""Exact arithmetic for the comparisons the spec makes strict.

A person's equivalised income is ``10·h / c`` with ``h`` the household income (whole
kroner) and ``c`` the consumption units in tenths, so it is a rational number, and so
are the medians and thresholds. DuckDB compares in floating point; a comparison whose
two sides are within ``TOLERANCE`` (relative) of each other is decided again here with
``fractions.Fraction``, so a value equal to the threshold is never counted as below it
whatever the rounding, and the result does not depend on the order of the rows.
"""

from fractions import Fraction
from functools import lru_cache

TOLERANCE = 1e-9


def equivalised(h: int, c: int) -> Fraction:
    return Fraction(10 * int(h), int(c))


def median(lo: tuple[int, int], hi: tuple[int, int]) -> Fraction:
    """The mean of the two middle values, given as (h, c) (the same twice for an odd count)."""
    return (equivalised(*lo) + equivalised(*hi)) / 2


@lru_cache(maxsize=1 << 14)
def threshold(med: Fraction, percent: int) -> Fraction:
    return med * percent / 100


def tolerance(value: float) -> float:
    return TOLERANCE * max(1.0, abs(value))


def band(value: Fraction) -> tuple[float, float]:
    """The floats ``lo``, ``hi`` around ``value``: a float below ``lo`` is surely below
    it, one above ``hi`` surely not (``value``'s own rounding and that of a float sum of
    a few values are far inside the tolerance); from ``lo`` to ``hi`` it is decided
    exactly."""
    t = float(value)
    tol = tolerance(t)
    return t - tol, t + tol


def decimals(value: Fraction, places: int = 2) -> str:
    """``value`` rounded half away from zero to ``places`` decimals, exactly."""
    scale = 10 ** places
    # floor(|value|·scale + 1/2), in integers
    units = (2 * abs(value.numerator) * scale + value.denominator) // (2 * value.denominator)
    sign = "-" if value < 0 and units else ""
    text = f"{units // scale}.{units % scale:0{places}d}" if places else str(units)
    return sign + text
