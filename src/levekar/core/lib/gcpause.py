"""Pausing Python's cyclic garbage collector for one bulk job.

An import of 100 000 households builds millions of small lists, tuples and strings that
all live until it is done. The collector runs each time 700 more containers have been
made than freed and, now and then, walks every object alive: for such a job that is
more than half of its CPU time, and it never finds anything (the rows hold no reference
cycles and are freed by their reference counts). The collector is paused while the job
runs and resumed after, as it was; nothing is lost, collection is only put off.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block (for the whole process:
    other threads only see their collection put off until the block ends)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
