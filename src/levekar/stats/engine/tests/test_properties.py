"""Properties that hold for any valid input (hypothesis)."""

import random
import tempfile
from collections import defaultdict
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from levekar.stats.engine import compute
from levekar.stats.engine.tests.util import OPEN, PERIOD, YEARS, read_result, write_csv

MUNICIPALITIES = ("0301", "1103", "3205")


@st.composite
def populations(draw) -> list[dict]:
    """Households that keep their members over the years (some absent some years)."""
    rows = []
    for h in range(draw(st.integers(1, 7))):
        size = draw(st.integers(1, 4))
        members = [(f"p{h}-{m}", draw(st.integers(0, 80)), draw(st.booleans()))
                   for m in range(size)]
        for year in YEARS:
            mun = draw(st.sampled_from(MUNICIPALITIES))
            rooms = draw(st.one_of(st.none(), st.integers(1, 6)))
            area = draw(st.one_of(st.none(), st.integers(15, 160)))
            for i, (pid, age, student) in enumerate(members):
                if (h, i) != (0, 0) and not draw(st.booleans() | st.just(True)):
                    continue
                rows.append({
                    "year": year, "person_id": pid, "household_id": f"h{h}",
                    "birth_year": year - age,
                    "income_after_tax": draw(st.integers(-100_000, 900_000)),
                    "student": student and draw(st.booleans()),
                    "municipality": mun,
                    "zone": draw(st.sampled_from([None, f"{mun}-01", f"{mun}-02"])),
                    "rooms": rooms, "area_m2": area,
                })
    return rows


def files(rows: list[dict]) -> tuple[bytes, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        data = write_csv(Path(tmp) / "p.csv", rows)
        compute(input_path=data, period=PERIOD, out_dir=Path(tmp) / "o", params=OPEN)
        return ((Path(tmp) / "o" / "indicators.csv").read_bytes(),
                (Path(tmp) / "o" / "thresholds.csv").read_bytes())


SETTINGS = settings(max_examples=25, deadline=None)


@SETTINGS
@given(populations(), st.randoms(use_true_random=False))
def test_the_order_of_the_rows_changes_nothing(rows, rnd):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert files(shuffled) == files(rows)


@SETTINGS
@given(populations(), st.integers(0, 10**6))
def test_renaming_persons_and_households_changes_nothing(rows, seed):
    # Person ids keep their order (the main-earner tie goes to the lowest id); household
    # ids are renamed at random.
    households = sorted({r["household_id"] for r in rows})
    new = list(households)
    random.Random(seed).shuffle(new)
    names = {old: f"hh-{n}-{i}" for i, (old, n) in enumerate(zip(households, new,
                                                                   strict=True))}
    renamed = [dict(r, person_id="id:" + r["person_id"], household_id=names[r["household_id"]])
               for r in rows]
    assert files(renamed) == files(rows)


@SETTINGS
@given(populations(), st.integers(2, 10**5))
def test_multiplying_every_income_by_a_constant_changes_no_share(rows, k):
    scaled = [dict(r, income_after_tax=r["income_after_tax"] * k) for r in rows]
    assert files(scaled)[0] == files(rows)[0]


@SETTINGS
@given(populations())
def test_nobody_counts_in_a_zone_without_counting_in_its_municipality(rows):
    with tempfile.TemporaryDirectory() as tmp:
        data = write_csv(Path(tmp) / "p.csv", rows)
        compute(input_path=data, period=PERIOD, out_dir=Path(tmp) / "o", params=OPEN)
        result = read_result(Path(tmp) / "o")
    zone_den = defaultdict(int)
    zone_num = defaultdict(int)
    mun_den = defaultdict(int)
    country = {}
    for (period, level, area, indicator, group, _), (num, den, _, _) in (
            result.indicators.items()):
        key = (period, indicator, group)
        if level == "zone":
            zone_den[(*key, area[:4])] += int(den)
            zone_num[(*key, area[:4])] += int(num)
        elif level == "municipality":
            mun_den[(*key, area)] += int(den)
            assert zone_den.get((*key, area), 0) <= int(den)
            if indicator == "crowding":
                assert zone_num.get((*key, area), 0) <= int(num)
        else:
            country[key] = int(den)
    for (period, indicator, group, mun), den in zone_den.items():
        assert den <= mun_den[(period, indicator, group, mun)]
    totals = defaultdict(int)
    for (period, indicator, group, _), den in mun_den.items():
        totals[(period, indicator, group)] += den
    assert totals == country
