from decimal import Decimal

import pytest
from django.conf import settings

from levekar.core.errors import InvalidInput
from levekar.stats.models import SurveyFigure
from levekar.stats.readers.survey import read_survey
from levekar.stats.services import survey_import

HEADER = "source,year,area,school,indicator,group,value,respondents\n"


def _rows(text: str):
    return read_survey((HEADER + text).encode(), file_name="ungdata.csv")


@pytest.mark.parametrize(("value", "respondents", "suppressed"), [
    ("5", "40", True),      # 2 pupils said yes
    ("10", "40", False),    # 4 pupils
    ("95", "60", True),     # 3 pupils said no
    ("50", "9", True),      # fewer than 10 answered
    ("50", "10", False),
    ("", "300", True),      # hidden by the publisher
])
def test_small_groups_are_suppressed_like_the_register_figures(value, respondents, suppressed):
    row, = _rows(f"Ungdata 2025,2025,3205,,loneliness,8-10,{value},{respondents}\n")
    assert row.suppressed is suppressed
    assert (row.value is None) is suppressed


def test_semicolons_and_decimal_commas_are_read():
    data = ("source;year;area;school;indicator;group;value;respondents\n"
            "Ungdata;2025;3205;Strømmen skole;organised_leisure;5-7;69,5;150\n").encode()
    row, = read_survey(data, file_name="u.csv")
    assert (row.school, row.value, row.respondents) == ("Strømmen skole", Decimal("69.5"), 150)


@pytest.mark.parametrize(("line", "field", "words"), [
    ("Ungdata,25,3205,,loneliness,8-10,10,100", "year", "årstall"),
    ("Ungdata,2025,,,loneliness,8-10,10,100", "area", "Området mangler"),
    ("Ungdata,2025,3205,,ensomhet,8-10,10,100", "indicator", "loneliness"),
    ("Ungdata,2025,3205,,loneliness,9,10,100", "group", "8-10"),
    ("Ungdata,2025,3205,,loneliness,8-10,110,100", "value", "mellom 0 og 100"),
    ("Ungdata,2025,3205,,loneliness,8-10,10,mange", "respondents", "positivt heltall"),
])
def test_a_bad_row_is_refused_naming_line_and_column(line, field, words):
    with pytest.raises(InvalidInput) as exc:
        _rows("Ungdata,2025,3205,,loneliness,5-7,10,100\n" + line + "\n")
    problem, = exc.value.problems
    assert (problem.file, problem.line, problem.field) == ("ungdata.csv", 3, field)
    assert words in problem.message


@pytest.mark.django_db
def test_importing_places_rows_in_zones_and_replaces_the_same_source_and_year(zones, analyst):
    text = HEADER + ("Ungdata 2025,2025,3205,,loneliness,8-10,22,2600\n"
                     "Ungdata 2025,2025,3205-12,Sørumsand,poor_family_finances,8-10,8,210\n"
                     "Ungdata 2025,2025,3205-14,Blaker,poor_family_finances,8-10,5,40\n")
    assert survey_import(data=text.encode(), file_name="u.csv", actor=analyst) == 3
    blaker = SurveyFigure.objects.get(area="3205-14")
    assert blaker.suppressed and blaker.value is None and blaker.respondents == 40
    assert (blaker.level, blaker.municipality) == ("zone", "3205")
    assert SurveyFigure.objects.get(area="3205").level == "municipality"
    survey_import(data=(HEADER + "Ungdata 2025,2025,3205,,loneliness,8-10,21,2600\n").encode(),
                  file_name="u.csv")
    assert SurveyFigure.objects.get().value == Decimal("21.0")


@pytest.mark.django_db
def test_an_unknown_area_refuses_the_whole_file(zones):
    text = HEADER + ("Ungdata 2025,2025,3205,,loneliness,8-10,22,2600\n"
                     "Ungdata 2025,2025,9999-01,,loneliness,8-10,22,2600\n")
    with pytest.raises(InvalidInput) as exc:
        survey_import(data=text.encode(), file_name="u.csv")
    assert (exc.value.problems[0].line, exc.value.problems[0].field) == (3, "area")
    assert not SurveyFigure.objects.exists()


@pytest.mark.django_db
def test_the_shipped_ungdata_demo_file_imports_with_blaker_suppressed(zones):
    path = settings.REPO_DIR / "data" / "stats" / "ungdata_lillestrom_demo.csv"
    assert survey_import(data=path.read_bytes(), file_name=path.name) == 14
    assert SurveyFigure.objects.filter(suppressed=True).get().school == "Blaker"
    assert "oppdiktet" in SurveyFigure.objects.first().source
