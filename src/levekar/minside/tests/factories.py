"""State for Min side tests, built with the apps' own services and the Min side demo."""

import datetime as dt

from levekar.core.lib.progress import NULL_REPORTER
from levekar.minside import demo
from levekar.people import services as people_services
from levekar.people.identity import synthetic_national_id
from levekar.people.models import Person


def _library():
    """A lending point with skis (one pair goes on loan to Jonas in the demo) and a tent."""
    from levekar.lending import services as lending

    point = lending.lending_point_ensure(code="bibliotek", name="Lillestrøm bibliotek",
                                         hold_days=3, order=1)
    winter = lending.category_ensure(code="vinter", name="Vinter", order=1, loan_days=7,
                                     max_renewals=1)
    camping = lending.category_ensure(code="tur", name="Tur og telt", order=2)
    skis = lending.item_create(category=winter, name="Langrennsski", size="130 cm")
    tent = lending.item_create(category=camping, name="Telt", size="4 personer")
    lending.copies_add(item=skis, location=point, count=1, first_number=1001)
    lending.copies_add(item=tent, location=point, count=1, first_number=5001)


def residents(demo_org, *, with_holiday_place: bool = True) -> dict:
    """The demo's Berg family (two children with cards, one used at a club), Ola with no
    data, and another family (Kari Lie and her son) that Jonas must never see."""
    from levekar.passes import services as passes

    municipality = demo_org["municipality"]
    passes.scheme_create(municipality=municipality, code="fritidskort", name="Fritidskort",
                         kind="activity_pass", card_title="Fritidskort",
                         annual_cap_per_child=2000)
    passes.club_create(municipality=municipality, name="Strømmen IF")
    _library()
    demo.load(reporter=NULL_REPORTER)
    jonas = Person.objects.get(national_id=demo.national_id(demo.PARENT))
    household = jonas.household
    other_home = people_services.household_create(actor=None, municipality=municipality,
                                                  street="Fjellveien 2")
    kari = people_services.person_create(
        actor=None, first_name="Kari", last_name="Lie", household=other_home,
        national_id=synthetic_national_id(dt.date(1988, 8, 8), 11))
    son = people_services.person_create(
        actor=None, first_name="Per", last_name="Lie", household=other_home,
        national_id=synthetic_national_id(dt.date(2015, 4, 4), 12))
    people_services.parental_responsibility_set(actor=None, parent=kari, child=son)
    from levekar.lending.models import Loan

    state = {"loan": Loan.objects.get(borrower__phone=demo.PARENT_PHONE), "jonas": jonas,
             "ola": Person.objects.get(national_id=demo.national_id(demo.NO_DATA)),
             "kari": kari, "per": son,
        "children": list(Person.objects.filter(parents_rel__parent=jonas)
                         .order_by("birth_date"))}
    if with_holiday_place:
        offer = passes.offer_create(
            municipality=municipality, name="Sommerleir", organiser="Ferie for alle",
            place="Hove", starts_on=dt.date.today() + dt.timedelta(days=200), min_child_age=6,
            ends_on=dt.date.today() + dt.timedelta(days=205), capacity=6)
        nav = demo_org["users"]["nav1"]
        nominations = [passes.nomination_create(actor=nav, offer=offer, household=h,
                                                basis="service_case",
                                                need=3, reason="Trenger ferie.", persons=n)
                       for h, n in ((household, 3), (other_home, 2))]
        passes.offer_allocate(actor=demo_org["users"]["fritid1"], offer=offer, seed=1)
        for n in nominations:
            n.refresh_from_db()
        state.update(offer=offer, nomination=nominations[0], other_nomination=nominations[1])
    return state


def _birth(age: int, month: int) -> dt.date:
    today = dt.date.today()
    born = dt.date(today.year - age, month, 1)
    return born if (today.month, today.day) >= (born.month, 1) else born.replace(
        year=born.year - 1)


def family_under_followup(demo_org) -> dict:
    """A family under follow-up built through the follow-up services: Leila (38, parent),
    Sara (16) and Omid (11), with the register's parental responsibility; a family consent
    from Leila (NAV: economy; helsestasjonen: health), Sara's own health consent to the
    school; goals for the family, Leila, Sara (leisure and health, with her words) and
    Omid; a planned meeting. And another family (Tomas, parent) whose plan Leila must never
    see."""
    from django.utils import timezone

    from levekar.followup import services as fs
    from levekar.followup.models import ChildVoice, Meeting, PlanArea

    users, units = demo_org["users"], demo_org["units"]
    coordinator = users["koordinator1"]

    def member(first, last, role, age, month, serial):
        return fs.MemberInput(first_name=first, last_name=last, role=role,
                              national_id=synthetic_national_id(_birth(age, month), serial))

    case = fs.case_open(actor=coordinator, street="Strømsveien 41 B", postcode="2010",
                        members=[member("Leila", "Ahmadi", "parent", 38, 3, 60),
                                 member("Sara", "Ahmadi", "child", 16, 1, 61),
                                 member("Omid", "Ahmadi", "child", 11, 5, 62)])
    members = {m.person.first_name: m for m in case.members.select_related("person")}
    leila, sara, omid = (members[n].person for n in ("Leila", "Sara", "Omid"))
    for child in (sara, omid):
        people_services.parental_responsibility_set(actor=None, parent=leila, child=child)
    family = fs.consent_record(actor=coordinator, case=case, given_by=leila, subject=None,
                               grants=[(units["nav-lillestrom"], "economy"),
                                       (units["helsestasjon-lillestrom"], "health")])
    own = fs.consent_record(actor=coordinator, case=case, given_by=sara, subject=sara,
                            grants=[(units["strommen-skole"], "health")])
    home = fs.goal_create(actor=coordinator, case=case, area=PlanArea.HOUSING,
                          title="Større bolig")
    fs.action_create(actor=coordinator, goal=home, description="Søknad om kommunal bolig",
                     responsible_unit=units["boligkontoret"],
                     deadline=dt.date.today() + dt.timedelta(days=60))
    work = fs.goal_create(actor=coordinator, case=case, area=PlanArea.WORK_ECONOMY,
                          member=members["Leila"], title="Mor i arbeidsrettet aktivitet")
    fs.action_create(actor=coordinator, goal=work, description="Aktivitetsplan hos NAV",
                     responsible_unit=units["nav-lillestrom"], responsible_person="NAV-veileder")
    leisure = fs.goal_create(actor=coordinator, case=case, area=PlanArea.LEISURE,
                             member=members["Sara"], title="Sara med i organisert fritid")
    fs.child_voice_record(actor=coordinator, goal=leisure, child=members["Sara"],
                          words="Jeg vil spille håndball, men har ikke sko",
                          gathered_how=ChildVoice.How.HOME_VISIT)
    health = fs.goal_create(actor=coordinator, case=case, area=PlanArea.HEALTH,
                            member=members["Sara"], title="Sara sover bedre")
    fs.child_voice_record(actor=coordinator, goal=health, child=members["Sara"],
                          words="Jeg vil snakke med helsesykepleier alene",
                          gathered_how=ChildVoice.How.CONVERSATION)
    school = fs.goal_create(actor=coordinator, case=case, area=PlanArea.SCHOOL,
                            member=members["Omid"], title="Omid trives på skolen")
    fs.child_voice_record(actor=coordinator, goal=school, child=members["Omid"],
                          words="Jeg liker matte", gathered_how=ChildVoice.How.AT_SCHOOL)
    fs.meeting_create(actor=coordinator, case=case, kind=Meeting.Kind.HOME_VISIT,
                      starts_at=timezone.now() + dt.timedelta(days=7), place="Hjemme")
    other = fs.case_open(actor=coordinator, street="Fjellveien 9",
                         members=[member("Tomas", "Dahl", "parent", 44, 6, 63),
                                  member("Tiril", "Dahl", "child", 9, 2, 64)])
    tomas = other.members.get(role="parent").person
    people_services.parental_responsibility_set(
        actor=None, parent=tomas, child=other.members.get(role="child").person)
    fs.goal_create(actor=coordinator, case=other, area=PlanArea.HOUSING,
                   title="Dahl-familiens boligmål")
    return {"case": case, "leila": leila, "sara": sara, "omid": omid, "family": family,
            "own": own, "other_case": other, "tomas": tomas, "coordinator": coordinator}
