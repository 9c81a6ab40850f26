"""Child-process hygiene: no orphans when the local stack dies."""

from __future__ import annotations

import signal
import sys

_PR_SET_PDEATHSIG = 1


def kill_with_parent() -> None:
    """``preexec_fn`` for Popen: on Linux the child gets SIGTERM when its parent dies, even by SIGKILL."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
