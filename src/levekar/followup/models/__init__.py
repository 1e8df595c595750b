"""Familieoppfølging models: the case and its access rules (case.py), and the work done
in it — Familiens plan, mapping, meetings, feedback (work.py)."""

from levekar.followup.models.case import *  # noqa: F403
from levekar.followup.models.work import *  # noqa: F403
