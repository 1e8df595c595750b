"""Keep the outcome rows in step with followup's mappings.

``followup`` may not import the evaluation (it sits below it), so the evaluation listens
to the saves and deletes of ``Assessment`` (and the saves of ``Case``, whose BTI level the
outcome rows copy; and of ``Goal`` and ``SessionFeedback``, which only raise the outcomes'
data version so no cached figure outlives them): a save recomputes that case's rows in the same
transaction; a delete (correction or purge) drops them at once and recomputes after the
commit, when the cascade that may be deleting the whole case is over.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from levekar.followup.models import Assessment, Case, Goal, SessionFeedback

_UID_SAVE = "evaluation.outcomes.assessment_saved"
_UID_DELETE = "evaluation.outcomes.assessment_deleted"
_UID_CASE = "evaluation.outcomes.case_saved"
_UID_FIGURES = "evaluation.outcomes.figures_changed"


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from levekar.evaluation.services import outcomes_refresh

    outcomes_refresh(case_ids=[instance.case_id])


def _deleted(sender, instance, **kwargs):
    from levekar.evaluation.models import MappingChange
    from levekar.evaluation.services import outcomes_refresh, outcomes_version_bump

    case_id = instance.case_id
    MappingChange.objects.filter(case_id=case_id).delete()
    outcomes_version_bump()
    transaction.on_commit(lambda: outcomes_refresh(case_ids=[case_id]))


def _case_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:
        return
    from levekar.evaluation.services import outcomes_case_changed

    outcomes_case_changed(case=instance)


def _figures_changed(sender, instance=None, raw=False, **kwargs):
    """A result goal or a session feedback written or removed: the cached outcome figures
    are of an older version."""
    if raw:
        return
    from levekar.evaluation.services import outcomes_version_bump

    outcomes_version_bump()


def connect() -> None:
    post_save.connect(_saved, sender=Assessment, dispatch_uid=_UID_SAVE)
    post_delete.connect(_deleted, sender=Assessment, dispatch_uid=_UID_DELETE)
    post_save.connect(_case_saved, sender=Case, dispatch_uid=_UID_CASE)
    for model in (Goal, SessionFeedback):
        post_save.connect(_figures_changed, sender=model, dispatch_uid=f"{_UID_FIGURES}.{model}")
        post_delete.connect(_figures_changed, sender=model,
                            dispatch_uid=f"{_UID_FIGURES}.{model}.delete")
