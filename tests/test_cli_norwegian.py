"""Every text the ``levekar`` command prints is Norwegian, Click's and Typer's own included
(«Show this message and exit.», «Usage:», «Missing option» …): run as users run it, in
its own process, since the translation is installed before Click and Typer load."""

import subprocess
import sys
from pathlib import Path

import pytest

ENGLISH = ["Show this message", "Usage:", "Options", "Commands", "Arguments", "Missing",
           "Error", "Try '", "No such", "Invalid value", "[default", "[required]",
           "<str>", "<int>", "<path>", "<bool>", "[OPTIONS]", "COMMAND", "Input should"]


def _levekar(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "levekar"), *args],
                          capture_output=True, text=True, timeout=120,
                          env={"COLUMNS": "200", "PATH": "/usr/bin:/bin",
                               "DJANGO_SETTINGS_MODULE": "levekar.config.settings"})


def _english(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


def test_help_of_every_command_group_is_norwegian():
    top = _levekar("--help")
    assert top.returncode == 0
    text = " ".join(top.stdout.split())
    assert "Vis denne hjelpeteksten og avslutt." in text and "Bruk: levekar [VALG]" in text
    groups = ["stats", "plans", "lending", "passes", "followup"]
    for args in [(), *[(g,) for g in groups], ("stats", "compute"), ("stats", "synth"),
                 ("stats", "import-geojson")]:
        result = _levekar(*args, "--help")
        assert result.returncode == 0, result.stderr
        assert _english(result.stdout) == [], (args, _english(result.stdout))


@pytest.mark.parametrize(("args", "norwegian"), [
    (("stats", "compute"), "Valget '--input' mangler."),
    (("stats", "compute", "--input", "x", "--period", "2022-2024", "--out", "y", "--foo"),
     "Valget --foo finnes ikke"),
    (("stats", "synth", "--persons", "mange", "--years", "2020-2022", "--out", "ut"),
     "Ugyldig verdi for '--persons': Verdien må være et heltall."),
    (("finnes-ikke",), "Kommandoen 'finnes-ikke' finnes ikke."),
])
def test_click_and_typer_errors_are_norwegian(args, norwegian):
    result = _levekar(*args)
    assert result.returncode == 2
    output = " ".join((result.stdout + result.stderr).split())
    assert norwegian in output and "Skriv 'levekar" in output and "for hjelp" in output
    assert _english(output) == [], _english(output)
