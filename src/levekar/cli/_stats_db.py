"""The database side of ``levekar stats``: store computed and published figures for the pages.

``levekar/cli/stats.py`` (the engine's ``compute`` and ``synth``) adds these commands to
its sub-app with ``register_db_commands(app)``; ``app`` here holds the same commands, so
they can also be run and tested on their own.
"""

from pathlib import Path
from typing import Annotated

import typer

from levekar.cli._common import console, django_setup, fail, progress_reporter


def _refused(exc) -> None:
    fail("Ingenting er lagret.\n" + exc.summary())


def load(
    dirs: Annotated[list[Path], typer.Argument(
        help="Resultatmappe(r) fra «levekar stats compute», eller en mappe med én "
             "resultatmappe per periode.")],
    source: str = typer.Option(..., "--source", help="Kildenavn; samme navn igjen erstatter."),
    notes: str = typer.Option("", "--notes", help="Merknad som vises sammen med tallene."),
) -> None:
    """Lagre beregnede tall (indicators.csv og thresholds.csv) for sidene. Alt eller ingenting."""
    django_setup()
    from levekar.core.errors import InvalidInput
    from levekar.stats.services import result_set_load

    try:
        with progress_reporter() as reporter:
            result = result_set_load(paths=dirs, source=source, notes=notes, reporter=reporter)
    except InvalidInput as exc:
        _refused(exc)
    summary = result.summary
    console.print(f"Lastet «{result.source}»: {summary['rows']} tall, perioder "
                  f"{', '.join(summary['periods']) or '–'}, år {', '.join(summary['years'])}.")


def import_jsonstat(
    file: Annotated[Path, typer.Argument(
        help="JSON-stat 2.0-fil fra SSBs PxWebApi v2 (json-stat2).")],
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", help="JSON-fil som kobler tabellens kategorier til indikator og "
                          "gruppe (trengs bare for andre tabeller enn SSBs 08764, 12944, "
                          "11046 og 06947).")] = None,
) -> None:
    """Lagre en publisert tabell (f.eks. SSB 08764 eller 12944) som publiserte tall."""
    django_setup()
    from levekar.core.errors import InvalidInput
    from levekar.stats.readers.published import mapping_from_json
    from levekar.stats.services import published_table_import

    try:
        table_map = None
        if mapping is not None:
            table_map = mapping_from_json(_read(mapping), file_name=str(mapping))
        table = published_table_import(data=_read(file), file_name=str(file), mapping=table_map)
    except InvalidInput as exc:
        _refused(exc)
    console.print(f"Importerte tabell {table.table_id} ({table.source}): "
                  f"{table.figures.count()} tall.")


def import_survey(
    file: Annotated[Path, typer.Argument(
        help="CSV: source,year,area,school,indicator,group,value,respondents.")],
) -> None:
    """Lagre publiserte tall fra spørreundersøkelser (Ungdata), med prikking av små grupper."""
    django_setup()
    from levekar.core.errors import InvalidInput
    from levekar.stats.services import survey_import

    try:
        n = survey_import(data=_read(file), file_name=str(file))
    except InvalidInput as exc:
        _refused(exc)
    console.print(f"Importerte {n} tall fra {file.name}.")


def import_geojson(
    file: Annotated[Path, typer.Argument(
        help="GeoJSON FeatureCollection med ett polygon per sone.")],
    municipality: str = typer.Option(..., "--municipality", help="Kommunenummer, f.eks. 3205."),
    code_property: str | None = typer.Option(
        None, "--code-property", help="Egenskapen som har sonekoden (standard: code, sone …)."),
    synthetic: bool = typer.Option(
        False, "--synthetic", help="Grensene er oppdiktet (demo); kartet sier det."),
    crs: str | None = typer.Option(
        None, "--koordinatsystem", help="EPSG-kode når filen ikke sier det selv: 25832 "
        "(EUREF89 UTM 32), 25833 (EUREF89 UTM 33), 4258 eller 4326 (standard)."),
) -> None:
    """Lagre sonegrensene til en kommune for kartet; erstatter tidligere grenser."""
    django_setup()
    from levekar.core.errors import InvalidInput
    from levekar.stats.services import zone_boundaries_import

    try:
        boundary = zone_boundaries_import(
            municipality_code=municipality, data=_read(file), file_name=str(file),
            code_property=code_property, synthetic=synthetic, crs=crs)
    except InvalidInput as exc:
        _refused(exc)
    console.print(f"Lagret grensene til {boundary.zone_count} soner for {boundary.municipality}.")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        fail(f"{path}: filen finnes ikke.")
    except OSError as exc:
        fail(f"{path}: filen kan ikke leses ({exc.strerror}).")


COMMANDS = {"load": load, "import-jsonstat": import_jsonstat, "import-survey": import_survey,
            "import-geojson": import_geojson}


def register_db_commands(target: typer.Typer) -> None:
    """Add ``load``, ``import-jsonstat``, ``import-survey``, ``import-geojson`` to ``target``."""
    for name, command in COMMANDS.items():
        target.command(name)(command)


app = typer.Typer(help="Lagre beregnede og publiserte levekårstall for sidene.",
                  no_args_is_help=True)
register_db_commands(app)
