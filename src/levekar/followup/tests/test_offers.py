"""Tiltaksoversikten: the offers catalogue as a document the municipality edits, the BTI
coordinator's page to keep it current, and the links from actions, rights and BTI duties."""

import pytest
import yaml
from django.urls import reverse

from levekar.core.errors import Conflict, InvalidInput
from levekar.core.models import AuditEvent, OrgUnit
from levekar.followup import entitlements, offers
from levekar.followup import services as S
from levekar.followup.models import GoalAction, OfferCatalogueRevision, PlanArea
from levekar.followup.selectors import offer_catalogue
from levekar.followup.tests.factories import make_family

SHIPPED = offers.shipped_text()
ONE = """offers:
  - id: leksehjelp
    name: Leksehjelp
    description: Gratis leksehjelp.
    provider: Biblioteket
    prevention: universal
    service: other
    bti_levels: [0, 1]
    decided_by: Ingen søknad
    how_to_refer: Møt opp.
"""


def test_the_shipped_catalogue_covers_the_universal_measures_and_the_services():
    cat = offers.parse(SHIPPED, known_entitlements={s.id for s in entitlements.rules()})
    ids = {o.id for o in cat.offers}
    assert {"aktivitetspass", "utstyrsbanken", "ferietilbud", "foreldregruppe-icdp",
            "nav-okonomisk-radgivning", "helsestasjon-samtale", "ppt-henvisning",
            "boligkontoret"} <= ids
    assert {o.prevention for o in cat.offers} == {"universal", "selective", "indicated"}
    assert {o.service for o in cat.offers} == {"basic", "support", "other"}
    assert {lvl for o in cat.offers for lvl in o.bti_levels} == {0, 1, 2, 3}


def test_every_possible_entitlement_has_an_offer_and_every_unit_exists(demo_org):
    cat = offers.parse(SHIPPED)
    for scheme in entitlements.rules():
        assert cat.for_entitlement(scheme.id) is not None, scheme.id
    units = set(OrgUnit.objects.values_list("code", flat=True))
    assert {o.unit for o in cat.offers if o.unit} <= units
    assert {s.responsible_unit for s in entitlements.rules() if s.responsible_unit} <= units


@pytest.mark.parametrize(("text", "expected"), [
    ("offers: [\n  - id: x\n", "offers.yaml, linje 2: ikke gyldig YAML"),
    (ONE.replace("    prevention: universal\n", ""),
     "offers.yaml, linje 2, felt «offers.0»: mangler feltet «prevention»"),
    (ONE.replace("prevention: universal", "prevention: sometimes"),
     "offers.yaml, linje 6, felt «offers.0.prevention»: ugyldig verdi 'sometimes'"),
    (ONE.replace("bti_levels: [0, 1]", "bti_levels: [0, 4]"),
     "offers.yaml, linje 8, felt «offers.0.bti_levels.1»: verdien er for stor"),
    (ONE + ONE.replace("offers:\n", ""),
     "offers.yaml, linje 11, felt «offers.1.id»: tilbudet «leksehjelp» finnes to ganger"),
    (ONE + "    entitlements: [lotto]\n",
     "offers.yaml, linje 11, felt «offers.0.entitlements.0»: ukjent rettighet «lotto»"),
])
def test_a_wrong_document_is_refused_naming_line_and_field(text, expected):
    with pytest.raises(InvalidInput) as exc:
        offers.parse(text, known_entitlements={"bostotte"})
    assert expected in exc.value.summary()


def test_saving_keeps_a_revision_audited_and_it_is_used(bti_leader):
    assert offer_catalogue().get("aktivitetspass") is not None
    revision = S.offer_catalogue_save(actor=bti_leader, text=ONE, note="Bare leksehjelp",
                                      expected_revision=0)
    assert [o.id for o in offer_catalogue().offers] == ["leksehjelp"]
    event = AuditEvent.objects.get(object_type="followup.offercataloguerevision")
    assert (event.action, event.actor, event.object_id) == ("update", bti_leader,
                                                            str(revision.pk))
    assert "1 tilbud" in event.detail


def test_a_save_from_an_old_revision_is_a_conflict_and_a_bad_one_writes_nothing(bti_leader):
    first = S.offer_catalogue_save(actor=bti_leader, text=SHIPPED, expected_revision=0)
    with pytest.raises(Conflict):
        S.offer_catalogue_save(actor=bti_leader, text=ONE, expected_revision=0)
    with pytest.raises(InvalidInput):
        S.offer_catalogue_save(actor=bti_leader, text="offers: []",
                               expected_revision=first.pk)
    assert list(OfferCatalogueRevision.objects.all()) == [first]
    assert AuditEvent.objects.filter(object_type="followup.offercataloguerevision").count() == 1


def test_staff_read_the_catalogue_filtered_by_level(client_as, django_assert_max_num_queries):
    client = client_as("koordinator1")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("followup:offer_list") + "?niva=3")
    html = response.content.decode()
    shown = {o.id for o in response.context["offers"]}
    assert "barnevern-hjelpetiltak" in shown and "skole-tiltak" not in shown
    assert 'id="tilbud-barnevern-hjelpetiltak"' in html
    assert "Indikert" in html and "Støttetjeneste" in html
    assert reverse("followup:offer_edit") not in html        # the coordinator does not edit
    assert client_as("nav1").get(reverse("followup:offer_list")).status_code == 200
    assert client_as("analytiker1").get(reverse("followup:offer_list")).status_code == 403


def test_the_bti_coordinator_keeps_it_current_in_the_browser(client_as):
    client = client_as("bti1")
    url = reverse("followup:offer_edit")
    page = client.get(url)
    assert page.status_code == 200 and "aktivitetspass" in page.content.decode()
    changed = SHIPPED.replace("name: Utstyrsbanken\n", "name: Utstyrsbanken (BUA)\n")
    response = client.post(url, {"text": changed, "note": "Nytt navn", "revision": "0"})
    assert response.status_code == 302
    assert offer_catalogue().get("utstyrsbanken").name == "Utstyrsbanken (BUA)"
    bad = client.post(url, {"text": changed.replace("service: basic", "service: extra", 1),
                            "note": "", "revision": str(OfferCatalogueRevision.objects
                                                        .get().pk)})
    assert bad.status_code == 200
    assert "felt «offers.4.service»: ugyldig verdi &#x27;extra&#x27;" in bad.content.decode()
    assert OfferCatalogueRevision.objects.count() == 1
    stale = client.post(url, {"text": changed, "note": "", "revision": "0"})
    assert stale.status_code == 409
    assert client_as("koordinator1").get(url).status_code == 403


def test_a_plan_action_links_to_its_offer_and_takes_its_unit(client_as, demo_org, coordinator):
    case = make_family(coordinator=coordinator)
    goal = S.goal_create(actor=coordinator, case=case, area=PlanArea.PARENTING,
                         title="Trygg i foreldrerollen")
    client = client_as("koordinator1")
    form = client.get(reverse("followup:action_create", args=[case.pk, goal.pk]))
    choices = dict(form.context["form"].fields["offer"].choices)
    assert "foreldregruppe-icdp" in dict(choices["For dette området"])
    response = client.post(reverse("followup:action_create", args=[case.pk, goal.pk]),
                           {"description": "Foreldregruppe til høsten",
                            "offer": "foreldregruppe-icdp"})
    assert response.status_code == 302
    action = GoalAction.objects.get()
    assert action.offer == "foreldregruppe-icdp"
    assert action.responsible_unit.code == "helsestasjon-lillestrom"
    html = client.get(reverse("followup:plan", args=[case.pk])).content.decode()
    assert reverse("followup:offer_list") + "#tilbud-foreldregruppe-icdp" in html
    with pytest.raises(InvalidInput):
        S.action_create(actor=coordinator, goal=goal, description="x",
                        responsible_person="y", offer="finnes-ikke")


def test_the_bti_duties_link_to_the_offers_of_each_level(client_as, demo_org, coordinator):
    case = make_family(coordinator=coordinator)
    html = client_as("koordinator1").get(
        reverse("followup:bti_level", args=[case.pk])).content.decode()
    for level in range(4):
        assert f'{reverse("followup:offer_list")}?niva={level}' in html
    detail = client_as("koordinator1").get(
        reverse("followup:case_detail", args=[case.pk])).content.decode()
    assert f'{reverse("followup:offer_list")}?niva={case.bti_level}' in detail


def test_the_shipped_file_is_plain_yaml_with_comments_for_the_municipality():
    assert SHIPPED.startswith("# Tiltaksoversikten")
    assert isinstance(yaml.safe_load(SHIPPED)["offers"], list)
