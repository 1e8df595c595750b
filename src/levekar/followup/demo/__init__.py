"""Follow-up demo data: families, cases and consents (families), then their plans,
mappings and meetings (sections)."""

from levekar.core.lib.progress import Reporter
from levekar.followup.demo import families, sections


def load(*, reporter: Reporter) -> None:
    families.load(reporter=reporter)
    sections.load(reporter=reporter)
