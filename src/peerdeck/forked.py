"""Work done by a forked copy of this process, its result pickled back.

A large deck's card files are read in two halves at once: a worker forked
from this process reads one half while this process reads the other.
The worker needs nothing sent to it (it is a copy), and streams its pickled
result through a pipe as this process reads it. Callers always have a way
to do the work themselves: a worker that cannot start, or fails for any
reason, gives no result, never a partial one.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

R = TypeVar("R")


def can_fork() -> bool:
    """A second core, and fork without risk: a forked copy of a process with
    other threads may wait forever on a lock one of them held."""
    return hasattr(os, "fork") and cores() > 1 and threading.active_count() == 1


def cores() -> int:
    """The cores this process may run on (a container or ``taskset`` may
    allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Worker(Generic[R]):
    """A forked process computing ``work()``."""

    def __init__(self, pid: int, stream: int) -> None:
        self.pid = pid
        self.stream = stream  # the read end of the pipe the worker writes to

    @classmethod
    def start(cls, work: Callable[[], R]) -> Worker[R] | None:
        """Fork a worker for ``work``; None when none can be started."""
        if not can_fork():
            return None
        try:
            readable, writable = os.pipe()
        except OSError:
            return None
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            os.close(readable)
            os.close(writable)
            return None
        if pid == 0:  # the worker: never returns into the caller's code
            status = 1
            try:
                _end_with(parent)
                os.close(readable)
                result = work()
                with os.fdopen(writable, "wb") as stream:
                    pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)
        os.close(writable)
        return cls(pid, readable)

    def result(self) -> R | None:
        """What ``work()`` returned, or None if the worker did not deliver
        it whole. Waits for the worker to end."""
        result = None
        with contextlib.suppress(Exception), os.fdopen(self.stream, "rb") as stream:
            result = pickle.load(stream)  # read as it is written: no copy of it all
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            status = 1
        return result if status == 0 else None

    def stop(self) -> None:
        """End the worker now, its result unread (when the caller is
        interrupted, say)."""
        os.close(self.stream)
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)


def _end_with(parent: int) -> None:
    """Have the system kill this worker when its parent ends, however the
    parent ends (SIGKILL included), where the system can (Linux's
    PR_SET_PDEATHSIG); and end now if the parent is already gone."""
    with contextlib.suppress(Exception):
        import ctypes  # imported late: only a worker needs it

        set_parent_death_signal = 1
        ctypes.CDLL(None, use_errno=True).prctl(set_parent_death_signal, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
