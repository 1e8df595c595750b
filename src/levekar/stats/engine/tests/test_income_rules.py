"""Hand-computed cases for the income rules: EU scale, scope, medians and thresholds."""

from levekar.stats.engine import Params
from levekar.stats.engine.tests.util import OPEN, every_year, person, run


def family(year, *, hid="fam", incomes=(300_000, 160_000, 0, 0), ages=(40, 38, 15, 10)):
    return [person(year, f"{hid}-{i}", hid, age=a, income=inc)
            for i, (a, inc) in enumerate(zip(ages, incomes, strict=True))]


def test_consumption_units_follow_the_eu_scale(tmp_path):
    # 1 + 0.5 (second adult) + 0.5 (aged 15) + 0.3 (aged 10) = 2.3; 460 000 / 2.3 = 200 000.
    result = run(tmp_path, every_year(family))
    assert result.thresholds[("2022", "national", "0")] == (
        "4", "200000.00", "120000.00", "100000.00")


def test_child_age_cutoff_is_a_parameter(tmp_path):
    # With 16 as the cut-off the 15-year-old weighs 0.3: 1 + 0.5 + 0.3 + 0.3 = 2.1.
    result = run(tmp_path, every_year(family), params=Params(
        child_age_cutoff=16, suppress_numerator=-1, suppress_complement=-1,
        suppress_min_denominator=0))
    assert result.thresholds[("2022", "national", "0")][1] == "219047.62"


def test_the_first_person_is_an_adult_where_there_is_one(tmp_path):
    # Adult and 5-year-old: 1 + 0.3 = 1.3 (not 1 + 0.5); 130 000 / 1.3 = 100 000.
    rows = every_year(lambda y: family(y, incomes=(130_000, 0), ages=(30, 5)))
    assert run(tmp_path, rows).thresholds[("2023", "national", "0")][1] == "100000.00"


def test_a_household_of_children_only_is_out_of_scope(tmp_path):
    rows = every_year(lambda y: family(y, incomes=(300_000, 100_000), ages=(40, 12))
                      + family(y, hid="kids", incomes=(160_000, 0, 0), ages=(16, 12, 10)))
    result = run(tmp_path, rows)
    assert result.count("2022", "country", "0", "low_income_60") == (0, 2)
    assert result.thresholds[("2022", "national", "0")][:2] == ("2", "307692.31")
    # …but they are persons for crowding and, when asked, for the median: 160 000 / 1.6.
    result = run(tmp_path, rows, params=Params(
        median_includes_out_of_scope=True, suppress_numerator=-1, suppress_complement=-1,
        suppress_min_denominator=0))
    assert result.thresholds[("2022", "national", "0")][:2] == ("5", "100000.00")
    assert result.count("2022", "country", "0", "low_income_60") == (0, 2)


def test_a_student_main_earner_puts_the_household_out_of_scope(tmp_path):
    def rows(year):
        return [
            person(year, "s1", income=150_000, student=True),  # a student alone: out
            # parents with a student son at home: the main earner is not a student: in
            person(year, "p1", "home", income=500_000),
            person(year, "p2", "home", income=200_000),
            person(year, "p3", "home", age=20, income=90_000, student=True),
            person(year, "w1", income=400_000),
        ]
    result = run(tmp_path, every_year(rows))
    assert result.count("2024", "country", "0", "low_income_60") == (0, 4)


def test_a_tie_for_main_earner_goes_to_the_lowest_person_id_compared_as_text(tmp_path):
    def rows(year, student_id):
        other = "9" if student_id == "10" else "10"
        return [
            person(year, student_id, "h", income=200_000, student=True),
            person(year, other, "h", income=200_000),
            person(year, "w1", income=400_000),
        ]
    # "10" < "9" as text: the student "10" is the main earner, the household is out.
    result = run(tmp_path, every_year(lambda y: rows(y, "10")))
    assert result.count("2022", "country", "0", "low_income_60") == (0, 1)
    result = run(tmp_path, every_year(lambda y: rows(y, "9")))
    assert result.count("2022", "country", "0", "low_income_60") == (0, 3)


def test_zero_and_negative_incomes_stay_in_and_count_as_low(tmp_path):
    def rows(year):
        return [person(year, "neg", income=-50_000), person(year, "zero", income=0),
                person(year, "a", income=300_000), person(year, "b", income=400_000),
                person(year, "c", income=500_000)]
    result = run(tmp_path, every_year(rows))
    assert result.thresholds[("2022", "national", "0")][:2] == ("5", "300000.00")
    assert result.count("2022", "country", "0", "low_income_60") == (2, 5)


def singles(year, incomes, mun="0301", zone=None, prefix="p"):
    return [person(year, f"{prefix}{i}", income=inc, mun=mun, zone=zone)
            for i, inc in enumerate(incomes)]


def test_low_income_is_strictly_below_the_threshold(tmp_path):
    # Median 300 000: 60 % = 180 000 (180 000 itself is not below), 50 % = 150 000.
    incomes = (100_000, 180_000, 300_000, 400_000, 500_000)
    result = run(tmp_path, every_year(lambda y: singles(y, incomes)))
    assert result.thresholds[("2022", "national", "0")] == (
        "5", "300000.00", "180000.00", "150000.00")
    assert result.count("2022", "country", "0", "low_income_60") == (1, 5)
    assert result.count("2022", "country", "0", "low_income_50") == (1, 5)


def test_an_even_count_takes_the_mean_of_the_two_middle_values(tmp_path):
    # (150 000 + 350 000) / 2 = 250 000; 60 % = 150 000, which 150 000 is not below.
    incomes = (100_000, 150_000, 350_000, 500_000)
    result = run(tmp_path, every_year(lambda y: singles(y, incomes)))
    assert result.thresholds[("2023", "national", "0")] == (
        "4", "250000.00", "150000.00", "125000.00")
    assert result.count("2023", "country", "0", "low_income_60") == (1, 4)


def test_equivalised_values_on_the_threshold_are_not_below_it_exactly(tmp_path):
    # Couples with a child (1.8 units) and singles: the value 10/1.8 · 54 000 = 300 000
    # … and a household exactly at 60 % of a median that is a mean of two fractions.
    def rows(year):
        return (family(year, hid="a", incomes=(100_000, 0, 0), ages=(40, 38, 3))
                + family(year, hid="b", incomes=(200_000, 0, 0), ages=(40, 38, 3))
                + family(year, hid="c", incomes=(60_000, 0, 0), ages=(40, 38, 3)))
    # Values 100/1.8, 200/1.8, 60/1.8 (thousands): median 100/1.8, 60 % = 60/1.8 exactly.
    result = run(tmp_path, every_year(rows))
    assert result.count("2024", "country", "0", "low_income_60") == (0, 9)
    assert result.count("2024", "country", "0", "low_income_50") == (0, 9)


def test_zone_rows_use_the_municipal_median_and_the_others_the_national(tmp_path):
    def rows(year):
        return (singles(year, [400_000] * 5, mun="0301", prefix="o")
                + singles(year, [100_000, 150_000, 200_000], mun="1103", zone="1103-01",
                          prefix="s"))
    result = run(tmp_path, every_year(rows))
    # National median (400 000 + 400 000) / 2: all of Stavanger's three are below 240 000.
    assert result.count("2022", "country", "0", "low_income_60") == (3, 8)
    assert result.count("2022", "municipality", "1103", "low_income_60") == (3, 3)
    assert result.count("2022", "municipality", "0301", "low_income_60") == (0, 5)
    # Stavanger's median is 150 000: 60 % = 90 000, 50 % = 75 000, nobody below.
    assert result.count("2022", "zone", "1103-01", "low_income_60") == (0, 3)
    assert result.get("2022", "zone", "1103-01", "low_income_50")[:2] == ("0", "3")
    assert result.thresholds[("2022", "municipal", "1103")] == (
        "3", "150000.00", "90000.00", "75000.00")
    scopes = {k[5] for k in result.indicators if k[1] == "zone" and "low" in k[3]}
    assert scopes == {"municipal"}
    scopes = {k[5] for k in result.indicators if k[1] != "zone" and "low" in k[3]}
    assert scopes == {"national"}


def test_persons_without_a_zone_count_for_municipality_and_country_only(tmp_path):
    def rows(year):
        return [person(year, "a", income=100_000, mun="1103", zone="1103-01"),
                person(year, "b", income=300_000, mun="1103"),
                person(year, "c", income=500_000, mun="1103", zone="1103-01")]
    result = run(tmp_path, every_year(rows))
    assert result.count("2022", "municipality", "1103", "low_income_60") == (1, 3)
    assert result.count("2022", "zone", "1103-01", "low_income_60") == (1, 2)
    assert result.count("2022", "country", "0", "low_income_60") == (1, 3)


def test_children_are_those_aged_0_to_17_at_the_end_of_the_year(tmp_path):
    def rows(year):
        return family(year, incomes=(100_000, 0, 0, 0), ages=(40, 18, 17, 0)) + singles(
            year, [400_000, 500_000, 600_000, 700_000, 800_000])
    result = run(tmp_path, every_year(rows))
    assert result.count("2022", "country", "0", "low_income_60", "children") == (2, 2)
    assert result.count("2022", "country", "0", "low_income_60") == (4, 9)


def test_the_median_can_include_out_of_scope_persons_when_asked(tmp_path):
    def rows(year):
        return [*singles(year, [100_000, 300_000, 500_000]),
                person(year, "st", income=50_000, student=True)]
    assert run(tmp_path, every_year(rows)).thresholds[("2022", "national", "0")][:2] == (
        "3", "300000.00")
    wide = Params(median_includes_out_of_scope=True, suppress_numerator=-1,
                  suppress_complement=-1, suppress_min_denominator=0)
    result = run(tmp_path, every_year(rows), params=wide)
    assert result.thresholds[("2022", "national", "0")][:2] == ("4", "200000.00")
    assert result.count("2022", "country", "0", "low_income_60") == (1, 3)
    assert OPEN.median_includes_out_of_scope is False
