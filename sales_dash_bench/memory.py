"""A process's own peak memory, as the benchmark reports it for the app's process."""

from __future__ import annotations

import resource
import sys


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB: Linux's VmHWM, the high-water mark of
    the program this process runs.

    Not ``ru_maxrss``: Linux carries it across fork and exec, so a child of a large
    process reports its parent's peak if that is higher. The benchmark builds its lakes
    in its own process, and its app process read 10.1 GB at 100M lines where its own peak
    was 2.3 GB (docs/benchmark.md). Elsewhere ``ru_maxrss`` is all there is (bytes on
    macOS, KiB on Linux and the BSDs)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def restart_peak() -> bool:
    """Start this process's peak memory afresh from what it holds now, so that a later
    ``peak_rss_mb`` is the peak of what ran in between (an upload's, say); False where
    that cannot be done (outside Linux), and the peak stays the process's since it began.

    Linux resets VmHWM to the current resident size when "5" is written to the process's
    ``clear_refs`` (proc(5))."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        return False
    return True
