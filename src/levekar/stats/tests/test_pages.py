import csv
import io
import json
import re

import pytest
from django.conf import settings
from openpyxl import load_workbook

from levekar.core.models import AuditEvent
from levekar.people.demo import LILLESTROM_ZONES
from levekar.people.models import Zone
from levekar.stats.models import PublishedTable, ResultSet, SurveyFigure, ZoneBoundary
from levekar.stats.readers.geo import synthetic_boundaries
from levekar.stats.services import (
    published_table_import,
    result_set_load,
    survey_import,
    zone_boundaries_import,
)
from levekar.stats.tests.factories import write_periods, zone_codes

pytestmark = pytest.mark.django_db
DEMO_DATA = settings.REPO_DIR / "data" / "stats"
PAGES = ["/kunnskap/", "/kunnskap/soner/", "/kunnskap/kart/", "/kunnskap/soner/3205-01/",
         "/kunnskap/soner/last-ned.csv", "/kunnskap/soner/last-ned.xlsx",
         "/kunnskap/kommune/last-ned.csv", "/kunnskap/kommune/last-ned.xlsx"]


def _boundaries(zones, synthetic=True):
    zone_boundaries_import(municipality_code="3205",
                           data=json.dumps(synthetic_boundaries(zones)).encode(),
                           file_name="soner.geojson", synthetic=synthetic)


@pytest.fixture
def shown(small_result, zones):
    """The hand-written result, the demo SSB tables and Ungdata, synthetic boundaries."""
    for name in ("ssb_12944_demo.json", "ssb_08764_demo.json", "ssb_11046_demo.json"):
        published_table_import(data=(DEMO_DATA / name).read_bytes(), file_name=name)
    survey_import(data=(DEMO_DATA / "ungdata_lillestrom_demo.csv").read_bytes(),
                  file_name="ungdata.csv")
    _boundaries(zones)
    return small_result


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- access -------------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["analytiker1", "planeier1", "bti1", "admin"])
def test_analysts_plan_owners_and_leaders_see_every_page(shown, client_as, username):
    client = client_as(username)
    for url in PAGES:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("username", ["koordinator1", "nav1", "helsestasjon1", "utlan1",
                                      "fritid1"])
def test_other_roles_get_403_and_an_audit_event(shown, client_as, username):
    client = client_as(username)
    for url in [*PAGES, "/kunnskap/import/"]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Ingen tilgang" in response.content.decode() or url.endswith(("csv", "xlsx"))
    denied = AuditEvent.objects.filter(action="denied", actor_username=username)
    assert sorted(denied.values_list("path", flat=True)) == sorted(
        [*PAGES, "/kunnskap/import/"])


@pytest.mark.parametrize("username", ["planeier1", "bti1", "admin"])
def test_only_the_analyst_imports(shown, client_as, username):
    client = client_as(username)
    assert client.get("/kunnskap/import/").status_code == 403
    response = client.post("/kunnskap/import/undersokelse/", {
        "survey-file": io.BytesIO(b"x")})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="denied", path="/kunnskap/import/undersokelse/",
                                     actor_username=username).exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, shown):
    response = client.get("/kunnskap/soner/")
    assert response.status_code == 302 and response["Location"].startswith("/logg-inn/")


# --- the overview -------------------------------------------------------------------------

def test_the_overview_shows_the_municipality_against_the_country_with_sources(
        shown, client_as):
    body = _text(client_as("planeier1").get("/kunnskap/"))
    assert "Levekår: Lillestrøm" in body
    latest = body.split('data-testid="latest-table"')[1].split("</table>")[0]
    # persistent low income, children, 2022–2024: Lillestrøm 12.3, the country 10.0
    row = latest.split("Vedvarende lavinntekt (EU-60)")[1].split("</tr>")[0]
    assert "Barn 0–17 år" in row and "2022–2024" in row
    assert ">12,3<" in row.replace(" ", "") and ">10,0<" in row.replace(" ", "")
    assert "nasjonal median" in row
    assert "Testkjøring" in body
    # published figures of other periods than the latest computed show in the trend
    trend = body.split('data-testid="trend-table"')[1].split("</table>")[0]
    assert "2017–2019" in trend and "11,7" in trend
    assert "SSB (håndlaget demo), tabell 12944" in trend
    assert "Hele landet (publisert)" in trend and "Lillestrøm (beregnet)" in trend
    assert 'data-vega-spec="chart-trend"' in body
    # survey figures with the small group suppressed
    survey = body.split('data-testid="survey-table"')[1].split("</table>")[0]
    assert "Ofte plaget av ensomhet" in survey and "22,0" in survey
    blaker = survey.split("<td>Blaker</td>")[-1].split("</tr>")[0]  # area, school, figures
    assert 'class="lk-suppressed"' in blaker and "40" in blaker
    assert "«:» betyr at tallet er prikket" in body
    assert "Inntektsgrenser" in body and "252 000" in body.replace("\xa0", " ")


def test_the_trend_follows_the_chosen_indicator_and_group(shown, client_as):
    raw = client_as("analytiker1").get("/kunnskap/?indikator=crowding&gruppe=all")
    body = _text(raw)
    trend = body.split('data-testid="trend-table"')[1].split("</table>")[0]
    assert "Trangboddhet, Alle personer" in trend
    assert "2023" in trend and "9,7" in trend  # SSB 11046, published
    assert "2024" in trend and "21,0" in trend  # ours
    spec = json.loads(re.search(r'<script id="chart-trend" type="application/json">(.*?)'
                                r"</script>", raw.content.decode(), re.S).group(1))
    points = spec["data"]["values"]
    assert {p["series"] for p in points} == {"Lillestrøm (beregnet)", "Hele landet (beregnet)",
                                             "Hele landet (publisert)"}
    assert spec["encoding"]["strokeDash"]["field"] == "series"  # not colour alone
    assert spec["encoding"]["shape"]["field"] == "series"


def test_the_overview_without_data_says_so(zones, client_as):
    body = _text(client_as("analytiker1").get("/kunnskap/"))
    assert "Ingen beregnede tall er lastet inn ennå" in body
    assert "Last dem inn under Import" in body


# --- the zone table -----------------------------------------------------------------------

def _zone_order(body: str) -> list[str]:
    table = body.split('data-testid="zone-table"')[1].split("</table>")[0]
    return re.findall(r"<td class=\"lk-nowrap\">(3205-\d\d)</td>", table)


def test_the_zone_table_sorts_by_any_indicator_with_suppressed_zones_last(shown, client_as):
    client = client_as("analytiker1")
    body = _text(client.get("/kunnskap/soner/"))
    assert _zone_order(body) == ["3205-01", "3205-02", "3205-03", "3205-04"]
    assert "Barn 0–17 år: prosent per sone, tall som slutter i 2024" in body
    assert "2022–2024, kommunal median" in body
    desc = _text(client.get("/kunnskap/soner/?sorter=persistent_low_income_60&retning=synkende"))
    assert _zone_order(desc) == ["3205-04", "3205-01", "3205-02", "3205-03"]
    assert 'aria-sort="descending"' in desc
    asc = _text(client.get("/kunnskap/soner/?sorter=persistent_low_income_60&retning=stigende"))
    assert _zone_order(asc) == ["3205-01", "3205-04", "3205-02", "3205-03"]
    crowding = _text(client.get("/kunnskap/soner/?gruppe=all&sorter=crowding&retning=synkende"))
    assert _zone_order(crowding) == ["3205-04", "3205-01", "3205-03", "3205-02"]
    by_name = _text(client.get("/kunnskap/soner/?sorter=navn"))
    # Lillestrøm nord, Lillestrøm sentrum, Strømmen sør, Strømmen vest
    assert _zone_order(by_name) == ["3205-02", "3205-01", "3205-04", "3205-03"]
    # a suppressed cell shows ":" with its explanation, never a number
    row = desc.split(">3205-03</td>")[1].split("</tr>")[0]
    assert row.count('class="lk-suppressed"') == 2


def test_a_click_on_the_sorted_column_turns_the_order(shown, client_as):
    body = client_as("analytiker1").get(
        "/kunnskap/soner/?sorter=persistent_low_income_60&retning=synkende").content.decode()
    header = body.split('aria-sort="descending"')[1].split("</th>")[0]
    assert "sorter=persistent_low_income_60" in header and "retning=stigende" in header


def test_downloads_of_the_zone_table_read_back(shown, client_as):
    client = client_as("analytiker1")
    query = "?gruppe=children&sorter=persistent_low_income_60&retning=synkende"
    response = client.get("/kunnskap/soner/last-ned.csv" + query)
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="levekar-soner-3205-2024-children.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    header = rows[0]
    assert header[:2] == ["Sonekode", "Sone"]
    assert "Vedvarende lavinntekt (EU-60) 2022–2024 (%, kommunal median)" in header
    col = header.index("Vedvarende lavinntekt (EU-60) 2022–2024 (%, kommunal median)")
    assert [(r[0], r[col]) for r in rows[1:]] == [
        ("3205-04", "29,7"), ("3205-01", "12,0"), ("3205-02", ":"), ("3205-03", ":")]
    assert rows[1][-1] == "Testkjøring"

    response = client.get("/kunnskap/soner/last-ned.xlsx" + query)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Soner"]
    values = list(sheet.values)
    assert values[0][0] == "Sonekode" and values[1][0] == "3205-04"
    assert values[1][col] == pytest.approx(29.7) and values[3][col] == ":"
    assert values[1][col + 1] == 1000  # persons in the zone's group
    about = dict(book["Om tallene"].values)
    assert about["Beregnede tall"] == "Testkjøring" and ":" in about


def test_the_municipality_download_has_computed_and_published_figures(shown, client_as):
    response = client_as("planeier1").get("/kunnskap/kommune/last-ned.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    header = rows[0]
    assert header[:3] == ("Kilde", "Publisert", "Periode")
    computed = [r for r in rows[1:] if r[1] == "nei"]
    published = [r for r in rows[1:] if r[1] == "ja"]
    assert len(computed) == 8  # the country and 3205 rows of the hand-written result
    assert any(r[2] == "2021–2023" and r[-1] == pytest.approx(9.9) for r in published)
    text = client_as("planeier1").get("/kunnskap/kommune/last-ned.csv").content.decode()
    assert "SSB (håndlaget demo), tabell 12944;ja;2017–2019;0;Hele landet" in text


# --- the map ------------------------------------------------------------------------------

def _map_spec(body: str) -> dict:
    return json.loads(re.search(r'<script id="chart-map" type="application/json">(.*?)'
                                r"</script>", body, re.S).group(1))


def test_the_map_is_a_labelled_choropleth_with_a_sorted_list(shown, client_as):
    body = client_as("analytiker1").get("/kunnskap/kart/").content.decode()
    spec = _map_spec(body)
    assert spec["projection"]["type"] == "mercator"
    assert spec["title"]["subtitle"] == [
        "Syntetiske sonegrenser (demo) – ikke den ekte inndelingen"]
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["geoshape", "geoshape", "text", "text"]
    labels = {d["code"]: d["label"]
              for d in spec["datasets"][spec["layer"][2]["data"]["name"]]}
    assert len(labels) == 14
    assert labels["3205-04"] == "29,7" and labels["3205-03"] == ":" and labels["3205-05"] == "–"
    assert "Disse sonegrensene er syntetiske" in body
    listing = _text_of(body, "map-list")
    order = re.findall(r'href="/kunnskap/soner/(3205-\d\d)/"', listing)
    assert order[:4] == ["3205-04", "3205-01", "3205-02", "3205-03"]
    assert len(order) == 14


def _text_of(body: str, testid: str) -> str:
    return body.split(f'data-testid="{testid}"')[1].split("</table>")[0]


def test_the_map_without_boundaries_lists_the_zones(small_result, client_as):
    body = _text(client_as("analytiker1").get("/kunnskap/kart/?indikator=crowding&gruppe=all"))
    assert "Det er ikke lastet opp sonegrenser" in body
    assert 'id="chart-map"' not in body
    assert "Trangboddhet, Alle personer, 2024: sonene fra høyest til lavest" in body


# --- the zone page ------------------------------------------------------------------------

def test_the_zone_page_shows_figures_rank_and_its_survey_figures(shown, client_as):
    body = _text(client_as("bti1").get("/kunnskap/soner/3205-04/"))
    assert "<h1" in body and "Strømmen sør" in body
    lines = _text_of(body, "zone-lines")
    row = lines.split("Vedvarende lavinntekt (EU-60)")[1].split("</tr>")[0]
    assert "29,7" in row and "1 av 2" in row and "kommunal median" in row
    survey = _text(client_as("bti1").get("/kunnskap/soner/3205-12/"))
    assert "Familien har hatt dårlig råd de siste to årene" in survey and "8,0" in survey


def test_an_unknown_zone_is_404(shown, client_as):
    assert client_as("analytiker1").get("/kunnskap/soner/9999-01/").status_code == 404


# --- constant queries ---------------------------------------------------------------------

@pytest.mark.parametrize("n_zones", [14, 60])
def test_pages_use_a_constant_number_of_queries(demo_org, tmp_path, client_as, n_zones,
                                                django_assert_max_num_queries):
    codes = zone_codes(n_zones)
    result_set_load(paths=[write_periods(tmp_path / "r", zones=codes)], source="Stor")
    _boundaries([(c, c) for c in codes])
    survey_import(data=(DEMO_DATA / "ungdata_lillestrom_demo.csv").read_bytes(),
                  file_name="u.csv")
    published_table_import(data=(DEMO_DATA / "ssb_12944_demo.json").read_bytes(),
                           file_name="12944.json")
    assert Zone.objects.count() == n_zones
    client = client_as("analytiker1")
    for url, limit in [("/kunnskap/", 11), ("/kunnskap/soner/", 8),
                       ("/kunnskap/soner/?sorter=crowding&retning=synkende", 8),
                       ("/kunnskap/kart/", 9), ("/kunnskap/soner/3205-03/", 10),
                       ("/kunnskap/soner/last-ned.xlsx", 8),
                       ("/kunnskap/kommune/last-ned.csv", 8), ("/kunnskap/import/", 9)]:
        client.get(url)  # warm the session
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url
    body = client.get("/kunnskap/soner/").content.decode()
    assert body.count("<tr>") >= n_zones


# --- imports through the web --------------------------------------------------------------

def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_the_analyst_imports_every_kind_of_file_through_the_web(zones, client_as, data_dir):
    client = client_as("analytiker1")
    folder = data_dir / "result_2022_2024"
    response = client.post("/kunnskap/import/resultat/", {
        "result-source": "Juni 2026", "result-notes": "",
        "result-indicators": _upload("indicators.csv", (folder / "indicators.csv").read_bytes()),
        "result-thresholds": _upload("thresholds.csv", (folder / "thresholds.csv").read_bytes()),
    }, follow=True)
    assert "Lastet inn «Juni 2026»: 20 tall." in response.content.decode()
    assert ResultSet.objects.get().loaded_by.username == "analytiker1"

    response = client.post("/kunnskap/import/ssb/", {
        "published-file": _upload("12944.json", (DEMO_DATA / "ssb_12944_demo.json").read_bytes()),
    }, follow=True)
    assert "Importerte tabell 12944: 5 tall." in response.content.decode()

    response = client.post("/kunnskap/import/undersokelse/", {
        "survey-file": _upload("u.csv", (DEMO_DATA / "ungdata_lillestrom_demo.csv").read_bytes()),
    }, follow=True)
    assert "Importerte 14 tall fra undersøkelser." in response.content.decode()

    geo = json.dumps(synthetic_boundaries(LILLESTROM_ZONES)).encode()
    response = client.post("/kunnskap/import/sonegrenser/", {
        "boundaries-municipality": "3205", "boundaries-file": _upload("soner.geojson", geo),
    }, follow=True)
    assert "Lastet opp grensene til 14 soner for Lillestrøm." in response.content.decode()
    assert not ZoneBoundary.objects.get().synthetic
    assert PublishedTable.objects.count() == 1 and SurveyFigure.objects.count() == 14


def test_a_bad_upload_shows_where_it_is_wrong_and_stores_nothing(zones, client_as, data_dir):
    bad = (data_dir / "result_2022_2024" / "indicators.csv").read_text().replace(
        "900,5000,18.0", "900,5000,81.0")
    response = client_as("analytiker1").post("/kunnskap/import/resultat/", {
        "result-source": "Juni 2026",
        "result-indicators": _upload("indicators.csv", bad.encode()),
        "result-thresholds": _upload("thresholds.csv", (
            data_dir / "result_2022_2024" / "thresholds.csv").read_bytes()),
    })
    assert response.status_code == 400
    body = response.content.decode()
    assert "indicators.csv, linje 14, felt «percent»: Prosenten 81.0 stemmer ikke" in body
    assert "levekar-resultat" not in body  # the temporary folder is not shown
    assert not ResultSet.objects.exists()

    response = client_as("analytiker1").post("/kunnskap/import/undersokelse/", {
        "survey-file": _upload("u.csv", b"source,year\nx,2025\n")})
    assert response.status_code == 400
    assert "u.csv, linje 1, felt «area»: Kolonnen mangler" in response.content.decode()


def test_a_map_of_many_zones_keeps_every_value_label_and_the_full_list(
        demo_org, tmp_path, client_as):
    codes = zone_codes(55)
    result_set_load(paths=[write_periods(tmp_path / "r", zones=codes)], source="Stor")
    _boundaries([(c, f"Sone {c[-2:]}") for c in codes], synthetic=False)
    body = client_as("analytiker1").get("/kunnskap/kart/").content.decode()
    spec = _map_spec(body)
    # with many zones the names would overlap: values only on the map, names in the list
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["geoshape", "geoshape", "text"]
    assert len(spec["datasets"][spec["layer"][0]["data"]["name"]]) == 55
    assert spec["title"]["subtitle"] == []
    assert "syntetiske" not in body
    assert len(re.findall(r'href="/kunnskap/soner/3205-\d\d/"', _text_of(body, "map-list"))) == 55
