"""Making many long-lived objects at once without the cyclic garbage collector.

Python's collector runs a pass every few hundred new container objects, and each pass over the
older generations walks every object still alive: reading the 400,000 mentions of the x1000
corpus (benchmarks/scale.py) as typed rows took 1.15 s with it and 0.67 s without. The rows,
tuples and lists made in bulk here hold no reference cycles, so pausing it loses nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (it stays off if it was off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
