"""Schemes (ordninger) and their eligibility rule sets."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from levekar.core.errors import InvalidInput, NotFound, Problem
from levekar.core.models import Municipality
from levekar.passes.eligibility import RuleError, parse_rules
from levekar.passes.models import RuleSet, Scheme


@transaction.atomic
def scheme_create(*, municipality: Municipality, code: str, name: str, kind: str,
                  card_title: str, applies_to: str = "", annual_cap_per_child: int | None = None,
                  description: str = "") -> Scheme:
    if Scheme.objects.filter(code=code).exists():
        raise InvalidInput([Problem("En ordning med denne kortkoden finnes allerede.",
                                    field="kortkode")])
    scheme = Scheme(municipality=municipality, code=code, name=name, kind=kind,
                    card_title=card_title, applies_to=applies_to,
                    annual_cap_per_child=annual_cap_per_child, description=description)
    scheme.full_clean()
    scheme.save()
    return scheme


@transaction.atomic
def scheme_update(*, scheme: Scheme, name: str, kind: str, card_title: str,
                  applies_to: str = "", annual_cap_per_child: int | None = None,
                  description: str = "", code: str | None = None) -> Scheme:
    """Change a scheme's texts and cap; its short code stays (commands and links use it)."""
    scheme.name, scheme.kind, scheme.card_title = name, kind, card_title
    scheme.applies_to, scheme.annual_cap_per_child = applies_to, annual_cap_per_child
    scheme.description = description
    scheme.full_clean()
    scheme.save()
    return scheme


@transaction.atomic
def rule_set_create(*, scheme: Scheme, valid_from: dt.date, valid_to: dt.date | None,
                    rules: dict, actor=None, note: str = "") -> RuleSet:
    """Add a rule set; it must parse and must not overlap another period of the scheme."""
    try:
        parse_rules(rules)
    except RuleError as exc:
        raise InvalidInput([Problem(p, field="regler") for p in exc.problems]) from exc
    if valid_to is not None and valid_to < valid_from:
        raise InvalidInput([Problem("Sluttdatoen kan ikke være før startdatoen.",
                                    field="gyldig til")])
    overlap = RuleSet.objects.filter(scheme=scheme).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    if valid_to is not None:
        overlap = overlap.filter(valid_from__lte=valid_to)
    clash = overlap.order_by("valid_from").first()
    if clash:
        until = f"{clash.valid_to:%d.%m.%Y}" if clash.valid_to else "uten sluttdato"
        raise InvalidInput([Problem(
            f"Perioden overlapper regelsettet som gjelder fra {clash.valid_from:%d.%m.%Y} "
            f"({until}). Avslutt det først, eller velg en annen periode.",
            field="gyldig fra")])
    rule_set = RuleSet(scheme=scheme, valid_from=valid_from, valid_to=valid_to, rules=rules,
                       note=note, created_by=actor if getattr(actor, "pk", None) else None)
    try:
        rule_set.save()
    except ValidationError as exc:  # pragma: no cover - parse_rules above says the same
        raise InvalidInput([Problem(m, field="regler") for m in exc.messages]) from exc
    return rule_set


@transaction.atomic
def rule_set_close(*, rule_set: RuleSet, valid_to: dt.date) -> RuleSet:
    """End an open-ended rule set, so a new period can start after it."""
    if rule_set.valid_to is not None:
        raise InvalidInput([Problem("Regelsettet har allerede en sluttdato.",
                                    field="gyldig til")])
    if valid_to < rule_set.valid_from:
        raise InvalidInput([Problem("Sluttdatoen kan ikke være før startdatoen.",
                                    field="gyldig til")])
    rule_set.valid_to = valid_to
    rule_set.save(update_fields=["valid_to"])
    return rule_set


def rule_set_for_year(*, scheme: Scheme, year: int) -> RuleSet:
    """The rule set in force on the scheme year's reference day (1 August by default)."""
    candidates = RuleSet.objects.filter(scheme=scheme, valid_from__lte=dt.date(year, 12, 31)) \
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=dt.date(year, 1, 1))) \
        .order_by("-valid_from")
    for rule_set in candidates:
        if rule_set.covers(rule_set.parsed.reference_date(year)):
            return rule_set
    raise NotFound(f"Ordningen «{scheme.name}» har ikke noe regelsett som gjelder for {year}.")
