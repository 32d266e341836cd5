"""Worker processes for drawing and encoding, which never outlive the render that made them.

If a render is killed outright (SIGKILL, out of memory), its pool workers would otherwise
stay behind, blocked and holding memory; on Linux each worker asks the kernel to kill it
when its parent dies.
"""

from __future__ import annotations

import signal
import sys
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except OSError:
            pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def process_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent)
