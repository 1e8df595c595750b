"""Views of the work part of a case (a package: plan, mapping, meetings, worklist).

Every view loads the case through ``work_access.work_case_access`` (404 without access),
writes exactly one audit event per request (a VIEW for a page, the service's own event
for a change, DENIED for a refused write), and lets only full access write.
"""
