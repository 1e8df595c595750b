"""Nothing leaks: a citizen sees themselves and the children in their care, nobody else.

A generated matrix: every Min side address of every demo citizen, opened by every demo
citizen. Outside their scope the answer is the same "Ingen tilgang" page and an audit row.
"""

import pytest

from levekar.core.audit import Purpose
from levekar.core.models import AuditEvent
from levekar.minside.tests.factories import residents
from levekar.minside.tests.idp_fixtures import *  # noqa: F403
from levekar.minside.tests.idp_fixtures import HttpCitizen

pytestmark = pytest.mark.django_db(transaction=True)


def _addresses(state) -> dict[str, list[tuple[str, str]]]:
    """Each citizen's own addresses: (method, path)."""
    own = {
        "jonas": [("GET", f"/min-side/person/{p.pk}/") for p in
                  [state["jonas"], *state["children"]]]
                 + [("POST", f"/min-side/ferie/{state['nomination'].pk}/takk-nei/"),
                    ("POST", f"/min-side/lan/{state['loan'].pk}/forny/")],
        "kari": [("GET", f"/min-side/person/{state['kari'].pk}/"),
                 ("GET", f"/min-side/person/{state['per'].pk}/"),
                 ("POST", f"/min-side/ferie/{state['other_nomination'].pk}/takk-nei/")],
        "ola": [("GET", f"/min-side/person/{state['ola'].pk}/")],
    }
    return own


def test_every_citizen_is_refused_every_other_citizens_addresses(live_server,
                                                                  minside_settings, demo_org):
    state = residents(demo_org)
    own = _addresses(state)
    places_before = {n.pk: n.status for n in (state["nomination"], state["other_nomination"])}
    for who in own:
        citizen = HttpCitizen(live_server)
        assert citizen.log_in(state[who].national_id).status_code == 302
        csrf = citizen.http.get(f"{live_server.url}/min-side/").cookies.get("csrftoken") \
            or citizen.http.cookies.get("csrftoken")
        for owner, addresses in own.items():
            for method, path in addresses:
                if owner == who and method == "POST":
                    continue  # declining is the one change; tested on its own
                denied_before = AuditEvent.objects.filter(
                    action=AuditEvent.Action.DENIED, path=path).count()
                if method == "GET":
                    r = citizen.http.get(f"{live_server.url}{path}", allow_redirects=False)
                else:
                    r = citizen.http.post(f"{live_server.url}{path}",
                                          data={"csrfmiddlewaretoken": csrf},
                                          headers={"Referer": live_server.url},
                                          allow_redirects=False)
                denied = AuditEvent.objects.filter(action=AuditEvent.Action.DENIED,
                                                   path=path).count() - denied_before
                if owner == who:
                    assert r.status_code == 200, (who, path)
                    assert denied == 0
                else:
                    assert r.status_code == 403, (who, path, r.status_code)
                    assert "Ingen tilgang" in r.text
                    assert denied == 1, (who, path)
    for n in (state["nomination"], state["other_nomination"]):
        n.refresh_from_db()
        assert n.status == places_before[n.pk]  # nobody declined another family's place
    state["loan"].refresh_from_db()
    assert state["loan"].renewals == 0  # nobody renewed another family's loan


def test_a_parent_sees_the_cards_of_the_children_in_their_care_and_where_they_were_used(
        live_server, minside_settings, demo_org):
    state = residents(demo_org, with_holiday_place=False)
    citizen = HttpCitizen(live_server)
    citizen.log_in(state["jonas"].national_id)

    page = citizen.http.get(f"{live_server.url}/min-side/").text

    assert "Emil Berg" in page and "Sara Berg" in page
    assert "Per Lie" not in page and "Kari" not in page
    assert ("Strømmen IF" in page and "1 550" in page.replace("\xa0", " ")) or "1550" in page
    read = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW,
                                     purpose=Purpose.MINSIDE_OVERVIEW).get()
    assert set(read.subjects.values_list("person_id", flat=True)) == {
        state["jonas"].pk, *[c.pk for c in state["children"]]}


def test_declining_a_holiday_place_moves_the_waitlist_and_is_audited(live_server,
                                                                    minside_settings,
                                                                    demo_org):
    state = residents(demo_org)
    citizen = HttpCitizen(live_server)
    citizen.log_in(state["jonas"].national_id)
    csrf = citizen.http.get(f"{live_server.url}/min-side/").cookies.get("csrftoken") \
        or citizen.http.cookies.get("csrftoken")
    nomination = state["nomination"]
    assert nomination.status == "allocated"

    r = citizen.http.post(f"{live_server.url}/min-side/ferie/{nomination.pk}/takk-nei/",
                          data={"csrfmiddlewaretoken": csrf},
                          headers={"Referer": live_server.url}, allow_redirects=False)

    assert r.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == "declined"
    assert AuditEvent.objects.filter(object_id=str(nomination.pk),
                                     detail__contains="takket nei").exists()


def test_a_resident_with_no_data_sees_an_empty_page(live_server, minside_settings, demo_org):
    state = residents(demo_org, with_holiday_place=False)
    citizen = HttpCitizen(live_server)
    citizen.log_in(state["ola"].national_id)

    r = citizen.http.get(f"{live_server.url}/min-side/")

    assert r.status_code == 200 and "Berg" not in r.text and "Lie" not in r.text


def test_a_resident_renews_within_the_rules_and_reserves_for_pick_up(live_server,
                                                                     minside_settings,
                                                                     demo_org):
    from levekar.lending.models import Item, LendingPoint, Reservation

    state = residents(demo_org, with_holiday_place=False)
    citizen = HttpCitizen(live_server)
    citizen.log_in(state["jonas"].national_id)
    citizen.http.get(f"{live_server.url}/min-side/")
    csrf = citizen.http.cookies.get("csrftoken")
    post = {"data": {"csrfmiddlewaretoken": csrf}, "headers": {"Referer": live_server.url}}
    loan = state["loan"]
    due = loan.due_on

    citizen.http.post(f"{live_server.url}/min-side/lan/{loan.pk}/forny/", **post)
    loan.refresh_from_db()
    assert loan.renewals == 1 and loan.due_on > due
    # The category allows one renewal: the second is refused with the library's reason.
    page = citizen.http.post(f"{live_server.url}/min-side/lan/{loan.pk}/forny/", **post).text
    loan.refresh_from_db()
    assert loan.renewals == 1 and "allerede fornyet" in page

    tent = Item.objects.get(name="Telt")
    point = LendingPoint.objects.get(code="bibliotek")
    r = citizen.http.post(f"{live_server.url}/min-side/reserver/",
                          data={"csrfmiddlewaretoken": csrf, "item": tent.pk,
                                "location": point.pk},
                          headers={"Referer": live_server.url}, allow_redirects=False)
    assert r.status_code == 302
    hold = Reservation.objects.get(item=tent)
    assert hold.borrower.phone == state["jonas"].phone
    assert hold.status == Reservation.Status.READY and hold.expires_at is not None


def test_the_access_log_needs_the_high_level_and_shows_staff_reads_of_a_child(
        live_server, minside_settings, demo_org):
    from levekar.core.audit import Action, audit_record

    state = residents(demo_org, with_holiday_place=False)
    nav = demo_org["users"]["nav1"]
    emil, per = state["children"][0], state["per"]
    audit_record(actor=nav, action=Action.VIEW, persons=[emil.pk], detail="så økonomi")
    audit_record(actor=nav, action=Action.VIEW, persons=[per.pk], detail="så bolig")
    citizen = HttpCitizen(live_server)
    citizen.log_in(state["jonas"].national_id)  # substantial

    r = citizen.http.get(f"{live_server.url}/min-side/innsyn/", allow_redirects=False)
    assert r.status_code == 302 and "niva=idporten-loa-high" in r.headers["Location"]

    landed = citizen.log_in(state["jonas"].national_id, level="idporten-loa-high")
    assert landed.headers["Location"] == "/min-side/"
    page = citizen.http.get(f"{live_server.url}/min-side/innsyn/").text

    assert "så økonomi" in page and "NAV Lillestrøm" in page
    assert "så bolig" not in page  # another family's child


def test_the_family_pages_are_refused_to_every_citizen_outside_the_family(
        live_server, minside_settings, demo_org):
    """The plan and consent addresses × the citizens, logged in at the high level: a parent
    reaches her family's pages, her 16-year-old the same pages and her own consent, and
    nobody reaches another family's plan or a consent they do not decide over."""
    from levekar.minside.tests.factories import family_under_followup

    fam = family_under_followup(demo_org)
    state = residents(demo_org, with_holiday_place=False)
    case, other = fam["case"], fam["other_case"]
    family_grant = fam["family"].grants.get(unit__code="nav-lillestrom", part="economy")
    own_grant = fam["own"].grants.get()
    pages = [("GET", f"/min-side/familien/{c.pk}/{p}/") for c in (case, other)
             for p in ("plan", "samtykke")]
    withdraw = {g: ("POST", f"/min-side/familien/{case.pk}/samtykke/{g.pk}/trekk-tilbake/")
                for g in (family_grant, own_grant)}
    allowed = {
        "leila": {pages[0], pages[1], withdraw[family_grant]},
        "sara": {pages[0], pages[1], withdraw[own_grant]},
        "tomas": {pages[2], pages[3]},
        "jonas": set(),
        "ola": set(),
        "omid": set(),
    }
    people = {**{k: fam[k] for k in ("leila", "sara", "tomas", "omid")},
              "jonas": state["jonas"], "ola": state["ola"]}
    for who, own in allowed.items():
        citizen = HttpCitizen(live_server)
        assert citizen.log_in(people[who].national_id,
                              level="idporten-loa-high").status_code == 302
        citizen.http.get(f"{live_server.url}/min-side/")
        csrf = citizen.http.cookies.get("csrftoken")
        for method, path in [*pages, *withdraw.values()]:
            if (method, path) in own and method == "POST":
                continue  # withdrawing is the one change; tested on its own
            denied_before = AuditEvent.objects.filter(action=AuditEvent.Action.DENIED,
                                                      path=path).count()
            if method == "GET":
                r = citizen.http.get(f"{live_server.url}{path}", allow_redirects=False)
            else:
                r = citizen.http.post(f"{live_server.url}{path}",
                                      data={"csrfmiddlewaretoken": csrf},
                                      headers={"Referer": live_server.url},
                                      allow_redirects=False)
            denied = AuditEvent.objects.filter(action=AuditEvent.Action.DENIED,
                                               path=path).count() - denied_before
            if (method, path) in own:
                assert r.status_code == 200 and denied == 0, (who, path, r.status_code)
            else:
                assert r.status_code == 403, (who, path, r.status_code)
                assert "Ingen tilgang" in r.text and denied == 1, (who, path)
    for grant in (family_grant, own_grant):
        grant.refresh_from_db()
        assert grant.withdrawn_at is None  # nobody withdrew a consent that is not theirs
