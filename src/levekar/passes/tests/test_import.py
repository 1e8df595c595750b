"""The register import: all or nothing, every error with its line and column."""

import pytest
from typer.testing import CliRunner

from levekar.core.errors import InvalidInput
from levekar.core.models import AuditEvent
from levekar.passes.services import households_import
from levekar.people.models import Household, IncomeRecord, Person

HEADER = ("husstand;adresse;postnummer;poststed;sone;språk;fødselsnummer;fornavn;etternavn;"
          "fødselsdato;inntektsår;inntekt_etter_skatt")

def fnr(ddmmyy: str, start: int) -> str:
    """The first valid fødselsnummer for a birth date from individual number ``start``."""
    from stdnum.no import fodselsnummer

    for individual in range(start, start + 100):
        body = f"{ddmmyy}{individual:03d}"
        k1 = fodselsnummer.calc_check_digit1(body)
        k2 = fodselsnummer.calc_check_digit2(body + k1) if len(k1) == 1 else "10"
        if len(k2) == 1:
            return body + k1 + k2
    raise AssertionError


KARI, AMINA, YUSUF = fnr("010185", 123), fnr("150574", 123), fnr("030310", 523)
WRONG = KARI[:-1] + str((int(KARI[-1]) + 1) % 10)
GOOD = f"""{HEADER}
H1;Storgata 1;2000;Lillestrøm;3205-01;nb;{KARI};Kari;Nordmann;;2025;180 000
H1;Storgata 1;2000;Lillestrøm;3205-01;nb;;Ola;Nordmann;2016-05-02;;
H2;Tærudgata 7;2004;Lillestrøm;3205-03;en;{AMINA};Amina;Hassan;;2025;410000
H2;Tærudgata 7;2004;Lillestrøm;3205-03;en;{YUSUF};Yusuf;Hassan;;;
"""


@pytest.fixture
def good_csv():
    return GOOD.encode()


def test_an_import_creates_households_persons_and_incomes_with_one_audit_event(
        municipality, zones, good_csv):
    result = households_import(actor=None, actor_name="cli:test", municipality=municipality,
                               data=good_csv, filename="skatt-2025.csv")
    assert (result.households_created, result.persons_created, result.incomes_created) == \
        (2, 4, 2)
    h1 = Household.objects.get(external_id="H1")
    assert (h1.street, h1.zone.code, h1.preferred_language) == ("Storgata 1", "3205-01", "nb")
    assert Household.objects.get(external_id="H2").preferred_language == "en"
    kari = Person.objects.get(first_name="Kari")
    assert kari.birth_date.isoformat() == "1985-01-01"
    assert IncomeRecord.objects.get(person=kari, year=2025).income_after_tax == 180_000
    ola = Person.objects.get(first_name="Ola")
    assert ola.national_id is None and ola.household == h1
    event = AuditEvent.objects.get(detail__startswith="registerimport")
    assert "skatt-2025.csv" in event.detail and "4 rader" in event.detail
    assert event.actor_username == "cli:test"
    assert set(event.subjects.values_list("person_id", flat=True)) == set(
        Person.objects.values_list("pk", flat=True))


def test_importing_the_same_file_twice_changes_nothing(municipality, zones, good_csv):
    households_import(actor=None, municipality=municipality, data=good_csv, filename="a.csv")
    again = households_import(actor=None, municipality=municipality, data=good_csv,
                              filename="a.csv")
    assert (again.households_created, again.households_updated, again.persons_created,
            again.persons_updated, again.incomes_created, again.incomes_updated) == (0,) * 6
    assert (Household.objects.count(), Person.objects.count(), IncomeRecord.objects.count()) == \
        (2, 4, 2)


def test_a_new_income_year_and_a_move_update_what_is_there(municipality, zones, good_csv):
    households_import(actor=None, municipality=municipality, data=good_csv, filename="a.csv")
    moved = good_csv.decode().replace("Storgata 1;2000;Lillestrøm;3205-01",
                                      "Kjellerveien 3;2007;Kjeller;3205-09")
    moved = moved.replace(";2025;180 000", ";2026;190000")
    result = households_import(actor=None, municipality=municipality, data=moved.encode(),
                               filename="b.csv")
    assert result.households_updated == 1 and result.incomes_created == 1
    assert Household.objects.get(external_id="H1").zone.code == "3205-09"
    assert IncomeRecord.objects.filter(person__first_name="Kari").count() == 2


@pytest.mark.parametrize(("replace", "line", "field", "message"), [
    ((KARI, WRONG), 2, "fødselsnummer", "kontrollsifrene stemmer ikke"),
    (("3205-03;en", "9999-99;en"), 4, "sone", "Ukjent levekårssone «9999-99»"),
    (("410000", "fire hundre"), 4, "inntekt_etter_skatt", "ikke et helt kronebeløp"),
    (("410000", "9" * 20), 4, "inntekt_etter_skatt", "ikke et mulig kronebeløp"),
    (("2016-05-02", "2. mai 2016"), 3, "fødselsdato", "ÅÅÅÅ-MM-DD"),
    ((";nb;;Ola", ";fr;;Ola"), 3, "språk", "«nb» (norsk) eller «en» (engelsk)"),
    (("Storgata 1;2000;Lillestrøm;3205-01;nb;;Ola", "Storgata 2;2000;Lillestrøm;3205-01;nb;;Ola"),
     3, "adresse", "annen verdi på linje 2"),
])
def test_a_bad_value_is_reported_with_line_and_column_and_nothing_is_written(
        municipality, zones, good_csv, replace, line, field, message):
    old, new = replace
    text = good_csv.decode().replace(old, new)
    before = (Household.objects.count(), Person.objects.count(), IncomeRecord.objects.count())
    with pytest.raises(InvalidInput) as err:
        households_import(actor=None, municipality=municipality, data=text.encode(),
                          filename="feil.csv")
    problems = [p for p in err.value.problems if p.line == line and p.field == field]
    assert problems and message in problems[0].message, err.value.summary()
    assert f"feil.csv, linje {line}, felt «{field}»" in err.value.summary()
    assert (Household.objects.count(), Person.objects.count(),
            IncomeRecord.objects.count()) == before


def test_a_missing_column_is_named_on_line_1(municipality, zones):
    data = b"husstand;fornavn\nH1;Kari\n"
    with pytest.raises(InvalidInput) as err:
        households_import(actor=None, municipality=municipality, data=data, filename="x.csv")
    assert "x.csv, linje 1: Mangler kolonnen «etternavn»." in err.value.summary()


def test_the_same_person_twice_in_a_file_is_refused(municipality, zones, good_csv):
    lines = good_csv.decode().splitlines()
    data = "\n".join([*lines, lines[1].replace("H1;", "H9;")]).encode()
    with pytest.raises(InvalidInput) as err:
        households_import(actor=None, municipality=municipality, data=data, filename="x.csv")
    assert "står også på linje 2" in err.value.summary()


def test_the_command_exits_non_zero_with_the_errors_and_imports_nothing(
        municipality, zones, good_csv, tmp_path):
    from levekar.cli.main import app

    bad = tmp_path / "register.csv"
    bad.write_bytes(good_csv.decode().replace("3205-03;en", "nowhere;en").encode())
    result = CliRunner().invoke(app, ["passes", "import-households", str(bad)])
    assert result.exit_code == 1
    assert "Ingenting ble importert" in result.output
    assert "register.csv, linje 4, felt «sone»: Ukjent levekårssone «nowhere»" in result.output
    assert Household.objects.count() == 0

    good = tmp_path / "ok.csv"
    good.write_bytes(good_csv)
    result = CliRunner().invoke(app, ["passes", "import-households", str(good)])
    assert result.exit_code == 0, result.output
    assert "Importert 4 rader" in result.output


def test_a_register_saved_by_excel_in_windows_1252_is_read_by_the_shared_reader(
        municipality, zones):
    result = households_import(actor=None, actor_name="cli:test", municipality=municipality,
                               data=GOOD.encode("cp1252"), filename="skatt-2025.csv")
    assert result.households_created == 2
    assert Household.objects.get(external_id="H2").street == "Tærudgata 7"


def test_a_binary_file_is_refused_in_norwegian_and_nothing_is_written(municipality, zones):
    with pytest.raises(InvalidInput) as exc:
        households_import(actor=None, actor_name="cli:test", municipality=municipality,
                          data=b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(300),
                          filename="skatt-2025.csv")
    assert "ikke en tekstfil" in str(exc.value.problems[0])
    assert not Household.objects.exists()


def test_a_field_over_128_kb_names_its_line_and_column(municipality, zones):
    data = f"{HEADER}\nH1;{'x' * (129 * 1024)};2000\n".encode()
    with pytest.raises(InvalidInput) as exc:
        households_import(actor=None, actor_name="cli:test", municipality=municipality,
                          data=data, filename="skatt-2025.csv")
    assert "Linje 2: et felt er lengre enn 128 kB (kolonne B)" in str(exc.value.problems[0])
    assert not Household.objects.exists()


def test_new_and_known_rows_mixed_each_get_their_own_keys_incomes_and_audit_subject(
        municipality, zones, good_csv):
    """The keys of new rows come back from the INSERT (SQLite) or are read back by their
    register keys (PostgreSQL): with new persons between known ones, twins without a
    fødselsnummer and a new household, every income lands on its own person and the
    audit event names exactly the persons of the file."""
    households_import(actor=None, municipality=municipality, data=good_csv, filename="a.csv")
    outsider = Person.objects.create(first_name="Per", last_name="Utenfor")
    nora, ali = fnr("121299", 321), fnr("040404", 611)
    lines = good_csv.decode().splitlines()
    mixed = "\n".join([
        lines[0],
        f"H3;Nyveien 5;2010;Strømmen;3205-01;nb;{nora};Nora;Berg;;2025;111111",
        lines[1],
        "H3;Nyveien 5;2010;Strømmen;3205-01;nb;;Tvilling;Berg;2020-02-02;;",
        lines[3],
        "H3;Nyveien 5;2010;Strømmen;3205-01;nb;;Tvilling;Berg;2020-02-02;;",
        f"H2;Tærudgata 7;2004;Lillestrøm;3205-03;en;{ali};Ali;Hassan;;2025;222222",
        lines[2], lines[4],
    ]).encode()
    result = households_import(actor=None, municipality=municipality, data=mixed,
                               filename="b.csv")
    assert (result.households_created, result.persons_created, result.incomes_created) == \
        (1, 4, 2)
    incomes = dict(IncomeRecord.objects.filter(year=2025).values_list(
        "person__first_name", "income_after_tax"))
    assert incomes == {"Kari": 180_000, "Amina": 410_000, "Nora": 111_111, "Ali": 222_222}
    h3 = Household.objects.get(external_id="H3")
    assert sorted(h3.members.values_list("first_name", flat=True)) == \
        ["Nora", "Tvilling", "Tvilling"]
    assert Person.objects.get(national_id=ali).household.external_id == "H2"
    event = AuditEvent.objects.get(detail__startswith="registerimport b.csv")
    subjects = set(event.subjects.values_list("person_id", flat=True))
    assert subjects == set(Person.objects.exclude(pk=outsider.pk).values_list("pk", flat=True))
    assert len(subjects) == 8


def test_blank_rows_are_skipped_and_a_file_of_only_blank_rows_is_refused(
        municipality, zones, good_csv):
    lines = good_csv.decode().splitlines()
    spaced = "\n".join([lines[0], "", lines[1], " ; ;  ;;;;;;;;;", lines[2], ";;", *lines[3:]])
    result = households_import(actor=None, municipality=municipality, data=spaced.encode(),
                               filename="a.csv")
    assert (result.rows, result.persons_created) == (4, 4)
    with pytest.raises(InvalidInput) as err:
        households_import(actor=None, municipality=municipality,
                          data=f"{HEADER}\n\n ; ; \n".encode(), filename="tom.csv")
    assert "tom.csv: Filen har ingen rader under overskriften." in err.value.summary()


def test_the_import_runs_with_the_garbage_collector_paused_and_resumes_it(
        municipality, zones, good_csv):
    """The cyclic collector walks every row object alive again and again during a large
    import (over half its time, finding nothing): it is paused for the import only."""
    import gc

    seen = []

    class Reporter:
        def start(self, description, total=None):
            seen.append(gc.isenabled())

        def advance(self, amount=1):
            pass

        def finish(self):
            pass

    assert gc.isenabled()
    households_import(actor=None, municipality=municipality, data=good_csv, filename="a.csv",
                      reporter=Reporter())
    assert seen and not any(seen)
    assert gc.isenabled()
