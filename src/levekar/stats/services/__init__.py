"""Every write of the kunnskapsgrunnlag: imports (``imports.py``), and the result sets'
own lifecycle and computations started from the page (``results.py``)."""

from levekar.stats.services.imports import (
    published_table_import,
    result_set_load,
    result_set_load_files,
    survey_import,
    zone_boundaries_import,
)
from levekar.stats.services.results import (
    computation_run,
    computation_start,
    result_set_delete,
    result_set_make_default,
    result_set_rename,
)

__all__ = [
    "computation_run",
    "computation_start",
    "published_table_import",
    "result_set_delete",
    "result_set_load",
    "result_set_load_files",
    "result_set_make_default",
    "result_set_rename",
    "survey_import",
    "zone_boundaries_import",
]
