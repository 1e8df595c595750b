"""Small-cell suppression for aggregates (pure; no Django).

The primary rule of ``spec/statistics.md``: a cell is hidden when its numerator is at
most ``min_numerator``, when the complement (denominator − numerator) is at most
``min_complement``, or when the denominator is below ``min_denominator``. Every page and
report that shows counts of people uses this, so nobody can work out one family's data.
"""

from dataclasses import dataclass

SUPPRESSED_MARK = ":"


@dataclass(frozen=True)
class SuppressionRule:
    min_numerator: int = 3
    min_complement: int = 3
    min_denominator: int = 10

    def hides(self, numerator: int, denominator: int) -> bool:
        return (
            numerator <= self.min_numerator
            or denominator - numerator <= self.min_complement
            or denominator < self.min_denominator
        )

    def hides_count(self, count: int) -> bool:
        """For a bare count of people (no denominator): hide 1..min_numerator."""
        return 0 < count <= self.min_numerator


DEFAULT_RULE = SuppressionRule()


def share(numerator: int, denominator: int, rule: SuppressionRule = DEFAULT_RULE) -> str:
    """Percent with one decimal (Norwegian comma), or ':' when suppressed."""
    if denominator <= 0 or rule.hides(numerator, denominator):
        return SUPPRESSED_MARK
    return f"{100 * numerator / denominator:.1f}".replace(".", ",")


def count(value: int, rule: SuppressionRule = DEFAULT_RULE) -> str:
    """A count of people, or ':' when it is small enough to identify someone."""
    return SUPPRESSED_MARK if rule.hides_count(value) else str(value)
