"""Reads of the offers catalogue (tiltaksoversikten): the newest saved revision, else the file
that ships with the product."""

from __future__ import annotations

from levekar.followup import offers
from levekar.followup.models import OfferCatalogueRevision


def offer_catalogue_current() -> tuple[offers.Catalogue, OfferCatalogueRevision | None]:
    """The catalogue in use and the revision it comes from (None: the shipped file).
    One query; the parse is cached per document text."""
    revision = (OfferCatalogueRevision.objects.select_related("saved_by")
                .order_by("-saved_at", "-pk").first())
    text = revision.text if revision else offers.shipped_text()
    return offers.parse_cached(text), revision


def offer_catalogue() -> offers.Catalogue:
    return offer_catalogue_current()[0]


def offer_catalogue_text() -> tuple[str, OfferCatalogueRevision | None]:
    revision = OfferCatalogueRevision.objects.order_by("-saved_at", "-pk").first()
    return (revision.text if revision else offers.shipped_text()), revision


def offer_revisions(limit: int = 20) -> list[OfferCatalogueRevision]:
    return list(OfferCatalogueRevision.objects.select_related("saved_by")
                .order_by("-saved_at", "-pk")[:limit])


def offers_filtered(catalogue: offers.Catalogue, *, level: int | None = None,
                    prevention: str = "", area: str = "") -> list[offers.Offer]:
    return [o for o in catalogue.offers
            if (level is None or level in o.bti_levels)
            and (not prevention or o.prevention == prevention)
            and (not area or area in o.areas)]
