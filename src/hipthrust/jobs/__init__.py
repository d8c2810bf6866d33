"""Background work: video analysis over a real job queue (Huey; SQLite or Redis).

The web app sees the queue through one method, ``AnalysisQueue.submit``; tests use
``RecordingQueue``, which only remembers what was submitted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

__all__ = ["AnalysisQueue", "RecordingQueue"]


class AnalysisQueue(Protocol):
    def submit(self, analysis_id: int) -> None:
        """Queue the stored video analysis ``analysis_id`` to be run by a worker."""


@dataclass
class RecordingQueue:
    """An in-memory fake: remembers the analyses submitted, runs nothing."""

    submitted: list[int] = field(default_factory=list)

    def submit(self, analysis_id: int) -> None:
        self.submitted.append(analysis_id)
