from __future__ import annotations

import functools
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hipthrust.jobs import RecordingQueue
from hipthrust.jobs.analysis import run_analysis
from hipthrust.motion.pose import PoseSequence
from hipthrust.service.accounts import accept_invitation, invite
from hipthrust.settings import Settings
from hipthrust.store import logged_sets, transaction
from hipthrust.video.pipeline import VideoSettings
from hipthrust.video.pose_model import FakeEstimator
from hipthrust.video.track import TrackSettings
from hipthrust.web import create_app
from hipthrust_testkit.synth import SyntheticSet
from video.clips import write_clip
from web.browsers import Browser, People

ONE_PROCESS = VideoSettings(track=TrackSettings(processes=1), barbell=None)


def _analyse(app: FastAPI, analysis_id: int, pose: PoseSequence) -> None:
    """What the worker does, here in the test."""
    run_analysis(
        app.state.store,
        analysis_id,
        make_estimator=functools.partial(FakeEstimator, pose),
        make_second_look=None,
        settings=ONE_PROCESS,
    )


def _form_upload(
    browser: Browser, athlete_id: int, content: bytes, name: str = "set.mp4", **fields: str
):  # type: ignore[no-untyped-def]
    data = {"exercise": "glute_bridge", "load": "", "side": "", **fields}
    return browser.post_form(
        f"/athletes/{athlete_id}/videos", data, files={"video": (name, content, "video/mp4")}
    )


def _uploads(web_config: Settings) -> list[str]:
    folder = web_config.uploads_dir
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_upload_then_progress_then_the_report_then_one_tap_logs_the_set(
    people: People,
    app: FastAPI,
    queue: RecordingQueue,
    two_rep_clip: Path,
    two_rep_set: SyntheticSet,
) -> None:
    ann = people.athlete("Ann")
    assert ann.actor is not None and ann.actor.athlete_id is not None
    athlete_id = ann.actor.athlete_id
    form = ann.get(f"/athletes/{athlete_id}/videos")
    assert form.status_code == 200
    for marker in ('id="video-upload-form"', 'id="video-file"', 'id="video-exercise"'):
        assert marker in form.text

    sent = _form_upload(ann, athlete_id, two_rep_clip.read_bytes())
    assert sent.status_code == 303
    analysis_id = int(sent.headers["location"].rsplit("/", 1)[1])
    assert queue.submitted == [analysis_id]

    waiting = ann.get(f"/videos/{analysis_id}")
    assert waiting.status_code == 200
    assert 'id="analysis-progress"' in waiting.text and 'data-status="pending"' in waiting.text
    polled = ann.get(f"/api/v1/videos/{analysis_id}").json()
    assert (polled["status"], polled["progress"], polled["error"]) == ("pending", 0.0, None)
    assert polled["stage_words"] == "Waiting for a worker" and polled["files"] == {}

    _analyse(app, analysis_id, two_rep_set.clean)

    page = ann.get(f"/videos/{analysis_id}")
    assert page.status_code == 200 and 'data-status="done"' in page.text
    assert 'id="rep-1"' in page.text and 'id="rep-2"' in page.text and 'id="rep-3"' not in page.text
    video_url = f"/videos/{analysis_id}/files/annotated.mp4"
    assert f'src="{video_url}"' in page.text and "<video" in page.text
    assert 'id="hip-angle-chart"' in page.text and 'id="log-set-button"' in page.text
    done = ann.get(f"/api/v1/videos/{analysis_id}").json()
    assert done["status"] == "done" and done["rep_count"] == 2 and done["progress"] == 1.0
    assert done["files"]["annotated.mp4"] == video_url

    whole = ann.get(video_url)
    assert whole.status_code == 200 and whole.headers["content-type"] == "video/mp4"
    assert whole.headers["cache-control"] == "private, no-store"  # gone at sign-out
    part = ann.get(video_url, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and len(part.content) == 100
    assert part.content == whole.content[:100]
    assert part.headers["content-range"] == f"bytes 0-99/{len(whole.content)}"
    chart = ann.get(f"/videos/{analysis_id}/files/hip_angle.png")
    assert chart.content.startswith(b"\x89PNG")
    assert chart.headers["cache-control"] == "private, no-store"

    page = ann.get(f"/videos/{analysis_id}")
    assert 'name="pain"' in page.text  # the pain during the set is asked for
    refused = ann.post_form(f"/videos/{analysis_id}/log", {"pain": "11"})
    assert refused.status_code == 400 and "pain must be between 0 and 10" in refused.text
    logged = ann.post_form(f"/videos/{analysis_id}/log", {"pain": "2"})
    assert logged.status_code == 303
    after = ann.get(f"/videos/{analysis_id}")
    assert 'id="logged-set"' in after.text and 'id="log-set-button"' not in after.text
    with transaction(app.state.store) as session:
        (stored,) = logged_sets(session, athlete_id)
    assert stored.video_analysis_id == analysis_id and stored.record.reps == 2
    assert stored.record.pain == 2
    again = ann.api("POST", f"/api/v1/videos/{analysis_id}/log")
    assert again.status_code == 400 and "already logged" in again.json()["detail"]

    listed = ann.get(f"/athletes/{athlete_id}/videos")
    assert f'data-analysis-id="{analysis_id}" data-status="done"' in listed.text


def test_the_api_streams_an_upload_and_reports_its_progress_and_failure(
    people: People, app: FastAPI, queue: RecordingQueue, two_rep_set: SyntheticSet, tmp_path: Path
) -> None:
    ann = people.athlete("Ann")
    assert ann.actor is not None and ann.actor.athlete_id is not None
    pose = two_rep_set.clean
    blank = write_clip(
        tmp_path / "b.mp4", [np.full((90, 160, 3), 100, np.uint8)] * 40, list(pose.t[:40])
    )
    sent = ann.api(
        "POST",
        f"/api/v1/athletes/{ann.actor.athlete_id}/videos",
        data={"exercise": "barbell hip thrust", "load": "80"},
        files={"video": ("Monday set.mov", blank.read_bytes(), "video/quicktime")},
    )
    assert sent.status_code == 201, sent.text
    body = sent.json()
    assert body["status"] == "pending" and body["source_filename"] == "Monday set.mov"
    assert body["exercise"] == "Barbell hip thrust" and body["load"] == "80 kg"
    assert queue.submitted == [body["id"]]
    early = ann.api("POST", f"/api/v1/videos/{body['id']}/log")
    assert early.status_code == 400 and "not been analysed yet" in early.json()["detail"]

    empty = PoseSequence(np.full((1, 33, 2), np.nan), np.zeros((1, 33)), 30.0, 10, 10)
    _analyse(app, body["id"], empty)
    failed = ann.get(f"/api/v1/videos/{body['id']}").json()
    assert failed["status"] == "failed"
    assert failed["error"].startswith("Monday set.mov: no person was found in the video")
    page = ann.get(f"/videos/{body['id']}")
    assert 'id="analysis-error"' in page.text and "no person was found" in page.text
    listed = ann.get(f"/api/v1/athletes/{ann.actor.athlete_id}/videos").json()
    assert [v["id"] for v in listed] == [body["id"]]


def test_a_bad_upload_shows_the_message_next_to_its_field_and_keeps_nothing(
    people: People, queue: RecordingQueue, web_config: Settings, two_rep_clip: Path
) -> None:
    ann = people.athlete("Ann")
    assert ann.actor is not None and ann.actor.athlete_id is not None
    text = _form_upload(ann, ann.actor.athlete_id, b"my notes, not a video\n" * 50, "notes.mp4")
    assert text.status_code == 400
    error = re.search(r'<p class="field-error" id="video-file-error"[^>]*>([^<]*)</p>', text.text)
    assert error is not None and error.group(1).startswith("notes.mp4 is not a video")
    load = _form_upload(
        ann, ann.actor.athlete_id, two_rep_clip.read_bytes(), exercise="barbell_hip_thrust"
    )
    assert load.status_code == 400
    assert re.search(
        r'id="video-load-error" role="alert">Barbell hip thrust needs the load: type it in kg',
        load.text,
    )
    assert 'value="barbell_hip_thrust" selected' in load.text  # the form keeps what was chosen
    api = ann.api(
        "POST",
        f"/api/v1/athletes/{ann.actor.athlete_id}/videos",
        data={"exercise": "glute bridge"},
        files={"video": ("x.mp4", b"\x00" * 3000, "video/mp4")},
    )
    assert api.status_code == 400 and api.json()["field"] == "video"
    assert queue.submitted == [] and _uploads(web_config) == []


def test_an_upload_over_the_limit_is_refused_while_it_streams(
    web_config: Settings, two_rep_clip: Path
) -> None:
    config = replace(web_config, max_upload_bytes=two_rep_clip.stat().st_size // 3)
    queue = RecordingQueue()
    application = create_app(config, queue)
    with TestClient(application):
        people = People(application)
        ann = people.athlete("Ann")
        assert ann.actor is not None
        for browser_call in (
            lambda: ann.api(
                "POST",
                f"/api/v1/athletes/{ann.actor.athlete_id}/videos",  # type: ignore[union-attr]
                data={"exercise": "glute bridge"},
                files={"video": ("set.mp4", two_rep_clip.read_bytes(), "video/mp4")},
            ),
            lambda: _form_upload(ann, ann.actor.athlete_id, two_rep_clip.read_bytes()),  # type: ignore[union-attr,arg-type]
        ):
            refused = browser_call()
            assert refused.status_code == 400
            assert "larger than the" in refused.text
        for browser in people.made:
            browser.client.close()
    assert queue.submitted == [] and _uploads(config) == []


def test_only_the_athlete_and_their_coach_reach_the_videos(
    people: People, app: FastAPI, two_rep_clip: Path, two_rep_set: SyntheticSet
) -> None:
    ann = people.athlete("Ann")
    bob = people.athlete("Bob")
    cora = people.coach("Cora")
    other = people.coach("Otto")
    stranger = people.stranger()
    assert ann.actor is not None and cora.actor is not None and ann.actor.athlete_id is not None
    now = datetime.now(UTC)
    with transaction(app.state.store) as session:
        token = invite(session, cora.actor, now).token
        accept_invitation(session, ann.actor, token, now)
    athlete_id = ann.actor.athlete_id
    sent = _form_upload(ann, athlete_id, two_rep_clip.read_bytes())
    analysis_id = int(sent.headers["location"].rsplit("/", 1)[1])
    _analyse(app, analysis_id, two_rep_set.clean)

    pages = [
        f"/athletes/{athlete_id}/videos",
        f"/videos/{analysis_id}",
        f"/videos/{analysis_id}/files/annotated.mp4",
        f"/videos/{analysis_id}/files/report.json",
    ]
    apis = [f"/api/v1/athletes/{athlete_id}/videos", f"/api/v1/videos/{analysis_id}"]
    for url in pages + apis:
        assert cora.get(url).status_code == 200, url
        assert bob.get(url).status_code == 403, url
        assert other.get(url).status_code == 403, url
    for url in apis:
        assert stranger.get(url).status_code == 401
    assert stranger.get(pages[1]).status_code == 303
    assert bob.get("/videos/99999").status_code == 403  # an unknown id looks the same
    assert bob.get(f"/videos/{analysis_id}/files/..%2Fhipthrust.sqlite3").status_code in (403, 404)
    assert ann.get(f"/videos/{analysis_id}/files/secret.txt").status_code == 400
    for who in (bob, other):
        assert who.api("POST", f"/api/v1/videos/{analysis_id}/log").status_code == 403
        upload = who.api(
            "POST",
            f"/api/v1/athletes/{athlete_id}/videos",
            data={"exercise": "glute bridge"},
            files={"video": ("set.mp4", two_rep_clip.read_bytes(), "video/mp4")},
        )
        assert upload.status_code == 403
    assert cora.api("POST", f"/api/v1/videos/{analysis_id}/log").status_code == 201


def test_what_people_type_is_escaped(people: People, two_rep_clip: Path) -> None:
    ann = people.athlete("Ann")
    assert ann.actor is not None and ann.actor.athlete_id is not None
    name = "<img src=x onerror=alert(1)>.mp4"
    sent = _form_upload(ann, ann.actor.athlete_id, two_rep_clip.read_bytes(), name)
    page = ann.get(f"/athletes/{ann.actor.athlete_id}/videos")
    report = ann.get(sent.headers["location"])
    for shown in (page.text, report.text):
        assert name not in shown and "&lt;img src=x onerror=alert(1)&gt;.mp4" in shown
    bad = _form_upload(ann, ann.actor.athlete_id, two_rep_clip.read_bytes(), load="<b>60</b>")
    assert "<b>60</b>" not in bad.text


def test_uploading_needs_the_forms_token(people: People, two_rep_clip: Path) -> None:
    ann = people.athlete("Ann")
    assert ann.actor is not None
    forged = ann.client.post(
        f"/api/v1/athletes/{ann.actor.athlete_id}/videos",
        files={"video": ("set.mp4", two_rep_clip.read_bytes(), "video/mp4")},
    )
    assert forged.status_code == 403


def test_the_video_api_is_documented(people: People) -> None:
    spec = people.stranger().get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    upload = paths["/api/v1/athletes/{athlete_id}/videos"]["post"]
    form = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["properties"]["video"]["format"] == "binary" and form["required"] == ["video"]
    assert "get" in paths["/api/v1/athletes/{athlete_id}/videos"]
    assert "get" in paths["/api/v1/videos/{analysis_id}"]
    assert "post" in paths["/api/v1/videos/{analysis_id}/log"]
    assert {"VideoAnalysisOut", "VideoSetLoggedOut"} <= set(spec["components"]["schemas"])
    assert not any(path.startswith("/videos/") for path in paths)  # pages stay out


def test_a_missing_video_and_another_athletes_get_the_same_answer(
    people: People, two_rep_clip: Path
) -> None:
    ann = people.athlete("Ann")
    bob = people.athlete("Bob")
    assert ann.actor is not None and ann.actor.athlete_id is not None
    sent = _form_upload(ann, ann.actor.athlete_id, two_rep_clip.read_bytes())
    analysis_id = int(sent.headers["location"].rsplit("/", 1)[1])
    for url in ("/api/v1/videos/{}", "/videos/{}", "/videos/{}/files/report.json"):
        foreign, missing = bob.get(url.format(analysis_id)), bob.get(url.format(99999))
        assert foreign.status_code == missing.status_code == 403
        assert foreign.text == missing.text
    for answer in (
        bob.api("POST", f"/api/v1/videos/{analysis_id}/log"),
        bob.api("POST", "/api/v1/videos/99999/log"),
    ):
        assert answer.json() == {"detail": "you do not have access to this video"}
