"""Persistent low income: presence and scope in all three years, the mean rule, CPI.

The population (singles, so a person's equivalised income is their income) keeps the
national median at 300 000 every year: 60 % = 180 000, 50 % = 150 000.

    person  2022     2023     2024     mean      note
    A       100 000  100 000  100 000  100 000   low every year
    B       190 000  190 000  150 000  176 667   low only in 2024, but the mean is below
    C       200 000  100 000  230 000  176 667   low only in 2023, but the mean is below
    D       300 000  300 000  180 000  260 000   exactly on the threshold in 2024
    E,F,G   500 000, 400 000, 600 000            never low
    S       300 000  student  300 000            out of scope in 2023: left out
    H       –        300 000  300 000            absent in 2022: left out
"""

from levekar.stats.engine.tests.util import person, run, write_csv

INCOMES = {
    "A": (100_000, 100_000, 100_000),
    "B": (190_000, 190_000, 150_000),
    "C": (200_000, 100_000, 230_000),
    "D": (300_000, 300_000, 180_000),
    "E": (500_000,) * 3,
    "F": (400_000,) * 3,
    "G": (600_000,) * 3,
}


def population() -> list[dict]:
    rows = []
    for i, year in enumerate((2022, 2023, 2024)):
        rows += [person(year, pid, income=inc[i]) for pid, inc in INCOMES.items()]
        rows.append(person(year, "S", income=300_000, student=year == 2023))
        if year > 2022:
            rows.append(person(year, "H", income=300_000))
    return rows


def test_the_median_stays_at_300_000(tmp_path):
    result = run(tmp_path, population())
    for year, persons in (("2022", "8"), ("2023", "8"), ("2024", "9")):
        assert result.thresholds[(year, "national", "0")] == (
            persons, "300000.00", "180000.00", "150000.00")


def test_annual_low_income_of_each_year(tmp_path):
    result = run(tmp_path, population())
    assert result.count("2022", "country", "0", "low_income_60") == (1, 8)
    assert result.count("2023", "country", "0", "low_income_60") == (2, 8)
    # B at 150 000 is below 180 000; D at 180 000 is not (strictly below).
    assert result.count("2024", "country", "0", "low_income_60") == (2, 9)
    assert result.count("2024", "country", "0", "low_income_50") == (1, 9)


def test_persistent_counts_the_mean_of_three_years_for_those_present_and_in_scope(tmp_path):
    result = run(tmp_path, population())
    assert result.get("2022-2024", "country", "0", "persistent_low_income_60") == (
        "3", "7", "42.9", "false")
    assert result.get("2022-2024", "country", "0", "persistent_low_income_50") == (
        "1", "7", "14.3", "false")


def test_the_cpi_rescales_incomes_and_thresholds_to_prices_of_the_last_year(tmp_path):
    # Prices doubled in 2024: 2022 and 2023 count twice. B: 380+380+150 = 910 > 900;
    # C: 400+200+230 = 830 < 900; A stays below. At 50 %: only A (830 > 750).
    cpi = tmp_path / "kpi.csv"
    cpi.write_text("year,index\n2021,90.5\n2022,100\n2023,100.0\n2024,200\n",
                   encoding="utf-8")
    result = run(tmp_path, population(), cpi=cpi)
    assert result.count("2022-2024", "country", "0", "persistent_low_income_60") == (2, 7)
    assert result.count("2022-2024", "country", "0", "persistent_low_income_50") == (1, 7)
    # Annual figures and the thresholds file stay in each year's own prices.
    assert result.count("2024", "country", "0", "low_income_60") == (2, 9)
    assert result.thresholds[("2022", "national", "0")][1] == "300000.00"


def test_area_and_age_are_those_of_the_last_year(tmp_path):
    rows = population()
    # A moves from Oslo to Stavanger's zone in 2024; a child born 2006 is 18 in 2024.
    for row in rows:
        if row["person_id"] == "A" and row["year"] == 2024:
            row.update(municipality="1103", zone="1103-01")
    for year in (2022, 2023, 2024):
        rows.append(person(year, "K", "kfam", age=year - 2006, income=0))
        rows.append(person(year, "M", "kfam", age=45, income=100_000))
    result = run(tmp_path, rows)
    assert result.count("2022-2024", "municipality", "1103", "persistent_low_income_60") == (
        1, 1)
    # Stavanger had no residents in 2022–2023, so it has no municipal thresholds for them:
    # its zone cannot have a municipal-scope persistent figure (no row rather than a guess).
    assert ("2022-2024", "zone", "1103-01", "persistent_low_income_60", "all",
            "municipal") not in result.indicators
    assert ("2022-2024", "municipality", "1103", "persistent_low_income_60", "children",
            "national") not in result.indicators
    # K was 16 and 17 in 2022–2023 but is 18 at the end of 2024: not a child.
    children = result.indicators.get(("2022-2024", "country", "0",
                                      "persistent_low_income_60", "children", "national"))
    assert children is None


def test_municipal_scope_uses_the_thresholds_of_the_last_years_municipality(tmp_path):
    # Stavanger (1103) has a low median (100 000 → 60 % = 60 000) every year. P lives in
    # Oslo until 2024 with 70 000: below Oslo's but not Stavanger's threshold mean.
    rows = []
    for year in (2022, 2023, 2024):
        rows += [person(year, f"s{i}", income=inc, mun="1103", zone="1103-01")
                 for i, inc in enumerate((50_000, 100_000, 150_000))]
        rows += [person(year, f"o{i}", income=400_000, mun="0301", zone="0301-01")
                 for i in range(3)]
        mun, zone = ("1103", "1103-01") if year == 2024 else ("0301", "0301-01")
        rows.append(person(year, "P", income=70_000, mun=mun, zone=zone))
    result = run(tmp_path, rows)
    # In 2024 Stavanger has 4 persons: 50, 70, 100, 150 → median 85 000, 60 % = 51 000.
    # P's mean 70 000 vs mean(60 000, 60 000, 51 000) = 57 000: not below. s0 (50 000)
    # is below 57 000.
    assert result.count("2022-2024", "zone", "1103-01", "persistent_low_income_60") == (
        1, 4)


def test_the_period_uses_only_its_own_years(tmp_path):
    rows = [*population(), person(2021, "A", income=5)]
    data = write_csv(tmp_path / "with2021.csv", rows)
    from levekar.stats.engine import compute
    from levekar.stats.engine.tests.util import OPEN, read_result

    compute(input_path=data, period=(2022, 2024), out_dir=tmp_path / "o", params=OPEN)
    result = read_result(tmp_path / "o")
    assert {k[0] for k in result.indicators} == {"2022", "2023", "2024", "2022-2024"}
    assert result.count("2022-2024", "country", "0", "persistent_low_income_60") == (3, 7)
