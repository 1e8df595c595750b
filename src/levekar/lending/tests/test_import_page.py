"""The inventory import from the desk's equipment page: an upload run as a job with its
progress on the page, with exactly the CLI's rules; bad files are refused in Norwegian
with row and column, and nothing is written (issue 17, item 7)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from levekar.core import jobs
from levekar.core.models import Job
from levekar.lending.models import Category, Copy, Item
from levekar.lending.services import imports
from levekar.lending.tests.test_import import HEADER, points  # noqa: F401  (fixture)

URL = "/utstyr/utlan/utstyr/import/"
GOOD = "\n".join([HEADER, "5001;Vinter;Langrennsski;130 cm;7;9;god;Lillestrøm bibliotek;nei",
                  "5002;Sykkel;Sykkelhjelm;M;;;god;bibliotek;ja"]) + "\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _upload(client, name: str, data: bytes):
    response = client.post(URL, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = Job.objects.get(name="lending.import_inventory")
    assert response["Location"].endswith(f"{URL}?jobb={job.pk}")
    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "done", job.error
    return job, client.get(response["Location"]).content.decode()


def test_an_uploaded_inventory_is_imported_by_a_job_with_its_progress_on_the_page(
        client_as, points, media, django_assert_max_num_queries):  # noqa: F811
    client = client_as("utlan1")
    listing = client.get("/utstyr/utlan/utstyr/").content.decode()
    assert f'href="{URL}"' in listing
    response = client.post(URL, {"file": SimpleUploadedFile("lager.csv", GOOD.encode())})
    job = Job.objects.get(name="lending.import_inventory")
    assert job.started_by.username == "utlan1"
    assert not Copy.objects.exists()   # not in the request
    with django_assert_max_num_queries(12):
        page = client.get(response["Location"]).content.decode()
    assert 'data-testid="job-progress"' in page and "venter på å starte" in page
    assert "Sykkel, Vann og bading, Vinter" in page or "Vinter" in page

    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.result["ok"] is True and job.result["copies"] == 2
    page = client.get(response["Location"]).content.decode()
    assert "Importert 2 eksemplarer fra lager.csv, 2 nye utstyrstyper." in page
    assert sorted(Copy.objects.values_list("number", flat=True)) == [5001, 5002]
    assert not list((media / imports.UPLOADS).iterdir())   # the upload is removed


VINTERR = (GOOD + "5003;Vinterr;Skøyter;36;;;god;bibliotek;\n"
           "5004;vinterr;Skøyter;38;;;god;bibliotek;\n"
           "5005;Badeting;Redningsvest;20 kg;;;god;bibliotek;\n").encode()


def test_unknown_categories_show_a_preview_and_nothing_is_imported_or_created(
        client_as, points, media, django_assert_max_num_queries):  # noqa: F811
    client = client_as("utlan1")
    with django_assert_max_num_queries(14):
        response = client.post(URL, {"file": SimpleUploadedFile("lager.csv", VINTERR)})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="category-preview"' in page
    assert "lager.csv nevner 2 kategorier som ikke finnes." in page
    assert "«Vinterr» i filen er" in page and "«Badeting» i filen er" in page
    assert "«vinterr» i filen er" not in page  # one choice per category, not per spelling
    assert '<option value="avvis">Avvis filen</option>' in page
    assert not Job.objects.exists() and not Copy.objects.exists()
    assert not Category.objects.filter(name__in=["Vinterr", "Badeting"]).exists()
    assert len(list((media / imports.UPLOADS).iterdir())) == 1  # kept for the answer


def _preview_token(client) -> str:
    import re

    page = client.post(URL, {"file": SimpleUploadedFile("lager.csv", VINTERR)}).content.decode()
    return re.search(r'name="token" value="([0-9a-f]{32}\.csv)"', page).group(1)


def test_the_mapped_categories_are_imported_by_the_job(client_as, points, media):  # noqa: F811
    client = client_as("utlan1")
    token = _preview_token(client)
    winter = Category.objects.get(name="Vinter")
    water = Category.objects.get(name="Vann og bading")

    response = client.post(URL, {"token": token, "filename": "lager.csv",
                                 "mapping-0": winter.code, "mapping-1": water.code})

    assert response.status_code == 302
    job = Job.objects.get(name="lending.import_inventory")
    assert job.kwargs["category_map"] == {"Vinterr": winter.code, "Badeting": water.code}
    jobs.run_pending()
    job.refresh_from_db()
    assert job.result["ok"] is True and job.result["copies"] == 5, job.result
    assert Copy.objects.filter(number__in=[5003, 5004], item__category=winter).count() == 2
    assert Copy.objects.get(number=5005).item.category == water
    assert not Category.objects.filter(name__in=["Vinterr", "Badeting"]).exists()


def test_a_category_left_unchosen_is_named_and_nothing_starts(client_as, points, media):  # noqa: F811
    client = client_as("utlan1")
    token = _preview_token(client)

    response = client.post(URL, {"token": token, "filename": "lager.csv",
                                 "mapping-0": Category.objects.get(name="Vinter").code,
                                 "mapping-1": "ikke-en-kategori"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Velg en kjent kategori for «Badeting», eller avvis filen." in page
    assert not Job.objects.exists()


def test_refusing_the_file_on_the_preview_deletes_it(client_as, points, media):  # noqa: F811
    client = client_as("utlan1")
    token = _preview_token(client)

    response = client.post(URL, {"token": token, "filename": "lager.csv", "action": "avvis"},
                           follow=True)

    assert "Filen lager.csv ble avvist; ingenting ble importert." in response.content.decode()
    assert not Job.objects.exists() and not Copy.objects.exists()
    assert not list((media / imports.UPLOADS).iterdir())


def test_a_token_cannot_point_at_another_file(client_as, points, media):  # noqa: F811
    response = client_as("utlan1").post(URL, {"token": "../../settings.py",
                                              "filename": "x.csv"}, follow=True)
    assert "Den opplastede filen finnes ikke lenger; last den opp på nytt." in \
        response.content.decode()
    assert not Job.objects.exists()


def test_without_a_mapping_the_job_still_refuses_an_unknown_category(points, media):  # noqa: F811
    path = imports.inventory_upload_store(data=VINTERR, filename="lager.csv")
    result = imports.inventory_upload_import(path=path, filename="lager.csv")
    assert result["ok"] is False
    assert any("Ukjent kategori «Vinterr» (kjente: Sykkel, Vann og bading, Vinter)" in p
               for p in result["problems"])
    assert not Copy.objects.exists() and not Item.objects.exists()


def test_a_mapping_to_a_category_that_does_not_exist_is_refused(points, tmp_path):  # noqa: F811
    from levekar.core.errors import InvalidInput

    path = tmp_path / "lager.csv"
    path.write_bytes(VINTERR)
    with pytest.raises(InvalidInput) as exc:
        imports.inventory_import(path=path, category_map={"Vinterr": "Vinterr",
                                                          "Badeting": "vinter"})
    assert "«Vinterr» er ikke en kjent kategori" in str(exc.value.problems[0])
    assert not Copy.objects.exists() and not Category.objects.filter(name="Vinterr").exists()


@pytest.mark.parametrize("name,data,expected", [
    ("lager.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
     "lager.csv: Filen er ikke en tekstfil (CSV), men ser ut til å være et bilde, et program "
     "eller en annen binærfil."),
    ("lager.csv", bytes(range(128, 256)) * 8,
     "lager.csv: Filen er ikke en tekstfil (CSV)"),
    ("lager.xlsx", b"dette er ikke en arbeidsbok",
     "lager.xlsx: Filen er ikke en gyldig XLSX-fil (Excel-arbeidsbok)."),
    ("lager.csv", (HEADER + "\n" + '5001;Vinter;"' + "x" * 200_000
                   + '";130 cm;;;god;bibliotek;\n').encode(),
     "lager.csv: Linje 2: et felt er lengre enn 128 kB"),
    ("lager.csv", b"navn;antall\nSki;3\n",
     "lager.csv, rad 1, kolonne «eksemplarnummer»: Kolonnen mangler i overskriftsraden. "
     "Påkrevde kolonner: eksemplarnummer, kategori, navn, utlånssted."),
    ("lager.csv", (HEADER + "\n5001;Vinter;" + "L" * 121 + ";;;;god;bibliotek;\n").encode(),
     "lager.csv, rad 2, kolonne C «navn»: Navnet kan ha høyst 120 tegn."),
], ids=["png", "undecodable", "not-a-zip", "field-over-128kb", "wrong-columns", "name-too-long"])
def test_bad_files_are_refused_in_norwegian_and_nothing_is_written(
        client_as, points, media, name, data, expected):  # noqa: F811
    job, page = _upload(client_as("utlan1"), name, data)
    assert job.result["ok"] is False
    assert any(expected in problem for problem in job.result["problems"]), job.result
    assert "Traceback" not in page and "Error" not in page
    assert f"Ingenting ble importert fra {name}" in page
    assert not Copy.objects.exists() and not Item.objects.exists()


def test_an_xlsx_upload_is_read_like_the_cli_reads_it(client_as, points, media):  # noqa: F811
    wb = Workbook()
    ws = wb.active
    ws.append(["Eksemplarnummer", "Kategori", "Navn", "Størrelse", "Utlånssted"])
    ws.append([6001, "Vinter", "Skøyter", 36, "Lillestrøm bibliotek"])
    ws.append([6002, "vinter", "Skøyter", 36, "bibliotek"])
    buffer = io.BytesIO()
    wb.save(buffer)
    job, _page = _upload(client_as("utlan1"), "lager.xlsx", buffer.getvalue())
    assert job.result["ok"] is True, job.result
    assert Item.objects.get().copies.count() == 2


def test_only_csv_and_xlsx_are_accepted_by_the_form(client_as, points, media):  # noqa: F811
    response = client_as("utlan1").post(URL, {"file": SimpleUploadedFile("lager.pdf", b"%PDF")})
    assert response.status_code == 200
    assert "Filen må være en CSV-fil (.csv) eller en Excel-arbeidsbok (.xlsx)." \
        in response.content.decode()
    assert not Job.objects.exists()


def test_other_roles_cannot_import_equipment(client_as, points, media):  # noqa: F811
    response = client_as("fritid1").post(
        URL, {"file": SimpleUploadedFile("lager.csv", GOOD.encode())})
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_the_cli_refuses_an_unknown_category_too(points, tmp_path):  # noqa: F811
    from typer.testing import CliRunner

    from levekar.cli.main import app

    path = tmp_path / "lager.csv"
    path.write_text(HEADER + "\n5001;Vinterr;Ski;;;;god;bibliotek;\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["lending", "import", str(path)])
    assert result.exit_code == 1
    assert "rad 2, kolonne B «kategori»: Ukjent kategori «Vinterr»" in result.stderr
    assert not Category.objects.filter(name="Vinterr").exists()


def test_an_upload_abandoned_on_the_preview_is_deleted_a_day_later(media):
    import os
    import time

    old = imports.inventory_upload_store(data=VINTERR, filename="gammel.csv")
    day_old = time.time() - imports.ABANDONED_AFTER_SECONDS - 60
    os.utime(old, (day_old, day_old))
    new = imports.inventory_upload_store(data=VINTERR, filename="ny.csv")
    assert not old.exists() and new.exists()
