"""``levekar stats …``: the statistics engine from the command line.

``compute`` and ``synth`` are plain engine work and need no database; the other
``stats`` commands (loading results into the app) live beside them.
"""

import re
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from levekar.cli._common import console, err_console, fail, progress_reporter
from levekar.cli._stats_db import register_db_commands

app = typer.Typer(help="Kunnskapsgrunnlag: lavinntekt og trangboddhet fra registerdata.",
                  no_args_is_help=True)

_YEARS = re.compile(r"^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$")


def _years(text: str, option: str) -> tuple[int, int]:
    match = _YEARS.match(text)
    if not match:
        fail(f"{option} må skrives som to årstall med bindestrek, for eksempel 2022-2024 "
             f"(fikk «{escape(text)}»).")
    first, last = int(match.group(1)), int(match.group(2))
    if last < first:
        fail(f"{option}: siste år ({last}) kan ikke være før første år ({first}).")
    return first, last


@app.command()
def compute(
    input_path: Annotated[Path, typer.Option(
        "--input", help="CSV- eller Parquet-fil, eller en mappe med slike filer "
                        "(én rad per person og år).")],
    period: Annotated[str, typer.Option(
        "--period", help="Treårsperioden, for eksempel 2022-2024.")],
    out: Annotated[Path, typer.Option(
        "--out", help="Mappen der indicators.csv og thresholds.csv skrives.")],
    cpi: Annotated[Path | None, typer.Option(
        "--cpi", help="Valgfri KPI-tabell (CSV year,index) for vedvarende lavinntekt i "
                      "faste priser.")] = None,
    child_age_cutoff: Annotated[int, typer.Option(
        "--child-age-cutoff", help="Alder fra og med denne teller 0,5 på EU-skalaen "
                                   "(under: 0,3).")] = 14,
    suppress_numerator: Annotated[int, typer.Option(
        "--suppress-numerator", help="Prikk når telleren er høyst dette.")] = 3,
    suppress_complement: Annotated[int, typer.Option(
        "--suppress-complement", help="Prikk når nevner minus teller er høyst dette.")] = 3,
    suppress_min_denominator: Annotated[int, typer.Option(
        "--suppress-min-denominator", help="Prikk når nevneren er under dette.")] = 10,
    secondary_suppression: Annotated[bool, typer.Option(
        "--secondary-suppression/--no-secondary-suppression",
        help="Sekundærprikking av soner (når nøyaktig én sone i kommunen er prikket).")
    ] = True,
    median_includes_out_of_scope: Annotated[bool, typer.Option(
        "--median-includes-out-of-scope",
        help="Regn medianen over alle personer, også studenthusholdninger og husholdninger "
             "med bare barn (standard: de holdes utenfor før medianen).")] = False,
) -> None:
    """Beregn indikatorene fra mikrodata og skriv indicators.csv og thresholds.csv."""
    from levekar.stats.engine import InputError, Params
    from levekar.stats.engine import compute as run_compute

    first, last = _years(period, "--period")
    if last - first != 2:
        fail(f"--period må være tre år, for eksempel 2022-2024 (fikk {first}-{last}).")
    try:
        params = Params(child_age_cutoff=child_age_cutoff,
                        suppress_numerator=suppress_numerator,
                        suppress_complement=suppress_complement,
                        suppress_min_denominator=suppress_min_denominator,
                        secondary_suppression=secondary_suppression,
                        median_includes_out_of_scope=median_includes_out_of_scope)
    except ValueError as exc:
        fail(escape(str(exc)))
    try:
        with progress_reporter() as reporter:
            summary = run_compute(input_path=input_path, period=(first, last), out_dir=out,
                                  params=params, cpi_path=cpi, reporter=reporter)
    except InputError as err:
        # One line per problem, unwrapped and without markup (they quote file names).
        for problem in err.problems:
            err_console.print(problem, soft_wrap=True, markup=False, highlight=False)
        fail("Inndataene ble avvist, og ingenting er skrevet (feilene står over).")
    except OSError as exc:
        fail(f"Kunne ikke skrive resultatet til {escape(str(out))}: "
             f"{escape(exc.strerror or str(exc))}")
    console.print(
        f"Skrev {summary['rows']} indikatorrader og {summary['threshold_rows']} "
        f"grenserader til {out} ({summary['persons']} personer, "
        f"{summary['person_years']} personår, {summary['seconds']:.1f} s).",
        highlight=False, markup=False)


@app.command()
def synth(
    persons: Annotated[int, typer.Option("--persons", help="Antall personer det første året.")],
    out: Annotated[Path, typer.Option("--out", help="Mappen filene skrives til.")],
    years: Annotated[str, typer.Option("--years", help="Årene, for eksempel 2022-2024.")
                     ] = "2022-2024",
    seed: Annotated[int, typer.Option("--seed", help="Frø: samme frø gir de samme filene.")
                    ] = 1,
    fmt: Annotated[str, typer.Option("--format", help="parquet eller csv.")] = "parquet",
) -> None:
    """Lag syntetiske persondata (én fil per år) for test, demo og ytelsesmåling."""
    from levekar.stats.engine import synthesize

    first, last = _years(years, "--years")
    if fmt not in ("parquet", "csv"):
        fail(f"--format må være parquet eller csv (fikk «{escape(fmt)}»).")
    if persons < 1:
        fail("--persons må være minst 1.")
    try:
        with progress_reporter() as reporter:
            paths = synthesize(persons=persons, years=(first, last), out_dir=out, seed=seed,
                               fmt=fmt, reporter=reporter)
    except ValueError as exc:
        fail(escape(str(exc)))
    except OSError as exc:
        fail(f"Kunne ikke skrive til {escape(str(out))}: {escape(exc.strerror or str(exc))}")
    console.print(f"Skrev {len(paths)} filer til {out}.", highlight=False, markup=False)


# The database commands (``load``, ``import-jsonstat`` …) load results into the stats app;
# they live in ``levekar/cli/_stats_db.py``.
register_db_commands(app)
