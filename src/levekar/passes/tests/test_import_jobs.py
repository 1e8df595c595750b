"""Household imports run as jobs: an upload from the import page with its progress, and
files dropped in the import folder (LEVEKAR_IMPORT_DIR) that the worker picks up."""

import os
import time

import pytest

from levekar.core import jobs
from levekar.core.models import AuditEvent, Job
from levekar.passes.tests.test_import import GOOD, HEADER, WRONG
from levekar.people.models import Household, IncomeRecord, Person

BAD = f"""{HEADER}
H9;Storgata 9;2000;Lillestrøm;3205-01;nb;{WRONG};Kari;Feil;;2025;180 000
H9;Storgata 9;2000;Lillestrøm;3205-01;nb;;Ola;Feil;;;
"""


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def folder(settings, tmp_path):
    settings.LEVEKAR_IMPORT_DIR = tmp_path / "importmappe"
    settings.LEVEKAR_IMPORT_DIR.mkdir()
    return settings.LEVEKAR_IMPORT_DIR


def _drop(folder, name: str, text: str, age: float = 120):
    """A file copied into the folder ``age`` seconds ago."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_an_upload_is_imported_by_a_job_with_its_progress_on_the_page(
        client_as, zones, media, django_assert_max_num_queries):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("fritid1")
    response = client.post("/fritid/import/", {
        "file": SimpleUploadedFile("skatt-2025.csv", GOOD.encode(), "text/csv")})
    assert response.status_code == 302
    job = Job.objects.get(name="passes.import_households")
    assert response["Location"].endswith(f"/fritid/import/?jobb={job.pk}")
    assert job.started_by.username == "fritid1"
    assert not Household.objects.filter(external_id="H1").exists()   # not in the request
    with django_assert_max_num_queries(12):
        page = client.get(response["Location"]).content.decode()
    assert 'data-testid="job-progress"' in page and "venter på å starte" in page

    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.result["ok"] and job.progress_done == job.progress_total > 0
    assert (Household.objects.filter(external_id__in=["H1", "H2"]).count(),
            Person.objects.filter(last_name__in=["Nordmann", "Hassan"]).count(),
            IncomeRecord.objects.count()) == (2, 4, 2)
    event = AuditEvent.objects.get(detail__startswith="registerimport skatt-2025.csv")
    assert event.actor.username == "fritid1"
    assert not list((media / "husstandsimport-opplastet").iterdir())   # the upload is gone
    page = client.get(response["Location"]).content.decode()
    assert "Importert 4 rader fra skatt-2025.csv: 2 nye og 0 endrede husstander" in page


def test_a_bad_upload_imports_nothing_and_the_page_lists_every_problem(client_as, zones,
                                                                        media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("fritid1")
    response = client.post("/fritid/import/", {
        "file": SimpleUploadedFile("feil.csv", BAD.encode(), "text/csv")})
    jobs.run_pending()
    job = Job.objects.get(name="passes.import_households")
    assert job.status == "done" and job.attempts == 1    # bad rows are no reason to retry
    assert not job.result["ok"]
    assert job.result["problems"] == [
        "feil.csv, linje 2, felt «fødselsnummer»: Fødselsnummeret er ikke gyldig "
        "(kontrollsifrene stemmer ikke).",
        "feil.csv, linje 3, felt «fødselsnummer»: Personen må ha fødselsnummer eller "
        "fødselsdato."]
    assert not Household.objects.filter(external_id="H9").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Ingenting ble importert fra feil.csv: 2 feil må rettes først." in page
    assert 'data-testid="job-problems"' in page and "linje 3" in page


def test_the_upload_form_refuses_a_file_that_is_not_csv(client_as, zones, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_as("fritid1").post("/fritid/import/", {
        "file": SimpleUploadedFile("skatt.xlsx", b"PK...", "application/vnd.ms-excel")})
    assert response.status_code == 200
    assert "Filen må være en CSV-fil (.csv)." in response.content.decode()
    assert not Job.objects.exists()


def test_files_in_the_import_folder_are_imported_or_refused_with_a_report(
        folder, zones, client_as):
    _drop(folder, "skatt-2025.csv", GOOD)
    _drop(folder, "feil.csv", BAD)
    _drop(folder, "kopieres.csv", GOOD.replace("H1", "H7").replace("H2", "H8"), age=1)

    job = jobs.enqueue("passes.import_folder")
    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert (job.result["imported"], job.result["failed"]) == (1, 1)
    assert (folder / "ferdig" / "skatt-2025.csv").exists()
    assert (folder / "feilet" / "feil.csv").exists()
    report = (folder / "feilet" / "feil.csv.feil.txt").read_text(encoding="utf-8")
    assert report.startswith("Ingenting ble importert fra feil.csv (")
    assert "- feil.csv, linje 2, felt «fødselsnummer»: Fødselsnummeret er ikke gyldig" in report
    assert (folder / "kopieres.csv").exists()     # still being copied: left for next time
    assert Household.objects.filter(external_id__in=["H1", "H2"]).count() == 2
    assert not Household.objects.filter(external_id__in=["H7", "H8", "H9"]).exists()
    assert AuditEvent.objects.get(detail__startswith="registerimport skatt-2025.csv") \
        .actor_username == "importmappe"

    # /drift/ shows the folder: the refused file with its report, the imported one.
    page = client_as("admin").get("/drift/").content.decode()
    assert 'data-testid="import-folder"' in page and "1 fil venter." in page
    assert 'data-status="failed"' in page and "feil.csv" in page
    assert 'data-status="done"' in page and "skatt-2025.csv" in page


def test_a_file_left_half_imported_by_a_stopped_worker_is_imported_on_the_next_run(
        folder, zones):
    (folder / "behandles").mkdir()
    _drop(folder / "behandles", "skatt-2025.csv", GOOD)
    # The same file was dropped again meanwhile: importing twice changes nothing.
    _drop(folder, "skatt-2025.csv", GOOD)
    jobs.enqueue("passes.import_folder")
    jobs.run_pending()
    assert not list((folder / "behandles").iterdir())
    assert "skatt-2025.csv" in {p.name for p in (folder / "ferdig").iterdir()}
    assert len(list((folder / "ferdig").iterdir())) == 2
    assert Household.objects.filter(external_id__in=["H1", "H2"]).count() == 2
    assert Person.objects.filter(last_name__in=["Nordmann", "Hassan"]).count() == 4


def test_the_import_folder_is_on_the_schedule():
    spec = jobs.get_task("passes.import_folder")
    assert spec.schedule == "*/5 * * * *"
