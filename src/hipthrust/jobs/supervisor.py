"""The video worker of ``hipthrust serve``: started, watched, restarted, and stopped with it.

``WorkerSupervisor`` owns one ``hipthrust worker`` child from a thread of the server:

- the child gets the settings through its environment (``Settings.environment``), never on
  its command line, where any local user could read a password in ``ps``;
- it runs in a process group of its own, so stopping it also stops the pose processes it
  started: SIGTERM to the worker (it hands its analyses back to the queue and exits), then,
  after ``stop_timeout_s``, SIGKILL to whatever is left of the group;
- a worker that dies is started again after a pause that doubles with each death in a row
  (``first_delay_s`` up to ``max_delay_s``; a worker that stayed up ``healthy_after_s`` starts
  the count again), and the analysis it was running is put back in the queue at once (or
  marked failed once its video has stopped the worker ``Settings.analysis_attempts`` times);
- the stale-job sweep (``hipthrust.jobs.recovery``) also runs here every ``sweep_every_s``,
  so with ``serve`` alone an analysis never stays ``running`` for ever.

As a second line, a worker started this way asks the kernel to send it SIGTERM when the
server goes (Linux ``PR_SET_PDEATHSIG``, ``follow_supervisor``), so even a server killed with
SIGKILL leaves no worker behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from hipthrust.errors import InputError
from hipthrust.jobs.queue import AnalysisJobs, analysis_jobs
from hipthrust.settings import Settings

__all__ = [
    "ENV_SUPERVISOR",
    "RestartPolicy",
    "WorkerSupervisor",
    "follow_supervisor",
    "worker_command",
]

log = logging.getLogger(__name__)

ENV_SUPERVISOR = "HIPTHRUST_SUPERVISOR_PID"  # set for a worker started by ``serve``
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_WATCH_EVERY_S = 0.2


def worker_command() -> list[str]:
    """How ``serve`` starts its worker: this Python, this package, no settings on the line."""
    return [sys.executable, "-m", "hipthrust", "worker"]


def follow_supervisor(environ: Mapping[str, str] | None = None) -> None:
    """In a worker started by ``serve``: be sent SIGTERM when the server goes (Linux), and stop
    at once if it is already gone. Nothing for a worker started by hand."""
    text = (os.environ if environ is None else environ).get(ENV_SUPERVISOR)
    if not text:
        return
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if str(os.getppid()) != text:  # the server died before the request above took effect
        raise InputError("the server that started this worker has stopped: not starting")


@dataclass(frozen=True)
class RestartPolicy:
    first_delay_s: float = 1.0  # [design] the pause before the first restart
    max_delay_s: float = 60.0  # [design] the longest pause, after deaths in a row
    healthy_after_s: float = 60.0  # [design] a worker up this long starts the count again
    stop_timeout_s: float = 10.0  # [design] SIGTERM, then SIGKILL after this
    sweep_every_s: float = 60.0  # [design] the stale-job sweep's period in ``serve``

    def delay(self, deaths_in_a_row: int) -> float:
        """The pause before starting the worker again after ``deaths_in_a_row`` deaths."""
        return min(self.first_delay_s * 2.0 ** max(deaths_in_a_row - 1, 0), self.max_delay_s)


def _described(result: os.waitid_result) -> str:
    if result.si_code in (os.CLD_KILLED, os.CLD_DUMPED):
        return f"killed by {signal.Signals(result.si_status).name}"
    return f"exit status {result.si_status}"


class WorkerSupervisor:
    """One worker child, kept alive by a thread until ``stop`` (or, ``with_worker`` False, only
    the periodic sweep: ``serve --no-worker``)."""

    def __init__(
        self,
        settings: Settings,
        command: Sequence[str] | None = None,
        policy: RestartPolicy | None = None,
        extra_env: Mapping[str, str] | None = None,
        sweep: Callable[[], object] | None = None,
        with_worker: bool = True,
    ) -> None:
        self.settings = settings
        self.with_worker = with_worker
        self.command = list(command or worker_command())
        self.policy = policy or RestartPolicy()
        self.extra_env = dict(extra_env or {})
        self._sweep_now = sweep
        self._jobs: AnalysisJobs | None = None
        self._stopping = threading.Event()
        self._started = threading.Event()
        self._lock = threading.Lock()
        self._child: subprocess.Popen[bytes] | None = None
        self.starts = 0  # how many times a worker was started
        self.thread = threading.Thread(target=self._run, name="video-worker", daemon=True)

    @property
    def pid(self) -> int | None:
        """The process id of the worker running now (None between a death and its restart)."""
        with self._lock:
            return None if self._child is None else self._child.pid

    def start(self) -> None:
        """Start the worker and its watch; returns once the first worker has been started."""
        self.thread.start()
        self._started.wait(30)

    def stop(self) -> None:
        """Stop the worker (and its processes) and the watch; wait for both."""
        self._stopping.set()
        if self.thread.is_alive():
            self.thread.join(self.policy.stop_timeout_s + 30)

    # --- the thread ---------------------------------------------------------------------------

    def _run(self) -> None:
        if not self.with_worker:  # the workers are elsewhere: only the sweep
            self._started.set()
            try:
                while not self._stopping.wait(self.policy.sweep_every_s):
                    self._sweep()
            finally:
                self._close()
            return
        deaths = 0
        try:
            while not self._stopping.is_set():
                child = self._spawn()
                began = time.monotonic()
                ended = self._watch(child)
                if ended is None:  # asked to stop
                    break
                self._clear(child)
                healthy = time.monotonic() - began >= self.policy.healthy_after_s
                deaths = 1 if healthy else deaths + 1
                pause = self.policy.delay(deaths)
                log.warning(
                    "the video worker stopped (%s): starting it again in %.0f s",
                    _described(ended),
                    pause,
                )
                self._sweep()  # its analysis back in the queue (or failed) at once
                if self._stopping.wait(pause):
                    break
        except Exception:
            log.exception("the video worker's supervisor stopped by an unexpected error")
        finally:
            self._terminate()
            self._started.set()
            self._close()

    def _spawn(self) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            **self.settings.environment(),
            **self.extra_env,
            ENV_SUPERVISOR: str(os.getpid()),
        }
        child = subprocess.Popen(
            self.command, env=env, stdin=subprocess.DEVNULL, start_new_session=True
        )
        with self._lock:
            self._child = child
        self.starts += 1
        self._started.set()
        return child

    def _watch(self, child: subprocess.Popen[bytes]) -> os.waitid_result | None:
        """Wait until the child exits (its result; the child is left a zombie, so its process
        group cannot be reused) or ``stop`` is asked (None); sweep when it is time."""
        next_sweep = time.monotonic() + self.policy.sweep_every_s
        while not self._stopping.wait(_WATCH_EVERY_S):
            ended = _exited(child)
            if ended is not None:
                return ended
            if time.monotonic() >= next_sweep:
                self._sweep()
                next_sweep = time.monotonic() + self.policy.sweep_every_s
        return None

    def _clear(self, child: subprocess.Popen[bytes]) -> None:
        """Kill what is left of a dead worker's process group, then reap the worker."""
        _signal_group(child.pid, signal.SIGKILL)
        child.wait()
        with self._lock:
            self._child = None

    def _terminate(self) -> None:
        with self._lock:
            child = self._child
        if child is None:
            return
        if _exited(child) is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child.pid, signal.SIGTERM)  # the worker hands its analyses back
            deadline = time.monotonic() + self.policy.stop_timeout_s
            while time.monotonic() < deadline:
                if _exited(child) is not None:
                    break
                time.sleep(0.05)
            else:
                log.warning("the video worker did not stop in time: killed")
        self._clear(child)

    def _sweep(self) -> None:
        try:
            if self._sweep_now is not None:
                self._sweep_now()
                return
            if self._jobs is None:
                self._jobs = analysis_jobs(self.settings)
            self._jobs.recover_now()
        except Exception as error:  # the database or the queue unreachable: next time
            log.warning("the sweep for stopped analyses failed: %s", error)

    def _close(self) -> None:
        jobs, self._jobs = self._jobs, None
        if jobs is not None:
            try:
                jobs.close()
            except Exception as error:
                log.warning("closing the job queue failed: %s", error)


def _exited(child: subprocess.Popen[bytes]) -> os.waitid_result | None:
    """How the child ended, once it has; it is left unreaped (a zombie keeps its process
    group's id from being reused until ``_clear`` has killed the rest of the group)."""
    return os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)


def _signal_group(group: int, number: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, number)
