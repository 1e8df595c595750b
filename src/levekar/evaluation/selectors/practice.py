"""Reads of the lovende-praksis assessments: one measure's, a year's list by foundation,
and the short summary the plan's measure page shows ("6 av 8 elementer")."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from levekar.evaluation import datafiles
from levekar.evaluation.models import PracticeAssessment, Rating
from levekar.plans.models import Measure


@dataclass
class PracticeSummary:
    assessment: PracticeAssessment | None
    met: int = 0
    partly: int = 0
    not_met: int = 0
    elements: int = 0

    @property
    def text(self) -> str:
        return _("%(met)s of %(n)s elements") % {"met": self.met, "n": self.elements}

    @property
    def counts(self) -> str:
        """The partly and unmet elements, for tables that give the year in a column."""
        return _("%(partly)s partly, %(not)s not met") % {
            "partly": self.partly, "not": self.not_met}

    @property
    def detail(self) -> str:
        return _("%(partly)s partly, %(not)s not met (assessed %(year)s)") % {
            "partly": self.partly, "not": self.not_met, "year": self.assessment.year}


def summarise(assessment: PracticeAssessment | None) -> PracticeSummary:
    """Counts over the elements of the data file (ratings of elements no longer listed are
    left out; elements without a rating count as not met)."""
    elements = [e.id for e in datafiles.elements()]
    summary = PracticeSummary(assessment, elements=len(elements))
    if assessment is None:
        return summary
    ratings = {r.element: r.rating for r in assessment.ratings.all()}
    for e in elements:
        rating = ratings.get(e, Rating.NOT_MET)
        if rating == Rating.MET:
            summary.met += 1
        elif rating == Rating.PARTLY:
            summary.partly += 1
        else:
            summary.not_met += 1
    return summary


def latest_by_measure(measure_ids, year: int) -> dict[int, PracticeAssessment]:
    """Each measure's newest assessment in or before ``year`` (2 queries)."""
    out: dict[int, PracticeAssessment] = {}
    for a in (PracticeAssessment.objects.filter(measure_id__in=list(measure_ids), year__lte=year)
              .prefetch_related("ratings").order_by("measure_id", "-year")):
        out.setdefault(a.measure_id, a)
    return out


def assessment_for(measure: Measure, year: int) -> PracticeAssessment | None:
    return (PracticeAssessment.objects.filter(measure=measure, year=year)
            .prefetch_related("ratings").first())


@dataclass
class PracticeLine:
    measure: Measure
    summary: PracticeSummary


def practice_list(year: int) -> list[PracticeLine]:
    """Every measure with its newest assessment up to ``year``, best founded first;
    measures never assessed last (4 queries)."""
    measures = list(Measure.objects.select_related("plan").order_by("plan", "position", "pk"))
    latest = latest_by_measure([m.pk for m in measures], year)
    lines = [PracticeLine(m, summarise(latest.get(m.pk))) for m in measures]
    lines.sort(key=lambda line: (line.summary.assessment is None, -line.summary.met,
                                 -line.summary.partly, line.measure.plan.title,
                                 line.measure.position))
    return lines
