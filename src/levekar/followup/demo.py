"""Follow-up demo data: families, cases and consents (demo_case), then their plans,
mappings and meetings (demo_work)."""

from levekar.core.lib.progress import Reporter
from levekar.followup import demo_case, demo_work


def load(*, reporter: Reporter) -> None:
    demo_case.load(reporter=reporter)
    demo_work.load(reporter=reporter)
