"""The statistics engine: register microdata in, the indicator tables of
``spec/statistics.md`` out. Plain Python + DuckDB + numpy/pyarrow; no Django.
"""

from levekar.core.lib.progress import NULL_REPORTER, NullReporter, Reporter
from levekar.stats.engine.params import InputError, Params
from levekar.stats.engine.pipeline import compute
from levekar.stats.engine.synth import FocusMunicipality, synthesize

__all__ = ["NULL_REPORTER", "FocusMunicipality", "InputError", "NullReporter", "Params",
           "Reporter", "compute", "synthesize"]
