"""The server process's heap and the garbage collector: the one home of its freezes.

The collector's full passes scan every object alive, and most of a dashboard process's
objects live as long as it does (modules, Plotly's validators, the caches), so each pass
is spent on objects that never become garbage. ``gc.freeze`` leaves the objects alive at
that moment out of every later pass. Twice per process:

- at import, before the app's own modules load (app.py imports this module first):
  Python's and Streamlit's objects, some 75,000. The full pass during the first page's
  imports took 90-110 ms of a 100M-line cold start, 17-26 ms with them frozen;
- at the second page run (``freeze_warm_heap``): what the first run loaded.

docs/performance.md ("The warm heap is frozen", "Three costs of every start").
"""

import gc
import itertools

gc.freeze()

_PAGE_RUNS = itertools.count()


def freeze_warm_heap() -> None:
    """Once per process, at its second page run: take every object alive then (modules,
    Plotly's validators, the first page's caches) out of the garbage collector's scans.

    The oldest generation's collection walks every object the process holds: 100-400 ms
    in the middle of a rerun, now and then (branch small; the collection Streamlit ran
    after every run is off, ``runner.postScriptGC``). What the first run left as garbage
    in a cycle by then stays, once."""
    if next(_PAGE_RUNS) == 1:
        gc.collect(1)  # the young garbage first: cheap, and not kept for good
        gc.freeze()
