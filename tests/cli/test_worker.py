from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from hipthrust.cli import main
from hipthrust.settings import load_settings
from hipthrust.store import open_store, transaction
from hipthrust.store.videos import get_video_analysis
from jobs.uploads import upload_for_ann, wait_for_status
from video.clips import film, rendered_set, write_clip

HIPTHRUST = Path(sys.executable).with_name("hipthrust")


def test_worker_help_names_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["worker", "--help"]) == 0
    out = capsys.readouterr().out
    assert "background video analysis" in out and "--workers" in out and "--database" in out


def test_worker_refuses_a_bad_number_of_workers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["worker", "--workers", "0"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "hipthrust: error: --workers must be from 1 to 16, not 0"


# --- the real command, in its own process, with the real pose model ---------------------------


@contextmanager
def _worker(home: Path) -> Iterator[subprocess.Popen[bytes]]:
    env = {**os.environ, "HIPTHRUST_HOME": str(home)}
    env.pop("HIPTHRUST_DATABASE_URL", None)
    env.pop("HIPTHRUST_REDIS_URL", None)
    process = subprocess.Popen(
        [str(HIPTHRUST), "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its pose processes too can be stopped as one group
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)
        assert process.stderr is not None
        process.stderr.close()


@pytest.mark.slow
def test_the_worker_analyses_an_upload_and_records_why_it_failed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    config = load_settings({"HIPTHRUST_HOME": str(home)})
    blank = write_clip(
        tmp_path / "empty room.mp4",
        [np.full((180, 320, 3), 110, np.uint8)] * 30,
        [i / 30 for i in range(30)],
    )
    with open_store(config.database, home=config.data_dir) as store:
        analysis = upload_for_ann(config, store, blank)
        with _worker(home) as worker:
            failed = wait_for_status(store, analysis.id, ("done", "failed"), 120)
            worker.send_signal(signal.SIGINT)  # stops once the work under way is finished
            assert worker.wait(60) == 0
    assert failed.status == "failed"
    assert failed.error == (
        "empty room.mp4: no person was found in the video: film the lifter from the side, "
        "whole body in view"
    )


@pytest.mark.slow
def test_a_worker_killed_mid_analysis_leaves_it_to_the_next_worker(tmp_path: Path) -> None:
    home = tmp_path / "home"
    config = load_settings({"HIPTHRUST_HOME": str(home)})
    clip = film(tmp_path / "set.mp4", rendered_set(reps=2, width=320, height=180))
    with open_store(config.database, home=config.data_dir) as store:
        analysis = upload_for_ann(config, store, clip)
        with _worker(home) as first:
            running = wait_for_status(store, analysis.id, ("running", "done", "failed"), 120)
            assert running.status == "running"
            os.killpg(first.pid, signal.SIGKILL)  # no chance to clean up
            first.wait(30)
        with transaction(store) as session:
            assert get_video_analysis(session, analysis.id).status == "running"
        with _worker(home):
            done = wait_for_status(store, analysis.id, ("done", "failed"), 180)
    assert done.status == "done", done.error
    assert done.report is not None and done.report["rep_count"] == 2
    assert done.claimed_by is not None and done.claimed_by["pid"] != first.pid
