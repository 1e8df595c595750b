"""Result sets managed from the page, and computations started from it.

A load does not make a result everyone's default; an analyst does, explicitly. Results
can be renamed, compared and deleted, each change with an audit event. A computation
runs the engine over microdata (uploaded, or in the import folder) as the job
``stats.compute`` and loads a new named result.
"""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from levekar.core import jobs
from levekar.core.errors import InvalidInput
from levekar.core.models import AuditEvent
from levekar.stats.models import IndicatorValue, ResultSet
from levekar.stats.selectors import stats_context
from levekar.stats.services import (
    computation_start,
    result_set_delete,
    result_set_load,
    result_set_make_default,
    result_set_rename,
)
from levekar.stats.tests.factories import write_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_results(tmp_path, zones, analyst):
    write_result(tmp_path / "a", zones=[c for c, _ in zones[:4]])
    write_result(tmp_path / "b", zones=[c for c, _ in zones[:4]], small_zone=False)
    first = result_set_load(paths=[tmp_path / "a"], source="Første", actor=analyst)
    second = result_set_load(paths=[tmp_path / "b"], source="Andre", actor=analyst)
    return first, second


def _audit(action, result_set):
    return AuditEvent.objects.filter(action=action, object_type="stats.resultset",
                                     object_id=str(result_set.pk))


def test_a_new_result_is_not_everyones_default_until_an_analyst_says_so(
        two_results, analyst, tmp_path, zones):
    first, second = two_results
    assert stats_context(user=analyst).result_set == second  # none chosen: the newest
    result_set_make_default(result_set=first, actor=analyst)
    write_result(tmp_path / "c", zones=[c for c, _ in zones[:4]])
    result_set_load(paths=[tmp_path / "c"], source="Tredje", actor=analyst)
    assert stats_context(user=analyst).result_set == first
    assert stats_context(user=analyst, result_set_id=second.pk).result_set == second
    result_set_make_default(result_set=second, actor=analyst)
    assert list(ResultSet.objects.filter(is_default=True)) == [second]
    assert _audit("update", first).get().detail == "gjorde «Første» til standardresultat"


def test_renaming_a_result_is_audited_and_names_stay_unique(two_results, analyst):
    first, _second = two_results
    result_set_rename(result_set=first, source="Lillestrøm 2022–2024", actor=analyst)
    first.refresh_from_db()
    assert first.source == "Lillestrøm 2022–2024"
    assert "fra «Første» til «Lillestrøm 2022–2024»" in _audit("update", first).get().detail
    with pytest.raises(InvalidInput) as exc:
        result_set_rename(result_set=first, source="Andre", actor=analyst)
    assert "er allerede brukt" in exc.value.problems[0].message


def test_deleting_a_result_removes_its_figures_and_keeps_an_audit_row(two_results, analyst):
    first, second = two_results
    rows = IndicatorValue.objects.filter(result_set=first).count()
    assert rows > 0
    pk = first.pk
    result_set_delete(result_set=first, actor=analyst)
    assert not ResultSet.objects.filter(pk=pk).exists()
    assert not IndicatorValue.objects.filter(result_set_id=pk).exists()
    event = AuditEvent.objects.get(action="delete", object_type="stats.resultset",
                                   object_id=str(pk))
    assert event.actor == analyst and event.detail == f"slettet resultat «Første» ({rows} tall)"
    assert IndicatorValue.objects.filter(result_set=second).exists()


def test_the_page_manages_results(two_results, client_as, analyst):
    first, second = two_results
    client = client_as("analytiker1")
    page = client.get("/kunnskap/beregninger/")
    assert page.status_code == 200
    assert "Første" in page.content.decode() and "Andre" in page.content.decode()
    assert client.post(f"/kunnskap/beregninger/{first.pk}/standard/").status_code == 302
    assert ResultSet.objects.get(is_default=True) == first
    response = client.post(f"/kunnskap/beregninger/{second.pk}/navn/", {"source": "Første"})
    assert response.status_code == 400 and "er allerede brukt" in response.content.decode()
    assert client.get(f"/kunnskap/beregninger/{second.pk}/slett/").status_code == 200
    assert client.post(f"/kunnskap/beregninger/{second.pk}/slett/").status_code == 302
    assert list(ResultSet.objects.values_list("source", flat=True)) == ["Første"]


def test_comparing_two_results_side_by_side(two_results, client_as, django_assert_max_num_queries):
    first, second = two_results
    client = client_as("analytiker1")
    url = (f"/kunnskap/beregninger/sammenlign/?a={first.pk}&b={second.pk}"
           "&indikator=persistent_low_income_60&gruppe=children")
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="compare-table"' in html
    assert "A: Første" in html and "B: Andre" in html
    assert "2022-2024" in html
    # first has a suppressed small zone, second does not
    assert ">:</td>" in html


def test_only_analysts_reach_the_computations_page(two_results, client_as):
    assert client_as("planeier1").get("/kunnskap/beregninger/").status_code == 403


# --- computations ----------------------------------------------------------------------------

@pytest.fixture
def import_folder(tmp_path, settings):
    from levekar.stats.engine import FocusMunicipality, synthesize

    folder = tmp_path / "import"
    settings.LEVEKAR_STATS_IMPORT_DIR = folder
    settings.VAR_DIR = tmp_path / "var"
    synthesize(persons=3000, years=(2022, 2024), out_dir=folder / "uttrekk", seed=3,
               focus=FocusMunicipality(code="3205", persons=1500,
                                       zones=("3205-01", "3205-02", "3205-03")))
    return folder


def test_a_computation_from_the_import_folder_runs_as_a_job_and_loads_a_named_result(
        import_folder, zones, client_as, analyst):
    client = client_as("analytiker1")
    assert "uttrekk/" in client.get("/kunnskap/beregninger/").content.decode()
    response = client.post("/kunnskap/beregninger/start/", {
        "source": "Uttrekk 2022–2024", "import_name": "uttrekk/", "first_year": 2022,
        "child_age_cutoff": 14, "suppress_numerator": 3, "suppress_complement": 3,
        "suppress_min_denominator": 10, "secondary_suppression": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = jobs.Job.objects.get(name="stats.compute")
    assert response["Location"].endswith(f"?jobb={job.pk}")
    assert job.started_by == analyst and job.status == "queued"
    assert AuditEvent.objects.filter(object_type="stats.computation", actor=analyst,
                                     detail__contains="fra uttrekk/").exists()

    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.result["ok"] and "Lagret «Uttrekk 2022–2024»" in job.message
    result = ResultSet.objects.get(source="Uttrekk 2022–2024")
    assert not result.is_default and result.loaded_by == analyst
    assert result.summary["periods"] == ["2022-2024"]
    assert job.progress_done == job.progress_total > 0
    page = client.get(f"/kunnskap/beregninger/?jobb={job.pk}").content.decode()
    assert 'data-testid="job-progress"' in page and "Lagret «Uttrekk 2022–2024»" in page


def test_a_computation_from_uploaded_csv_with_other_parameters(import_folder, zones, analyst):
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    uploads = []
    for path in sorted((import_folder / "uttrekk").glob("*.parquet")):
        buffer = io.BytesIO()
        pacsv.write_csv(pq.read_table(path).cast(pq.read_schema(path)).combine_chunks()
                        .select(["year", "person_id", "household_id", "birth_year",
                                 "income_after_tax", "student", "rooms", "area_m2"])
                        .append_column("municipality", pq.read_table(path)
                                       .column("municipality").cast("string"))
                        .append_column("zone", pq.read_table(path).column("zone")
                                       .cast("string")), buffer)
        uploads.append(SimpleUploadedFile(path.with_suffix(".csv").name, buffer.getvalue()))
    job = computation_start(source="Opplastet", first_year=2022, actor=analyst,
                            uploads=uploads, params={"suppress_min_denominator": 2000})
    uploaded_to = job.kwargs["input_path"]
    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "done" and job.result["ok"], job.message
    assert ResultSet.objects.filter(source="Opplastet").exists()
    small = IndicatorValue.objects.filter(result_set__source="Opplastet", denominator__lt=2000)
    assert small.exists() and all(v.suppressed for v in small)
    from pathlib import Path
    assert not Path(uploaded_to).exists()  # the uploaded microdata are not kept


def test_bad_microdata_end_the_job_with_the_engines_message_and_store_nothing(
        import_folder, zones, analyst):
    bad = io.StringIO()
    writer = csv.writer(bad)
    writer.writerow(["year", "person_id", "household_id", "birth_year", "income_after_tax",
                     "student", "municipality", "zone", "rooms"])  # area_m2 missing
    writer.writerow([2022, "P1", "H1", 1980, 300000, "false", "3205", "", 3])
    job = computation_start(
        source="Feil", first_year=2022, actor=analyst,
        uploads=[SimpleUploadedFile("persons.csv", bad.getvalue().encode())])
    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "done" and not job.result["ok"]
    assert "area_m2" in job.message and job.message.startswith("Beregningen ble ikke lagret")
    assert not ResultSet.objects.filter(source="Feil").exists()


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"import_name": "../hemmelig/"}, "finnes ikke i importmappen"),
    ({}, "enten filer å laste opp"),
    ({"import_name": "uttrekk/", "first_year": 1800}, "Første år"),
    ({"import_name": "uttrekk/", "source": ""}, "navn på 1–100 tegn"),
])
def test_a_computation_with_bad_choices_is_refused_before_it_starts(
        import_folder, analyst, kwargs, words):
    args = {"source": "X", "first_year": 2022, **kwargs}
    with pytest.raises(InvalidInput) as exc:
        computation_start(actor=analyst, **args)
    assert words in exc.value.summary()
    assert not jobs.Job.objects.exists()
