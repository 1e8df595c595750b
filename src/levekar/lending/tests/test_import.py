"""`levekar lending import FILE`: an existing inventory in, all or nothing, every error with
its row and column in Norwegian."""

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from levekar.cli.main import app
from levekar.lending import services
from levekar.lending.models import Category, Condition, Copy, Item, RepairReport

runner = CliRunner()

HEADER = ("eksemplarnummer;kategori;navn;størrelse;alder_fra;alder_til;tilstand;utlånssted;"
          "klassesett")


@pytest.fixture
def points(db):
    services.lending_point_ensure(code="bibliotek", name="Lillestrøm bibliotek")
    services.lending_point_ensure(code="frivilligsentral", name="Strømmen frivilligsentral")
    services.category_ensure(code="vinter", name="Vinter")
    services.category_ensure(code="vann", name="Vann og bading")
    services.category_ensure(code="sykkel", name="Sykkel")


def write_csv(tmp_path, *rows, name="lager.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_csv_inventory_becomes_items_and_copies(points, tmp_path):
    path = write_csv(
        tmp_path,
        "5001;Vinter;Langrennsski;130 cm;7;9;god;Lillestrøm bibliotek;nei",
        "5002;vinter;Langrennsski;130 cm;7;9;slitt;bibliotek;",
        "5003;Vinter;Langrennsski;140 cm;8;10;til reparasjon;Strømmen frivilligsentral;",
        "",
        "5004;Vann og bading;Redningsvest;15–30 kg;;;;Lillestrøm bibliotek;",
        "5005;Sykkel;Sykkelhjelm;M;;;god;Lillestrøm bibliotek;ja",
    )
    result = runner.invoke(app, ["lending", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Importert 5 eksemplarer av 4 nye utstyrstyper." in result.output
    assert Category.objects.count() == 3
    skis = Item.objects.get(name="Langrennsski", size="130 cm")
    assert (skis.age_min, skis.age_max, skis.category.code) == (7, 9, "vinter")
    assert sorted(skis.copies.values_list("number", "condition")) == [
        (5001, Condition.GOOD), (5002, Condition.WORN)]
    assert Copy.objects.get(number=5003).location.code == "frivilligsentral"
    assert RepairReport.objects.get(copy__number=5003).resolved_at is None
    assert Item.objects.get(name="Sykkelhjelm").class_set is True
    assert Item.objects.get(name="Redningsvest").category.code == "vann"


def test_errors_name_row_and_column_and_nothing_is_imported(points, tmp_path):
    path = write_csv(
        tmp_path,
        "5001;Vinter;Langrennsski;130 cm;9;7;ødelagt;Lillestrøm bibliotek;",
        "5001;Vinter;Skistaver;110 cm;;;god;Kjeller;kanskje",
        "x12;Vinter;;;;;;Lillestrøm bibliotek;",
        "5004;Vinter;Skisko;36;seks;;god;Lillestrøm bibliotek;",
    )
    result = runner.invoke(app, ["lending", "import", str(path)])
    assert result.exit_code == 1
    err = result.stderr
    assert "Ingenting er importert fra lager.csv. 8 feil:" in err
    assert "lager.csv, rad 2, kolonne F «alder_til»: Alder til er lavere enn alder fra." in err
    assert ("lager.csv, rad 2, kolonne G «tilstand»: Ukjent tilstand «ødelagt» (bruk god, "
            "slitt, til reparasjon eller kassert).") in err
    assert ("lager.csv, rad 3, kolonne A «eksemplarnummer»: Eksemplarnummer 5001 står også "
            "på rad 2.") in err
    assert "rad 3, kolonne H «utlånssted»: Ukjent utlånssted «Kjeller» (kjente: " \
           "Lillestrøm bibliotek, Strømmen frivilligsentral)." in err
    assert "rad 3, kolonne I «klassesett»: Skriv ja eller nei, ikke «kanskje»." in err
    assert "rad 4, kolonne A «eksemplarnummer»: «x12» er ikke et heltall." in err
    assert "rad 4, kolonne C «navn»: Navn mangler." in err
    assert "rad 5, kolonne E «alder_fra»: «seks» er ikke et heltall." in err
    assert not Item.objects.exists() and not Copy.objects.exists()


def test_a_copy_number_already_in_the_library_is_refused(points, tmp_path):
    skis = services.item_create(category=Category.objects.get(code="vinter"),
                                name="Langrennsski", size="130 cm")
    from levekar.lending.models import LendingPoint

    services.copies_add(item=skis, location=LendingPoint.objects.first(), first_number=5001)
    path = write_csv(tmp_path, "5002;Vinter;Langrennsski;130 cm;;;;bibliotek;",
                     "5001;Vinter;Langrennsski;130 cm;;;;bibliotek;")
    result = runner.invoke(app, ["lending", "import", str(path)])
    assert result.exit_code == 1
    assert ("rad 3, kolonne A «eksemplarnummer»: Eksemplarnummer 5001 finnes allerede i "
            "utstyrsbanken.") in result.stderr
    assert list(Copy.objects.values_list("number", flat=True)) == [5001]


def test_a_missing_required_column_is_named(points, tmp_path):
    path = tmp_path / "lager.csv"
    path.write_text("nummer,navn\n1,Ski\n", encoding="utf-8")
    result = runner.invoke(app, ["lending", "import", str(path)])
    assert result.exit_code == 1
    assert "lager.csv, rad 1, kolonne «kategori»: Kolonnen mangler i overskriftsraden." \
        in result.stderr
    assert "kolonne «utlånssted»" in result.stderr


def test_an_xlsx_inventory_is_read_with_the_same_rules(points, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Eksemplarnummer", "Kategori", "Navn", "Størrelse", "Utlånssted", "Anskaffet"])
    ws.append([6001, "Vinter", "Skøyter", 36, "Lillestrøm bibliotek", "2024-10-01"])
    ws.append([6002, "Vinter", "Skøyter", 38, "Lillestrøm bibliotek", "01.13.2024"])
    path = tmp_path / "lager.xlsx"
    wb.save(path)
    result = runner.invoke(app, ["lending", "import", str(path)])
    assert result.exit_code == 1
    assert ("lager.xlsx, rad 3, kolonne F «anskaffet»: «01.13.2024» er ikke en dato "
            "(bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ).") in result.stderr
    assert not Copy.objects.exists()
    ws.delete_rows(3)
    wb.save(path)
    result = runner.invoke(app, ["lending", "import", str(path)])
    assert result.exit_code == 0, result.output
    copy = Copy.objects.get(number=6001)
    assert (copy.item.size, str(copy.acquired_on)) == ("36", "2024-10-01")


def test_a_file_that_is_not_csv_or_xlsx_is_refused(points, tmp_path):
    path = tmp_path / "lager.pdf"
    path.write_bytes(b"%PDF-1.4")
    result = runner.invoke(app, ["lending", "import", str(path)])
    assert result.exit_code == 1
    assert "lager.pdf: Filen må være .csv eller .xlsx." in result.stderr
