"""Keep the outcome rows in step with followup's mappings.

``followup`` may not import the evaluation (it sits below it), so the evaluation listens
to the saves and deletes of ``Assessment``: a save recomputes that case's rows in the same
transaction; a delete (correction or purge) drops them at once and recomputes after the
commit, when the cascade that may be deleting the whole case is over.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from levekar.followup.models import Assessment

_UID_SAVE = "evaluation.outcomes.assessment_saved"
_UID_DELETE = "evaluation.outcomes.assessment_deleted"


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from levekar.evaluation.services import outcomes_refresh

    outcomes_refresh(case_ids=[instance.case_id])


def _deleted(sender, instance, **kwargs):
    from levekar.evaluation.models import MappingChange
    from levekar.evaluation.services import outcomes_refresh

    case_id = instance.case_id
    MappingChange.objects.filter(case_id=case_id).delete()
    transaction.on_commit(lambda: outcomes_refresh(case_ids=[case_id]))


def connect() -> None:
    post_save.connect(_saved, sender=Assessment, dispatch_uid=_UID_SAVE)
    post_delete.connect(_deleted, sender=Assessment, dispatch_uid=_UID_DELETE)
