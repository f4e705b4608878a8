"""Done once per server process, before the app's own modules load: app.py imports it first.

The garbage collector's full passes scan every object alive. At this point those are
Python's and Streamlit's own (some 75,000 with Streamlit's runtime loaded), which live as
long as the process: each pass was spent on objects that never become garbage. Frozen
(``gc.freeze``), they are left out of every later pass: on the 100M-line lake the full
pass during the first page's imports took 90-110 ms of the cold start, 17-26 ms frozen
(docs/performance.md).
"""

import gc

gc.freeze()
