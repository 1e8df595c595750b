"""The coordinator's caseload (arbeidsliste)."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from levekar.core.access import role_required
from levekar.core.audit import Action, audit_request
from levekar.core.roles import Role
from levekar.followup.work_selectors import FLAG_TEXT, caseload_for


@role_required(Role.COORDINATOR)
def worklist(request):
    rows = caseload_for(request.user)
    for r in rows:
        r.flag_words = [_(FLAG_TEXT[f]) for f in r.flags]
    # One audit event for the whole list: it names every family member shown.
    audit_request(request, action=Action.VIEW, object_type="followup.case",
                  persons=[m.person_id for r in rows for m in r.members],
                  purpose="så egen arbeidsliste")
    return render(request, "followup/work/worklist.html", {
        "rows": rows, "today": timezone.localdate(),
        "attention": sum(1 for r in rows if r.attention),
    })
