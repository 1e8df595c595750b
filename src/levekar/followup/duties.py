"""The duties of each level of the BTI handlingsveileder (Lillestrøm, seeds/004), shown on
the case page for the current level and on the BTI page for all levels."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from levekar.followup.models import BtiLevel


@dataclass(frozen=True)
class LevelDuties:
    level: int
    title: str | Promise
    duties: tuple[str | Promise, ...]


LEVEL_DUTIES: dict[int, LevelDuties] = {
    BtiLevel.CLARIFYING: LevelDuties(0, _("A concern being clarified"), (
        _("Notice early signs of poor well-being, developmental delay or behavioural "
          "problems."),
        _("Talk with the child and the parents about the concern, and write down what is "
          "found."),
        _("Decide whether measures are needed in your own service (level 1)."),
    )),
    BtiLevel.OWN_SERVICE: LevelDuties(1, _("Measures in one's own service"), (
        _("A named stafettholder in the service holds the baton and follows up (required)."),
        _("Start measures early in your own service."),
        _("Work closely with the child and the family."),
        _("Consider lifting the case to level 2 if the measures in your own service do not "
          "help."),
    )),
    BtiLevel.COOPERATION: LevelDuties(2, _("Cooperation between services"), (
        _("The case is lifted to level 2 only after consent."),
        _("The supporting services map the situation after consent and assess further "
          "follow-up together with the child, the family and the basic services."),
        _("Adapt measures to age, maturity, experience and cultural and language "
          "background."),
        _("Make sure the necessary information is shared so that help comes quickly, at the "
          "right level."),
    )),
    BtiLevel.EXTENSIVE: LevelDuties(3, _("Extensive cooperation"), (
        _("Cooperate around the child and the parents with the other municipal services "
          "and external services when needed."),
        _("Plan and start assessments, examinations and measures."),
        _("Give guidance and support where the child spends the day."),
        _("Consider an individual plan (individuell plan) and a child coordinator "
          "(barnekoordinator) for needs that are complex and long-lasting."),
    )),
}
