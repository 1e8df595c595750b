"""Demo data of the group programmes (idempotent): ICDP parent guidance carrying out the
plan's «Foreldreveiledning» measure, with three groups — one in Norwegian, one
language-adapted in Arabic with a co-leader of minority background, and a small one in
Somali whose results are suppressed — made through the services as the group leaders
would, with sessions, attendance and questionnaires before and after."""

import datetime as dt
import random

from django.utils import timezone

from levekar.core.models import User
from levekar.evaluation import datafiles
from levekar.evaluation import programme_services as services
from levekar.evaluation.models import Phase, Programme
from levekar.plans.models import Measure

PLAN = "lillestrom-2026-2030"
PARENTING_MEASURE = "1.1.1"
CODE = "icdp-foreldreveiledning"
GROUPS = [
    # name, language, place, participants, co-leader, note, answered after, seed
    ("Strømmen, høsten", "norsk", "Strømmen helsestasjon", 14, "", "", 12, 1),
    ("Lillestrøm, arabisk", "arabisk", "Lillestrøm bibliotek, møterom 2", 12, "Rania Haddad",
     "medveileder med minoritetsbakgrunn, snakker arabisk", 11, 2),
    ("Skjetten, somali", "somali", "Skjetten helsestasjon", 5, "Hodan Abdi",
     "kulturtolk og medveileder", 3, 3),
]
FIRST = ["Amal", "Reza", "Linn", "Fatima", "Jonas", "Mariam", "Kjetil", "Hawa", "Sana",
         "Tor", "Leyla", "Ahmed", "Ida", "Yasmin", "Omar"]
THEMES = ["Vis positive følelser", "Juster deg etter barnet", "Snakk med barnet",
          "Ros og anerkjennelse", "Felles oppmerksomhet", "Gi mening", "Utdyp og forklar",
          "Grensesetting på en positiv måte"]


def load() -> None:
    if Programme.objects.filter(code=CODE).exists():
        return
    owner = User.objects.filter(username="planeier1").first()
    leader = User.objects.filter(username="helsestasjon1").first()
    if owner is None or leader is None:
        return
    measure = Measure.objects.filter(plan__code=PLAN, code=PARENTING_MEASURE).first()
    programme = services.programme_create(
        actor=owner, code=CODE, name="ICDP foreldreveiledning", measure=measure,
        questionnaire="icdp_foreldre",
        description="Foreldreveiledning i grupper etter ICDP-programmet (International Child "
                    "Development Programme): åtte samlinger med sertifiserte veiledere, "
                    "språktilpassede grupper med medveileder, skjema før og etter.")
    form = datafiles.questionnaires()["icdp_foreldre"]
    today = timezone.localdate()
    for g, (name, language, place, n, co, note, after, seed) in enumerate(GROUPS):
        rng = random.Random(seed)
        start = today - dt.timedelta(days=70 + 10 * g)
        course = services.course_create(
            actor=owner, programme=programme, name=name, language=language, place=place,
            starts_on=start, leaders=[leader], co_leader=co, co_leader_note=note)
        people = [services.participant_register(
            actor=leader, course=course, name=f"{FIRST[(i + 5 * g) % len(FIRST)]} D.",
            consent=True, consent_on=start - dt.timedelta(days=7),
            from_followup=rng.random() < 0.3) for i in range(n)]
        for p in people:
            before = {i.id: rng.randint(2, 4) for i in form.items}
            services.questionnaire_answer(actor=leader, participant=p, phase=Phase.BEFORE,
                                          answers=before, answered_on=start)
        for s in range(8):
            services.session_record(actor=leader, course=course,
                                    held_on=start + dt.timedelta(days=7 * s), theme=THEMES[s],
                                    attended=[p for p in people if rng.random() < 0.85])
        for p in people[:after]:
            gain = rng.choice([1, 1, 1, 0, 0, -1])
            answers = {}
            for item in form.items:
                step = gain if item.direction == "up" else -gain
                answers[item.id] = max(form.low, min(form.high, 3 + step + rng.choice([0, 0, 1])
                                                     * (1 if item.direction == "up" else -1)))
            services.questionnaire_answer(actor=leader, participant=p, phase=Phase.AFTER,
                                          answers=answers,
                                          answered_on=start + dt.timedelta(days=56))
