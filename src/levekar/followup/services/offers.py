"""The offers catalogue (tiltaksoversikten): the BTI coordinator saves a new revision."""

from __future__ import annotations

from django.db import transaction

from levekar.core.audit import Kind
from levekar.core.errors import Conflict
from levekar.followup import entitlements, offers
from levekar.followup.models import OfferCatalogueRevision
from levekar.followup.services._common import _audit


@transaction.atomic
def offer_catalogue_save(*, actor, text: str, note: str = "",
                         expected_revision: int | None = None,
                         request=None) -> OfferCatalogueRevision:
    """Check the document (every offer's fields, ids unique, entitlements known) and keep it
    as the newest revision, audited. ``expected_revision`` is the revision the edit form was
    read at (0: the shipped file); if someone saved in between, ``Conflict``."""
    catalogue = offers.parse(text, known_entitlements={s.id for s in entitlements.rules()})
    newest = (OfferCatalogueRevision.objects.select_for_update()
              .order_by("-saved_at", "-pk").values_list("pk", flat=True).first())
    if expected_revision is not None and (newest or 0) != expected_revision:
        raise Conflict("Tiltaksoversikten er endret av en annen siden du åpnet den.")
    revision = OfferCatalogueRevision.objects.create(text=text.replace("\r\n", "\n"),
                                                     note=note.strip()[:300], saved_by=actor)
    _audit(actor=actor, request=request, kind=Kind.OFFERS_UPDATE, obj=revision, persons=(),
           detail=f"endret tiltaksoversikten ({len(catalogue.offers)} tilbud)")
    return revision
