"""Instruments as data: loading, validating answers, and the FIT flags (no database)."""

import copy
import datetime as dt
import json

import pytest

from levekar.core.errors import InvalidInput
from levekar.followup import instruments as I

MAPPING = json.loads((I.DATA_DIR / "levekar-kartlegging-v1.json").read_text("utf-8"))
FEEDBACK = json.loads((I.DATA_DIR / "tilbakemelding-v1.json").read_text("utf-8"))


def test_the_shipped_instruments_load_and_the_active_ones_are_found():
    reg = I.load_registry([I.DATA_DIR])
    assert reg.current("mapping").key == "levekar-kartlegging@2"
    assert reg.current("session_feedback").key == "tilbakemelding@1"


def test_the_self_efficacy_scale_has_ten_items_scored_1_to_4_summing_10_to_40():
    inst = I.instrument_from_dict(MAPPING)
    scale = inst.scales["mestringstro"]
    assert len(scale.items) == 10
    assert (scale.min, scale.max) == (1, 4)
    assert scale.total_range == (10, 40)


def test_the_feedback_instrument_has_four_items_of_0_to_10_per_measure_and_a_cutoff():
    inst = I.instrument_from_dict(FEEDBACK)
    for kind in ("outcome", "alliance"):
        m = inst.measure(kind)
        assert len(m.items) == 4
        assert (m.min, m.max) == (0, 10)
    assert inst.measure("alliance").cutoff == 36


def test_a_broken_instrument_file_is_refused_naming_file_and_field(tmp_path):
    bad = copy.deepcopy(MAPPING)
    bad["sections"][0]["part"] = "økonomi"
    del bad["sections"][1]["items"][0]["label"]
    bad["sections"][5]["items"][2]["scale"] = "finnes-ikke"
    (tmp_path / "kartlegging.json").write_text(json.dumps(bad), "utf-8")
    with pytest.raises(InvalidInput) as exc:
        I.load_registry([tmp_path])
    text = exc.value.summary()
    assert "kartlegging.json, felt «sections.0.part»: ugyldig verdi 'økonomi'" in text
    assert "kartlegging.json, felt «sections.1.items.0»: mangler feltet «label»" in text
    assert "ukjent skala «finnes-ikke»" not in text  # schema errors stop before semantics


def test_an_unknown_scale_is_refused_after_the_structure_is_valid():
    bad = copy.deepcopy(MAPPING)
    health = next(s for s in bad["sections"] if s["id"] == "health")
    next(i for i in health["items"] if i["type"] == "scale")["scale"] = "finnes-ikke"
    with pytest.raises(InvalidInput) as exc:
        I.instrument_from_dict(bad, file="x.json")
    assert "ukjent skala «finnes-ikke»" in exc.value.summary()


def test_a_file_that_is_not_json_names_the_line(tmp_path):
    (tmp_path / "x.json").write_text('{"id": "a",\n "version": }', "utf-8")
    with pytest.raises(InvalidInput) as exc:
        I.load_registry([tmp_path])
    assert exc.value.problems[0].file == "x.json"
    assert exc.value.problems[0].line == 2


def test_answers_are_cleaned_and_wrong_ones_are_refused_with_the_field_named():
    inst = I.instrument_from_dict(MAPPING)
    scopes = {1: "adult", 2: "child"}
    clean = I.validate_answers(inst, {
        "household": {"rooms": 2, "income_sources": ["aap", "work", "work"], "notes": "  "},
        "persons": {"1": {"quality_of_life": 7, "self_efficacy": [1, 2, 3, 4, 1, 2, 3, 4, 1, 2]},
                    "2": {"in_sfo": True}},
    }, scopes)
    assert clean == {"household": {"rooms": 2, "income_sources": ["work", "aap"]},
                     "persons": {"1": {"quality_of_life": 7,
                                       "self_efficacy": [1, 2, 3, 4, 1, 2, 3, 4, 1, 2]},
                                 "2": {"in_sfo": True}}}
    with pytest.raises(InvalidInput) as exc:
        I.validate_answers(inst, {
            "household": {"rooms": -1, "tenure": "slott", "shoe_size": 40},
            "persons": {"1": {"in_sfo": True, "quality_of_life": 11},
                        "9": {"stage": "kindergarten"}},
        }, scopes)
    text = exc.value.summary()
    assert "felt «housing.rooms»: må være mellom 0 og 30" in text
    assert "felt «housing.tenure»: ugyldig svar" in text
    assert "felt «shoe_size»: ukjent spørsmål" in text
    assert "felt «persons.1.in_sfo»: spørsmålet gjelder ikke denne personen" in text
    assert "felt «persons.1.health.quality_of_life»: må være mellom 0 og 10" in text
    assert "felt «persons.9»: personen er ikke med i familieløpet" in text


def test_a_self_efficacy_total_needs_every_item():
    assert I.scale_total([4] * 10) == 40
    assert I.scale_total([4] * 9 + [None]) is None


def test_crowding_is_derived_by_the_statistics_rule():
    inst = I.instrument_from_dict(MAPPING)
    derived = I.derived_values(inst, {"household": {"persons": 4, "rooms": 2, "area_m2": 48,
                                                    "income_sources": ["work"]}})
    assert derived == {"work_income": True, "crowded": True}
    assert I.derived_values(inst, {"household": {}}) == {"work_income": None, "crowded": None}


def test_change_direction_reads_better_and_worse_by_the_items_direction():
    assert I.change_direction("higher_better", 4, 7) == I.BETTER
    assert I.change_direction("higher_better", 7, 4) == I.WORSE
    assert I.change_direction("lower_better", 1, 0) == I.BETTER
    assert I.change_direction("lower_better", 3, 3) == I.SAME
    assert I.change_direction("", 3, 4) == I.NO_COMPARISON
    assert I.change_direction("higher_better", None, 4) == I.NO_COMPARISON


# --- FIT flags -------------------------------------------------------------------------------

FIT = I.instrument_from_dict(FEEDBACK)


def sessions(*pairs):
    start = dt.date(2026, 1, 5)
    return [I.Session(start + dt.timedelta(weeks=n), o, a) for n, (o, a) in enumerate(pairs)]


@pytest.mark.parametrize(("pairs", "flags"), [
    ([], []),
    ([(20, 38)], []),                                        # one good session
    ([(20, 35)], [I.ALLIANCE_LOW]),                           # below the cut-off of 36
    ([(20, 39), (22, 38)], []),                               # falling twice is not three
    ([(20, 39), (23, 38), (26, 37)], [I.ALLIANCE_FALLING]),   # fell at each of 3 sessions
    ([(20, 39), (21, 37), (22, 34)], [I.ALLIANCE_LOW, I.ALLIANCE_FALLING]),
    ([(20, 38), (19, 38), (20, 39)], [I.OUTCOME_NOT_IMPROVING]),   # no rise over 3 sessions
    ([(20, 38), (22, 38), (21, 39)], []),  # rose by 1: on track
    ([(30, 38), (29, 38), (30, 39)], []),                     # not rising but above cut-off 25
    ([(12, 38), (12, 37), (12, 36)], [I.ALLIANCE_FALLING, I.OUTCOME_NOT_IMPROVING]),
    ([(10, 30), (20, 38), (25, 39), (27, 40)], []),           # only the last sessions count
])
def test_feedback_flags_when_a_person_is_not_on_track(pairs, flags):
    assert I.feedback_flags(FIT, sessions(*pairs)) == flags


def test_feedback_scores_are_checked_against_the_instrument():
    assert I.validate_feedback(FIT, [1, 2, 3, 4], [10, 10, 9, 8]) == ([1, 2, 3, 4],
                                                                     [10, 10, 9, 8])
    with pytest.raises(InvalidInput) as exc:
        I.validate_feedback(FIT, [1, 2, 3], [10, 10, 11, 8])
    text = exc.value.summary()
    assert "felt «outcome»: 4 svar mellom 0 og 10 trengs" in text
    assert "felt «alliance»: 4 svar mellom 0 og 10 trengs" in text


def test_a_licensed_instrument_can_replace_the_neutral_one_by_data_alone(tmp_path):
    licensed = copy.deepcopy(FEEDBACK)
    licensed.update({"id": "ors-srs", "licence": "Lisens fra rettighetshaver (kommunens avtale)"})
    licensed["measures"][1]["cutoff"] = 36
    (tmp_path / "ors-srs-v1.json").write_text(json.dumps(licensed), "utf-8")
    (tmp_path / "active.json").write_text(json.dumps({"session_feedback": "ors-srs"}), "utf-8")
    reg = I.load_registry([I.DATA_DIR, tmp_path])
    assert reg.current("session_feedback").key == "ors-srs@1"
    assert reg.current("mapping").key == "levekar-kartlegging@2"
    assert reg.get("tilbakemelding", 1).id == "tilbakemelding"   # old records still readable
