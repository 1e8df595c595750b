"""Instruments as data: the mapping (kartlegging) and session feedback (FIT).

An instrument is a JSON file in ``followup/data/instruments/`` (plus any directory in the
optional setting ``LEVEKAR_INSTRUMENT_DIRS``, for licensed forms a municipality must not
publish): ``id``, ``version``, ``purpose`` ("mapping" | "session_feedback"), texts in
``{"nb": …, "en": …}``, and sections/items/scales (mapping) or measures/flags (feedback).
Every stored mapping or feedback keeps the instrument id and version it was filled with,
so a new version never breaks an old record. ``active.json`` names the instrument used
for new records; its newest version is taken.

Pure: no database. Answers are a JSON document
``{"household": {item: value}, "persons": {"<person pk>": {item: value}}}``.
"""

from levekar.followup.instruments.answers import (
    BETTER,
    NO_COMPARISON,
    SAME,
    WORSE,
    change_direction,
    comparable,
    derived_values,
    display_value,
    scale_total,
    validate_answers,
)
from levekar.followup.instruments.feedback import (
    ALLIANCE_FALLING,
    ALLIANCE_LOW,
    OUTCOME_NOT_IMPROVING,
    Session,
    feedback_flags,
    validate_feedback,
)
from levekar.followup.instruments.loading import (
    FEEDBACK_SCHEMA,
    MAPPING_SCHEMA,
    Registry,
    instrument_from_dict,
    load_file,
    load_registry,
    registry,
    schema_problems,
)
from levekar.followup.instruments.model import (
    DATA_DIR,
    Derived,
    Instrument,
    Item,
    Measure,
    Option,
    Scale,
    Section,
    tr,
)

__all__ = [
    "ALLIANCE_FALLING", "ALLIANCE_LOW", "BETTER", "DATA_DIR", "FEEDBACK_SCHEMA", "MAPPING_SCHEMA",
    "NO_COMPARISON", "OUTCOME_NOT_IMPROVING", "SAME", "WORSE", "Derived", "Instrument", "Item",
    "Measure", "Option", "Registry", "Scale", "Section", "Session", "change_direction",
    "comparable", "derived_values", "display_value", "feedback_flags", "instrument_from_dict",
    "load_file", "load_registry", "registry", "scale_total", "schema_problems", "tr",
    "validate_answers", "validate_feedback",
]
