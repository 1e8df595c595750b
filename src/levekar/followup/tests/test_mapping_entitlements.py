"""Mulige rettigheter: the rule language and the shipped rules on worked examples."""

import copy
import datetime as dt
import json

import pytest

from levekar.core.errors import InvalidInput
from levekar.followup import entitlements as E
from levekar.followup import instruments as I
from levekar.followup.pass_rule import PassRule
from levekar.passes import eligibility as pass_eligibility

INST = I.instrument_from_dict(json.loads((I.DATA_DIR / "levekar-kartlegging-v1.json")
                                         .read_text("utf-8")))
RULES_DATA = json.loads(E.RULES_FILE.read_text("utf-8"))
RULES = E.schemes_from_dict(RULES_DATA, INST)
TODAY = dt.date(2026, 11, 22)
# The activity pass's own rule (passes): 6–17 years, 420 000 kr + 70 000 per extra child
# + 60 000 for a single parent.
PASS_RULES = pass_eligibility.parse_rules({
    "income": {"base_limit": 420_000, "per_extra_child": 70_000,
               "single_parent_supplement": 60_000},
    "child_age": {"min": 6, "max": 17}})
PASS = PassRule(PASS_RULES.child_min_age, PASS_RULES.child_max_age,
                lambda children, single: PASS_RULES.income.limit(children=children,
                                                                 single_parent=single))


def adult(pid, born=dt.date(1987, 5, 12)):
    return E.MemberFact(pid, False, born)


def child(pid, age_years, on=TODAY):
    return E.MemberFact(pid, True, dt.date(on.year - age_years, 1, 1))


def run(household, members, persons=None, on=TODAY, pass_rule=PASS):
    facts = E.facts_from_mapping(INST, {"household": household, "persons": persons or {}},
                                 members, on)
    return {r.scheme.id: r for r in E.evaluate(RULES, facts, INST, on, pass_rule)}


def test_the_journey_family_gets_the_schemes_it_does_not_receive():
    """Single mother on social assistance, 280 000 kr, renting 2 rooms / 48 m², children
    16, 12 and 9 (the 9-year-old in SFO)."""
    results = run({"single_parent": True, "income_sources": ["sosialhjelp"],
                   "household_income_year": 280000, "tenure": "rented", "persons": 4,
                   "rooms": 2, "area_m2": 48},
                  [adult(1), child(2, 16), child(3, 12), child(4, 9)],
                  {"4": {"stage": "grade_1_4", "in_sfo": True},
                   "2": {"in_kulturskole": False}, "3": {"in_kulturskole": False}})
    possible = {k for k, r in results.items() if r.status == E.POSSIBLE}
    assert possible == {"bostotte", "utvidet_barnetrygd", "redusert_sfo", "aktivitetspass",
                        "utstyrsbank", "startlan"}
    assert "overgangsstonad" not in results          # the youngest is 9, not under 8
    assert results["bostotte"].reason == (
        "Familien bor i egen eller leid bolig, husstandens inntekt (280\u00a0000 kr) er under "
        "veiledende grense (440\u00a0000 kr for 4 personer), og bostøtte er ikke registrert.")
    # The pass's own limit: 420 000 + 2 × 70 000 + 60 000 (single parent, three children).
    assert results["aktivitetspass"].reason == (
        "Familien har barn mellom 6 og 17 år, og husstandens inntekt etter skatt "
        "(280\u00a0000 kr) er under passets inntektsgrense (620\u00a0000 kr).")
    assert results["bostotte"].decided_by == "Husbanken"
    assert results["bostotte"].parts == {"economy", "housing"}
    assert results["redusert_sfo"].parts == {"economy", "school"}


def test_a_single_father_with_a_small_child_in_kindergarten():
    results = run({"single_parent": True, "income_sources": ["work"],
                   "household_income_year": 200000, "tenure": "owned", "persons": 2},
                  [adult(1), child(2, 3)], {"2": {"stage": "kindergarten"}})
    possible = {k for k, r in results.items() if r.status == E.POSSIBLE}
    assert possible == {"overgangsstonad", "utvidet_barnetrygd", "redusert_foreldrebetaling",
                        "gratis_kjernetid", "bostotte", "utstyrsbank"}
    assert "yngste barn 3 år" in results["overgangsstonad"].reason


def test_schemes_already_received_are_not_listed():
    results = run({"single_parent": False, "income_sources": ["work", "bostotte"],
                   "reductions_received": ["aktivitetspass", "utstyrsbank", "startlan"],
                   "household_income_year": 300000, "tenure": "municipal", "persons": 4},
                  [adult(1), adult(2), child(3, 10), child(4, 7)],
                  {"3": {"in_sfo": False, "in_kulturskole": False},
                   "4": {"in_sfo": False, "in_kulturskole": False}})
    assert set(results) == set()


def test_a_well_off_family_gets_only_the_universal_lending_library():
    results = run({"single_parent": False, "income_sources": ["work"],
                   "household_income_year": 1200000, "tenure": "owned", "persons": 3},
                  [adult(1), adult(2), child(3, 8)], {"3": {"in_sfo": True}})
    assert set(results) == {"utstyrsbank"}


def test_a_missing_answer_makes_a_scheme_unknown_and_names_the_question():
    results = run({"single_parent": True, "tenure": "rented", "persons": 2},
                  [adult(1), child(2, 10)])
    assert results["bostotte"].status == E.UNKNOWN
    assert results["bostotte"].missing == (
        "Husstandens samlede inntekt etter skatt per år (anslag)",)
    assert results["bostotte"].reason == ""
    assert results["utvidet_barnetrygd"].status == E.POSSIBLE   # needs no income


def test_the_rules_valid_on_the_day_are_used():
    """Bostøtte has a 2025 and a 2026 version with different limits."""
    family = ({"household_income_year": 430000, "tenure": "rented", "persons": 4},
              [adult(1), adult(2), child(3, 10), child(4, 7)])
    assert "bostotte" not in run(*family, on=dt.date(2025, 6, 1))      # limit 425 000
    r = run(*family, on=dt.date(2026, 6, 1))["bostotte"]               # limit 440 000
    assert r.status == E.POSSIBLE and r.scheme.version == "2026"


def test_a_table_limit_uses_the_highest_row_not_above_the_value():
    results = run({"household_income_year": 515000, "tenure": "rented", "persons": 8},
                  [adult(1)] + [child(n, 5) for n in range(2, 9)])
    assert "520\u00a0000 kr for 8 personer" in results["bostotte"].reason


def test_consumption_units_follow_the_eu_scale():
    assert E.consumption_units([16, 12, 9], adults=1) == pytest.approx(2.1)
    assert E.consumption_units([3], adults=2) == pytest.approx(1.8)
    assert E.consumption_units([None], adults=1) == pytest.approx(1.3)


def bad_rules(mutate):
    data = copy.deepcopy(RULES_DATA)
    mutate(data["schemes"])
    with pytest.raises(InvalidInput) as exc:
        E.schemes_from_dict(data, INST, file="entitlements.json")
    return exc.value.summary()


def test_an_unknown_field_in_a_rule_is_refused_with_its_path():
    def m(s):
        s[0]["when"]["all"][0]["field"] = "hair_colour"
    assert "entitlements.json, felt «schemes.0.when.all.0.field»: ukjent felt «hair_colour»" \
        in bad_rules(m)


def test_an_unknown_operation_or_parameter_is_refused():
    def m(s):
        s[2]["when"]["all"][0]["between"] = s[2]["when"]["all"][0].pop("in")
        s[0]["when"]["all"][1]["lte"] = {"param": "no_such_limit"}
    text = bad_rules(m)
    assert "felt «schemes.2.when.all.0.between»: ukjent operasjon «between»" in text
    assert "felt «schemes.0.when.all.1.lte»: ukjent parameter {'param': 'no_such_limit'}" in text


def test_overlapping_validity_of_one_scheme_is_refused():
    def m(s):
        s[0]["valid_to"] = "2026-03-31"
    assert "ordningen «bostotte» har overlappende gyldighet (2025-01-01 og 2026-01-01)" \
        in bad_rules(m)


def test_a_missing_text_or_bad_date_is_refused():
    def m(s):
        del s[3]["check"]
        s[4]["valid_from"] = "1. januar"
    text = bad_rules(m)
    assert "felt «schemes.3»: mangler feltet «check»" in text
    assert "felt «schemes.4.valid_from»: ugyldig format på '1. januar'" in text


def test_a_child_condition_inside_a_child_condition_is_refused():
    def m(s):
        s[3]["when"]["all"][1] = {"any_child": {"any_child": {"field": "age", "lt": 18}}}
    assert "«any_child» kan ikke stå inne i en annen barnebetingelse" in bad_rules(m)


def test_the_shipped_rules_load():
    assert {s.id for s in E.rules()} >= {
        "bostotte", "startlan", "utvidet_barnetrygd", "overgangsstonad",
        "redusert_foreldrebetaling", "gratis_kjernetid", "redusert_sfo",
        "friplass_kulturskole", "aktivitetspass", "utstyrsbank"}


JOURNEY = ({"single_parent": False, "income_sources": ["work"], "household_income_year": 500000,
            "tenure": "owned", "persons": 4},
           [adult(1), adult(2), child(3, 10), child(4, 4)], {"3": {}, "4": {}})


def test_the_activity_pass_reads_the_pass_schemes_own_limit():
    """Two adults, children 10 and 4: the pass's limit is 420 000 + 70 000 = 490 000 kr."""
    assert "aktivitetspass" not in run(*JOURNEY)                     # 500 000 is over
    lower = ({**JOURNEY[0], "household_income_year": 490000}, *JOURNEY[1:])
    assert run(*lower)["aktivitetspass"].status == E.POSSIBLE        # at the limit
    stricter = PassRule(12, 17, lambda children, single: 900000)
    assert "aktivitetspass" not in run(*lower, pass_rule=stricter)   # no child 12–17


def test_without_an_active_activity_pass_it_is_not_listed():
    lower = ({**JOURNEY[0], "household_income_year": 100000}, *JOURNEY[1:])
    assert "aktivitetspass" not in run(*lower, pass_rule=None)


def test_a_pass_without_an_income_criterion_asks_only_the_age():
    rich = ({**JOURNEY[0], "household_income_year": 5000000}, *JOURNEY[1:])
    assert run(*rich, pass_rule=PassRule(6, 17))["aktivitetspass"].status == E.POSSIBLE


def test_the_rules_file_may_not_give_the_pass_its_own_numbers():
    data = copy.deepcopy(RULES_DATA)
    scheme = next(s for s in data["schemes"] if s["id"] == "aktivitetspass")
    scheme["params"] = {"income_limit": 280000}
    with pytest.raises(InvalidInput) as exc:
        E.schemes_from_dict(data, INST)
    assert "«income_limit» kommer fra aktivitetspassets regelsett" in str(exc.value.problems)
