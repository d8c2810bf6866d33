"""Analyses left behind: a worker killed mid-job, or an upload that never reached the queue.

Huey removes a task from the queue when a worker takes it, so a worker killed while running it
takes the task with it; the row stays ``running``. ``recover_abandoned`` (run when a worker
starts, then every minute by each worker's scheduler) puts such rows back to ``pending`` and
queues them again:

- a row claimed by a process of this machine that no longer exists (or by this very process
  before it restarted in place) is abandoned at once;
- any ``running`` row whose heartbeat is older than ``STALE_AFTER_S`` is abandoned, whichever
  machine ran it (a worker touches its row every 15 seconds);
- an upload still ``pending`` after ``RESUBMIT_AFTER_S`` is queued again, in case its first
  submission was lost (the queue was unreachable when it was uploaded).

A row counts the times a worker claimed it. An abandoned row that has already been claimed
``attempts`` times (3 by default) is not queued again: the video itself is the likely cause
(it ran the worker out of memory, or crashed the decoder), so it is marked ``failed`` with
``stopped_the_worker``'s sentence, and its page stops waiting. A worker asked to stop hands its
rows back first (``hand_back``), so a restart of the server does not count against a video.

``remove_stale_parts`` deletes what a server stopped mid-upload left in the uploads folder:
``.part`` files untouched for ``PART_KEPT_S``.

Each row is released only if nobody touched it since it was read, and a worker runs only a
``pending`` row it manages to claim, so two workers sweeping at once, or a job queued twice,
still analyse a video once.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta
from pathlib import Path

from hipthrust.jobs import AnalysisQueue
from hipthrust.jobs.analysis import WorkerId
from hipthrust.settings import MAX_ANALYSIS_ATTEMPTS
from hipthrust.store import Store, transaction
from hipthrust.store.videos import (
    VideoAnalysis,
    give_up_video_analysis,
    hand_back_video_analysis,
    release_video_analysis,
    running_video_analyses,
    video_analyses_waiting,
)

__all__ = [
    "PART_KEPT_S",
    "RESUBMIT_AFTER_S",
    "STALE_AFTER_S",
    "abandoned",
    "hand_back",
    "process_alive",
    "recover_abandoned",
    "remove_stale_parts",
    "stopped_the_worker",
]

log = logging.getLogger(__name__)

STALE_AFTER_S = 120.0  # [design] eight missed heartbeats
RESUBMIT_AFTER_S = 600.0  # [design] a queue that was down for ten minutes is looked at again
PART_KEPT_S = 6 * 3600.0  # [design] an upload still arriving after six hours was cut off


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def abandoned(analysis: VideoAnalysis, me: WorkerId, now: datetime) -> bool:
    """Whether a ``running`` analysis has lost its worker."""
    if analysis.updated_at is None or now - analysis.updated_at > timedelta(seconds=STALE_AFTER_S):
        return True
    claim = analysis.claimed_by
    if claim is None or claim.get("host") != me.host:
        return False  # another machine's worker: only its silence tells
    pid = claim.get("pid")
    if not isinstance(pid, int):
        return True
    if pid == me.pid:
        return claim.get("run") != me.run  # this process, restarted in place since
    return not process_alive(pid)


def stopped_the_worker(times: int) -> str:
    """Why an analysis that kept stopping its worker is not tried again."""
    return (
        f"the analysis stopped the worker {times} times: the video may be damaged, or too long "
        "or too large for this server; try a shorter clip, or film the set again"
    )


def recover_abandoned(
    store: Store,
    queue: AnalysisQueue,
    me: WorkerId,
    now: datetime,
    attempts: int = MAX_ANALYSIS_ATTEMPTS,
) -> tuple[int, ...]:
    """Queue again what lost its worker or its submission; mark failed what lost its worker
    ``attempts`` times; the ids queued."""
    with transaction(store) as session:
        lost = [a for a in running_video_analyses(session) if abandoned(a, me, now)]
        waiting = video_analyses_waiting(session, now - timedelta(seconds=RESUBMIT_AFTER_S))
    queued: list[int] = []
    for analysis in [*lost, *waiting]:
        if analysis.status == "running" and analysis.attempts >= attempts:
            reason = stopped_the_worker(analysis.attempts)
            with transaction(store) as session:
                if give_up_video_analysis(session, analysis.id, analysis.updated_at, reason, now):
                    log.warning("video analysis %s failed: %s", analysis.id, reason)
            continue
        with transaction(store) as session:
            released = release_video_analysis(session, analysis.id, analysis.updated_at, now)
        if released:
            queue.submit(analysis.id)
            queued.append(analysis.id)
            log.warning(
                "video analysis %s was %s: queued again",
                analysis.id,
                "abandoned by its worker" if analysis.status == "running" else "still waiting",
            )
    return tuple(queued)


def hand_back(
    store: Store, queue: AnalysisQueue, host: str, run: str, now: datetime
) -> tuple[int, ...]:
    """Put back to ``pending`` and queue again the analyses this start of a worker (``host``,
    ``run``) was running when it was asked to stop; their attempts are not counted. The ids."""
    with transaction(store) as session:
        mine = [
            a.id
            for a in running_video_analyses(session)
            if (a.claimed_by or {}).get("host") == host and (a.claimed_by or {}).get("run") == run
        ]
    handed: list[int] = []
    for analysis_id in mine:
        with transaction(store) as session:
            given = hand_back_video_analysis(session, analysis_id, host, run, now)
        if given:
            queue.submit(analysis_id)
            handed.append(analysis_id)
            log.warning("video analysis %s was interrupted: queued again", analysis_id)
    return tuple(handed)


def remove_stale_parts(folder: Path, now: datetime) -> tuple[str, ...]:
    """Delete the ``.part`` files of uploads cut off long ago; their names."""
    if not folder.is_dir():
        return ()
    removed: list[str] = []
    for part in folder.glob("*.part"):
        try:
            if now.timestamp() - part.stat().st_mtime > PART_KEPT_S:
                part.unlink()
                removed.append(part.name)
        except FileNotFoundError:  # finished or removed meanwhile
            continue
    if removed:
        log.warning("removed %d uploads cut off before they arrived", len(removed))
    return tuple(removed)
