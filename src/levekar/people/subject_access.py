"""Sections of a person's subject-access export (innsyn) kept by apps that the export
may not import.

The export lives in ``followup.privacy.export``; the holiday places (with the family's
consent to share contact details) live in ``passes``, a sibling that follow-up must not
import (DESIGN.md: dependencies point down). So an app registers a section here from its
``AppConfig.ready()`` and the export calls every registered section by its place in the
PDF. A section is ``fn(person) -> {key: JSON-able data}``.
"""

from collections.abc import Callable

from levekar.people.models import Person

Section = Callable[[Person], dict]

_sections: list[Section] = []


def register_export_section(fn: Section) -> None:
    """Add ``fn`` to every subject-access export (idempotent: ``ready()`` may run twice)."""
    if fn not in _sections:
        _sections.append(fn)


def unregister_export_section(fn: Section) -> None:
    if fn in _sections:
        _sections.remove(fn)


def registered_sections(person: Person) -> dict:
    """What every registered section says about ``person``, in registration order."""
    data: dict = {}
    for fn in _sections:
        data.update(fn(person))
    return data
