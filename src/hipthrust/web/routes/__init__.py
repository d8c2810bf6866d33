"""The app's routers, one module per area; each exports ``router`` (pages and API together).

- ``home``: ``/`` sends each person where they start;
- ``auth``: sign up, sign in, sign out, invitations (``/api/v1/session`` ...);
- ``coach``: the coach's dashboard and their athletes, invitations and revoking them;
- ``comments``: a coach's comments on an athlete's sets, videos and days;
- ``training``: an athlete's assessment, plan, today's session, set logging, check-in, history;
- ``videos``: uploading a set's video, its progress and its report;
- ``questions``: readers' questions answered from the method (anyone may read them);
- ``exercises``: how to do each exercise, with its position pictures (anyone may read them);
- ``handout``: the plan as the printable PDF handout;
- ``data``: importing another app's export (preview, then all or nothing) and the downloads;
- ``offline``: the web app manifest and the service worker (installing, working offline).
"""

from __future__ import annotations

from fastapi import APIRouter

from hipthrust.web.routes import (
    auth,
    coach,
    comments,
    data,
    exercises,
    handout,
    home,
    offline,
    questions,
    training,
    training_assess,
    training_corrections,
    training_history,
    training_plan,
    training_settings,
    videos,
)

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (
    home.router,
    auth.router,
    coach.router,
    comments.router,
    training.router,
    training_assess.router,
    training_plan.router,
    training_history.router,
    training_corrections.router,
    training_settings.router,
    videos.router,
    questions.router,
    exercises.router,
    handout.router,
    data.router,
    offline.router,
)
