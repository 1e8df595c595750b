"""Demo data of the foundation: Lillestrøm, its service units and one user per role."""

import os

from levekar.core.lib.progress import Reporter
from levekar.core.models import OrgUnit
from levekar.core.roles import Role
from levekar.core.services import municipality_ensure, org_unit_ensure, roles_ensure, user_ensure

MUNICIPALITY_CODE = "3205"
MUNICIPALITY_NAME = "Lillestrøm"

K = OrgUnit.Kind
UNITS = [
    # code, name, kind
    ("nav-lillestrom", "NAV Lillestrøm", K.NAV),
    ("helsestasjon-lillestrom", "Helsestasjon Lillestrøm", K.HEALTH_STATION),
    ("helsestasjon-strommen", "Helsestasjon Strømmen", K.HEALTH_STATION),
    ("strommen-skole", "Strømmen skole", K.SCHOOL),
    ("skjetten-skole", "Skjetten skole", K.SCHOOL),
    ("kjeller-barnehage", "Kjeller barnehage", K.KINDERGARTEN),
    ("sfo-strommen", "SFO Strømmen", K.SFO),
    ("barnevern", "Barneverntjenesten", K.CHILD_WELFARE),
    ("ppt", "PPT Lillestrøm", K.PPT),
    ("kultur-fritid", "Kultur og fritid", K.CULTURE_LEISURE),
    ("boligkontoret", "Boligkontoret", K.HOUSING),
    ("introduksjon", "Introduksjonsprogrammet", K.INTRODUCTION),
    ("familieteamet", "Familieteamet (familiekoordinatorene)", K.FAMILY_COORDINATION),
    ("oppvekst-bti", "Oppvekst – BTI-koordinering", K.ADMINISTRATION),
    ("kommunedirektoren", "Kommunedirektørens stab", K.ADMINISTRATION),
    ("analyse", "Analyse og statistikk", K.ADMINISTRATION),
    ("utstyrsbanken", "Utstyrsbanken", K.LENDING),
    ("rode-kors", "Røde Kors Lillestrøm", K.VOLUNTARY),
]

USERS = [
    # username, first, last, role, unit code, title, staff/superuser
    ("admin", "Ada", "Admin", Role.ADMIN, "kommunedirektoren", "Systemansvarlig", True),
    ("koordinator1", "Kari", "Koordinator", Role.COORDINATOR, "familieteamet",
     "Familiekoordinator", False),
    ("koordinator2", "Kåre", "Koordinator", Role.COORDINATOR, "familieteamet",
     "Familiekoordinator", False),
    ("nav1", "Nina", "Navesen", Role.SERVICE_PARTNER, "nav-lillestrom", "Veileder", False),
    ("helsestasjon1", "Hanne", "Helse", Role.SERVICE_PARTNER, "helsestasjon-lillestrom",
     "Helsesykepleier", False),
    ("bti1", "Bjørn", "Tverrfaglig", Role.BTI_COORDINATOR, "oppvekst-bti",
     "BTI-koordinator", False),
    ("planeier1", "Per", "Planeier", Role.PLAN_OWNER, "kommunedirektoren", "Rådgiver", False),
    ("analytiker1", "Anne", "Analytiker", Role.ANALYST, "analyse", "Analytiker", False),
    ("utlan1", "Ulrik", "Utlån", Role.LENDING, "utstyrsbanken", "Utlånsansvarlig", False),
    ("fritid1", "Frida", "Fritid", Role.LEISURE, "kultur-fritid", "Fritidskonsulent", False),
]

# Work numbers of the coordinators (Min side shows the family's coordinator's).
PHONES = {"koordinator1": "+47 66 93 80 01", "koordinator2": "+47 66 93 80 02"}


def demo_password() -> str:
    return os.environ.get("LEVEKAR_DEMO_PASSWORD", "demo-passord")


def load(*, reporter: Reporter) -> None:
    roles_ensure()
    municipality = municipality_ensure(code=MUNICIPALITY_CODE, name=MUNICIPALITY_NAME)
    units = {}
    for code, name, kind in UNITS:
        units[code] = org_unit_ensure(municipality=municipality, code=code, name=name, kind=kind)
    password = demo_password()
    for username, first, last, role, unit, title, superuser in USERS:
        user_ensure(username=username, password=password, first_name=first, last_name=last,
                    roles=(role,), org_unit=units[unit], title=title,
                    email=f"{username}@lillestrom.kommune.example",
                    phone=PHONES.get(username, ""),
                    is_staff=superuser, is_superuser=superuser)
        reporter.advance()
