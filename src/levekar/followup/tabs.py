"""Tabs of the case page: (key, label, url name taking the case pk).

The case part lists its tabs in ``CASE_TABS`` here; the work part lists its own in
``tabs_work.WORK_TABS``; the case page shows ``all_tabs()``.
"""

CASE_TABS: list[tuple[str, object, str]] = []
