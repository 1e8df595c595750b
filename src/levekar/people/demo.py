"""Demo levekårssoner for Lillestrøm.

The names are real places in Lillestrøm, but this division into zones is SYNTHETIC,
made for the demo; the municipality's real zone division replaces it on import.
Every app's demo data (statistics, follow-up, passes) uses these codes.
"""

from levekar.core.demo import MUNICIPALITY_CODE
from levekar.core.lib.progress import Reporter
from levekar.core.models import Municipality
from levekar.people.services import zone_ensure

LILLESTROM_ZONES = [
    ("3205-01", "Lillestrøm sentrum"),
    ("3205-02", "Lillestrøm nord"),
    ("3205-03", "Strømmen vest"),
    ("3205-04", "Strømmen sør"),
    ("3205-05", "Strømmen øst"),
    ("3205-06", "Skjettenbyen vest"),
    ("3205-07", "Skjettenbyen øst"),
    ("3205-08", "Heksebergåsen"),
    ("3205-09", "Kjeller"),
    ("3205-10", "Leirsund"),
    ("3205-11", "Fetsund"),
    ("3205-12", "Sørumsand"),
    ("3205-13", "Frogner"),
    ("3205-14", "Blaker"),
]


def load(*, reporter: Reporter) -> None:
    municipality = Municipality.objects.get(code=MUNICIPALITY_CODE)
    for code, name in LILLESTROM_ZONES:
        zone_ensure(municipality=municipality, code=code, name=name)
        reporter.advance()
