"""Work on both cores: one process per piece of a clip, started by a fork server.

A clip's work (the pose model over a time segment, or drawing and encoding one) is cut into
pieces, and each piece runs in a process of its own, all at once. The processes come from a
fork server: a fresh, lean process (this module and what it imports, nothing of the caller's
web server, database or plotting libraries) that forks them. That is safe whatever threads
the caller runs, unlike a plain fork, and their memory holds only what the work needs. The
pose model's library is imported there once (``preload``), not once per process, and its
pages are shared. Spawn where there is no fork server.

``start_server`` starts the fork server early, so that it imports while the caller does
something else; ``Pool`` runs the pieces, relays their progress and gathers their results.

A piece's function runs as ``work(job, report)``: ``report(n)`` says n units are done, the
return value is sent back (it must pickle). A ``HipthrustError`` in a piece (a damaged
video, say) reaches the caller as an ``InputError`` with the same sentence; anything else as
a ``RuntimeError`` with the piece's traceback.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as connection_wait
from typing import Any, Generic, TypeVar

from hipthrust.errors import HipthrustError, InputError
from hipthrust.video.pose_model import quiet_mediapipe_logs

__all__ = ["Pool", "Work", "start_server"]

J = TypeVar("J")
R = TypeVar("R")
Work = Callable[[J, Callable[[int], None]], R]

# What every worker imports: the modules whose functions run as pieces.
_BASE_PRELOAD = ("hipthrust.video.track", "hipthrust.video.render")


def _context(preload: Sequence[str] = ()) -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        if preload:
            quiet_mediapipe_logs()  # the server's environment is this process's, at its start
        names = list(_BASE_PRELOAD) + [m for m in preload if m not in _BASE_PRELOAD]
        context.set_forkserver_preload(names)
        return context
    return multiprocessing.get_context("spawn")


def start_server(preload: Sequence[str] = ()) -> None:
    """Start the fork server now (it imports ``preload`` in the background), not when the
    first piece starts; nothing to do where there is none, or once it runs. The preload list
    is read when the server starts: later lists are not imported."""
    context = _context(preload)
    if context.get_start_method() == "forkserver":
        multiprocessing.forkserver.ensure_running()


def _piece(conn: Connection, work: Work[Any, Any], job: Any) -> None:
    # mediapipe's C++ side writes to file descriptor 2; a worker has nothing else to say there.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        result = work(job, lambda n: conn.send(("progress", n)))
        conn.send(("done", result))
    except HipthrustError as error:
        conn.send(("refused", str(error)))
    except BaseException:
        conn.send(("crashed", traceback.format_exc()))
    finally:
        conn.close()


class Pool(Generic[J, R]):
    """One process per job, all started at once; use as a context manager (stops them)."""

    def __init__(
        self,
        work: Work[J, R],
        jobs: Sequence[J],
        preload: Sequence[str] = (),
        size: Callable[[R], int] | None = None,
    ) -> None:
        """``work`` must be a module-level function (it is pickled by name); ``size`` gives
        the units a result stands for (the final progress of its piece)."""
        context = _context(preload)
        self._size = size
        self.done: list[int] = [0] * len(jobs)
        self.results: list[R | None] = [None] * len(jobs)
        self._finished = [False] * len(jobs)
        self.conns: list[Connection] = []
        self.procs: list[Any] = []
        try:
            for job in jobs:
                receive, send = context.Pipe(duplex=False)
                proc = context.Process(target=_piece, args=(send, work, job), daemon=True)
                proc.start()
                send.close()
                self.conns.append(receive)
                self.procs.append(proc)
        except BaseException:
            self.stop()
            raise

    def __enter__(self) -> Pool[J, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _handle(self, k: int, message: tuple[str, Any]) -> None:
        kind, value = message
        if kind == "progress":
            self.done[k] = int(value)
        elif kind == "done":
            self.results[k] = value
            self._finished[k] = True
            if self._size is not None:
                self.done[k] = self._size(value)
        elif kind == "refused":
            raise InputError(str(value))
        else:
            raise RuntimeError(f"a worker process failed:\n{value}")

    def _receive(self, k: int, conn: Connection) -> None:
        try:
            message = conn.recv()
        except EOFError:
            self.procs[k].join(timeout=5)
            code = self.procs[k].exitcode
            raise RuntimeError(
                f"a worker process stopped unexpectedly (exit code {code})"
            ) from None
        self._handle(k, message)

    def wait(self, on_progress: Callable[[int], None] | None = None) -> list[R]:
        """The results in job order, once every piece is done; ``on_progress(total done)``
        after each message."""
        while True:
            pending = [k for k, finished in enumerate(self._finished) if not finished]
            if not pending:
                return [r for r in self.results if r is not None]
            ready = connection_wait([self.conns[k] for k in pending], timeout=0.5)
            for k in pending:
                if self.conns[k] in ready or not self.procs[k].is_alive():
                    self._receive(k, self.conns[k])
                    if on_progress is not None:
                        on_progress(sum(self.done))

    def stop(self) -> None:
        for conn in self.conns:
            conn.close()
        for proc in self.procs:
            if proc.is_alive():
                proc.terminate()
            proc.join(timeout=10)
