"""Min side's plan page lists the meetings held with the services: who wrote them and
when, and only those the reader may read (a young person's own part stays hers)."""

import datetime as dt

import pytest
from django.utils import timezone

from levekar.core.services import user_ensure
from levekar.followup import services as fs
from levekar.followup.access import case_access_for_user
from levekar.followup.models import Meeting
from levekar.minside.tests.factories import family_under_followup
from levekar.minside.tests.test_family import _citizen, _text

pytestmark = pytest.mark.django_db


def test_the_family_sees_the_services_meetings_and_who_wrote_them(demo_org):
    fam = family_under_followup(demo_org)
    case = fam["case"]
    members = {m.person.first_name: m for m in case.members.select_related("person")}
    nurse = demo_org["users"]["helsestasjon1"]
    school = user_ensure(username="skole1", password="x" * 12, roles=("tjenestepartner",),
                         org_unit=demo_org["units"]["strommen-skole"], first_name="Siri",
                         last_name="Skolesen")
    held = timezone.now() - dt.timedelta(days=2)
    fs.meeting_create(actor=nurse, case=case, kind=Meeting.Kind.OFFICE, starts_at=held,
                      status=Meeting.Status.HELD, part="health", members=[members["Leila"]],
                      notes="Vi snakket om søvn.",
                      access=case_access_for_user(nurse, case.pk))
    fs.meeting_create(actor=school, case=case, kind=Meeting.Kind.OFFICE, starts_at=held,
                      status=Meeting.Status.HELD, part="health", members=[members["Sara"]],
                      notes="Sara vil ha samtale alene.",
                      access=case_access_for_user(school, case.pk))

    leila = _text(_citizen(fam["leila"]).get(f"/min-side/familien/{case.pk}/plan/",
                                             HTTP_ACCEPT_LANGUAGE="en"))
    section = leila.split('id="moter"')[1]
    assert "Meetings with the services" in section and "Written by" in section
    assert "Vi snakket om søvn." in section
    assert nurse.display_name in section and "Helsestasjon Lillestrøm" in section
    assert "Sara vil ha samtale alene." not in leila     # Sara's own health part

    sara = _text(_citizen(fam["sara"]).get(f"/min-side/familien/{case.pk}/plan/"))
    assert "Møter med tjenestene" in sara and "Skrevet av Siri Skolesen" in sara
    assert "Sara vil ha samtale alene." in sara
    assert "Vi snakket om søvn." not in sara
