"""Django merges the catalogues of all installed apps into one, and for a msgid present
in several the app listed first in INSTALLED_APPS wins. So the same English msgid
translated differently in two apps shows the wrong word on one of them (evaluation's
"Action" appeared as core's "Handling"). Each app's nb catalogue must therefore agree
with every other's on every msgid without context; a page that needs another word
uses ``pgettext`` with a context or a more precise msgid."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

PO = Path("locale") / "nb" / "LC_MESSAGES" / "django.po"


def _unquote(line: str) -> str:
    return ast.literal_eval(line.strip())


def parse_po(path: Path) -> dict[tuple[str, str], str]:
    """(msgctxt, msgid) → msgstr of a .po file (plurals: the forms joined with "|").
    Obsolete (#~) and fuzzy entries are left out, as compilemessages leaves them out."""
    entries: dict[tuple[str, str], str] = {}
    current: dict[str, str] = {}
    field = ""
    fuzzy = False

    def flush():
        nonlocal current, fuzzy
        if "msgid" in current and current["msgid"] and not fuzzy:
            strs = [v for k, v in sorted(current.items()) if k.startswith("msgstr")]
            text = "|".join(strs)
            if text.replace("|", ""):
                entries[(current.get("msgctxt", ""), current["msgid"])] = text
        current, fuzzy = {}, False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            current[field] = current.get(field, "") + _unquote(line)
            continue
        key, _, rest = line.partition(" ")
        if key == "msgctxt" and "msgid" in current:
            flush()
        if key.startswith("msgstr["):
            key = "msgstr" + key[len("msgstr"):].zfill(3)
        field = key
        current[field] = _unquote(rest)
    flush()
    return entries


def catalogues() -> dict[str, dict[tuple[str, str], str]]:
    out = {}
    for config in apps.get_app_configs():
        path = Path(config.path) / PO
        if config.name.startswith("levekar.") and path.exists():
            out[config.label] = parse_po(path)
    return out


def collisions(cats: dict[str, dict[tuple[str, str], str]]) -> list[str]:
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for label, entries in cats.items():
        for key, text in entries.items():
            seen.setdefault(key, {})[label] = text
    found = []
    for (ctxt, msgid), by_app in sorted(seen.items()):
        if len(set(by_app.values())) > 1:
            where = ", ".join(f"{app}: {text!r}" for app, text in sorted(by_app.items()))
            found.append(f"{msgid!r}{f' [{ctxt}]' if ctxt else ''} → {where}")
    return found


def test_the_parser_reads_context_plurals_and_continuations(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Action"\nmsgstr "Handling"\n\n'
        'msgctxt "evaluation"\nmsgid "Action"\nmsgstr "Tiltak"\n\n'
        'msgid "one %(n)s"\nmsgid_plural "many %(n)s"\nmsgstr[0] "én"\nmsgstr[1] "mange"\n\n'
        'msgid ""\n"Long "\n"text"\nmsgstr ""\n"Lang "\n"tekst"\n\n'
        '#, fuzzy\nmsgid "Guess"\nmsgstr "Gjetning"\n\n'
        'msgid "Untranslated"\nmsgstr ""\n', encoding="utf-8")
    assert parse_po(po) == {
        ("", "Action"): "Handling", ("evaluation", "Action"): "Tiltak",
        ("", "one %(n)s"): "én|mange", ("", "Long text"): "Lang tekst",
    }


def test_collisions_are_found_between_two_apps():
    cats = {"core": {("", "Action"): "Handling", ("", "Name"): "Navn"},
            "evaluation": {("", "Action"): "Tiltak", ("", "Name"): "Navn",
                           ("evaluation", "Place"): "Sted"}}
    assert collisions(cats) == ["'Action' → core: 'Handling', evaluation: 'Tiltak'"]


def test_no_msgid_is_translated_differently_in_two_apps():
    found = collisions(catalogues())
    assert not found, (
        "The same msgid is translated differently in two apps; Django shows the first "
        "app's word everywhere. Use pgettext with a context or a more precise msgid:\n"
        + "\n".join(found))


def test_each_app_shows_its_own_word_for_a_shared_english_word():
    from django.utils import translation
    from django.utils.translation import gettext, pgettext

    with translation.override("nb"):
        assert pgettext("evaluation", "Action") == "Tiltak"
        assert gettext("Action") == "Handling"
        assert pgettext("followup", "Change") == "Endring"
        assert pgettext("followup", "Place") == "Sted"
        assert gettext("Place") == "Plass"
        assert pgettext("followup", "Zone") == "Levekårssone"
        assert pgettext("lending", "Cancelled") == "Avbestilt"
        assert gettext("Cancelled") == "Avlyst"
