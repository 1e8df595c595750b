"""The shapes of an instrument (pure dataclasses) and the language helper ``tr``."""

from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import get_language

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "instruments"
PARTS = ("economy", "housing", "work", "health", "school", "child_welfare", "leisure")
SCOPES = ("household", "adult", "child")
# Who answers a section: the parent (about the household, an adult or a child), or the child
# itself (its own, age-appropriate part — barnekonvensjonen art. 12, seeds/004).
RESPONDENTS = ("parent", "child")
ITEM_TYPES = ("integer", "boolean", "choice", "multichoice", "text", "ladder", "scale")


def tr(text) -> str:
    """The current language's text of a ``{"nb": …, "en": …}`` label (nb as fallback)."""
    if not isinstance(text, dict):
        return "" if text is None else str(text)
    lang = (get_language() or "nb")[:2]
    return text.get(lang) or text.get("nb") or next(iter(text.values()), "")


@dataclass(frozen=True)
class Option:
    value: object
    label: dict
    rank: float | None = None


@dataclass(frozen=True)
class Item:
    id: str
    type: str
    label: dict
    help: dict | None = None
    options: tuple[Option, ...] = ()
    min: int | None = None
    max: int | None = None
    max_length: int = 2000
    unit: str = ""
    scale: str = ""
    direction: str = ""
    compare: str = ""

    def option(self, value) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class Scale:
    id: str
    title: dict
    min: int
    max: int
    options: tuple[Option, ...]
    items: tuple[tuple[str, dict], ...]
    help: dict | None = None

    @property
    def total_range(self) -> tuple[int, int]:
        return self.min * len(self.items), self.max * len(self.items)


@dataclass(frozen=True)
class Section:
    id: str
    part: str | None
    scope: str
    title: dict
    items: tuple[Item, ...]
    respondent: str = "parent"
    min_age: int | None = None

    def asks(self, age: int | None) -> bool:
        """Whether this section is put to a person of ``age`` (unknown age: asked)."""
        return self.min_age is None or age is None or age >= self.min_age


@dataclass(frozen=True)
class Derived:
    id: str
    function: str
    section: str
    inputs: dict
    label: dict
    value: object = None
    direction: str = ""


@dataclass(frozen=True)
class Measure:
    id: str
    kind: str
    title: dict
    min: int
    max: int
    items: tuple[dict, ...]
    cutoff: float | None = None
    help: dict | None = None

    @property
    def total_range(self) -> tuple[int, int]:
        return self.min * len(self.items), self.max * len(self.items)


@dataclass(frozen=True)
class Instrument:
    id: str
    version: int
    purpose: str
    title: dict
    licence: str = ""
    sections: tuple[Section, ...] = ()
    scales: dict = field(default_factory=dict)
    derived: tuple[Derived, ...] = ()
    measures: tuple[Measure, ...] = ()
    flags: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def item(self, item_id: str) -> tuple[Section, Item] | None:
        for s in self.sections:
            for i in s.items:
                if i.id == item_id:
                    return s, i
        return None

    def measure(self, kind: str) -> Measure:
        return next(m for m in self.measures if m.kind == kind)
