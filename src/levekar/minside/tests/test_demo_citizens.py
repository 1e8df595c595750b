"""The README's table of demo citizens is true of the demo data: each fødselsnummer is a
person with the relation the table says."""

import re
from pathlib import Path

import pytest

from levekar.core.lib.progress import NULL_REPORTER
from levekar.minside import selectors

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[4] / "README.md"


def _table() -> dict[str, str]:
    text = README.read_text(encoding="utf-8").split("### Demo citizens", 1)[1]
    return {m.group(1): m.group(2) for m in
            re.finditer(r"^\| `(\d{11})` \| ([^|]+) \|", text, re.M)}


def test_every_demo_citizen_in_the_readme_exists_with_the_relation_it_names(demo_org):
    from levekar.followup.demo import families
    from levekar.minside import demo
    from levekar.people import demo as people_demo

    people_demo.load(reporter=NULL_REPORTER)
    families.load(reporter=NULL_REPORTER)
    demo.load(reporter=NULL_REPORTER)
    table = _table()
    assert len(table) >= 4
    who = {}
    for pid, text in table.items():
        me = selectors.me_for_pid(pid)
        assert me is not None, pid
        assert me.full_name in text, (pid, me.full_name)
        who[me.full_name] = me

    leila, sara = who["Leila Ahmadi"], who["Sara Ahmadi"]
    [parent] = selectors.family_readers(leila)
    assert parent.is_parent and sara.pk in {p.pk for p in selectors.scope_of(leila)}
    [young] = selectors.family_readers(sara)
    assert young.case == parent.case and not young.is_parent
    assert young.age >= 16 and young.own_parts() == ["health"]
    jonas = who["Jonas Berg"]
    assert selectors.family_readers(jonas) == [] and len(selectors.scope_of(jonas)) == 3
    ola = who["Ola Nordmann"]
    assert selectors.family_readers(ola) == [] and selectors.scope_of(ola) == [ola]
