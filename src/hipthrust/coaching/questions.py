"""Readers' questions (seed 003) answered from the method: one list for every door.

Seed 003's readers ask real questions: assessing yourself without a professional, barbell
glute bridges before hip thrusts, a weekly rotation of rep ranges, hip replacement and
resurfacing, abdominal surgery, the bar's pressure on the belly, a back hurt by the exercise,
and how long a replaced joint lasts. Each answer is ours, written from the method
(``../shared/docs/domain.md``) and its sources; ``tag`` says what carries it most:

- ``seed``: a seed article says it (``sources`` names which);
- ``literature``: published research (``sources`` names the study);
- ``design``: our own cautious reading where neither answers.

``sources`` are the short ids the docs cite (``"seed 003"``, ``"Hoorntje 2018"``); people read
them through ``SOURCES`` (``Answer.cited``): the article's title, or the study's citation and
what it is about, never the raw tag. ``TAG_WORDS`` says the tag in words.
``clinician`` is set where the seeds and the method send the person to a clinician.
``links`` say what the app does about it: the screening, a plan option, a page, with the
command line and the web page that do it. The web page and ``hipthrust questions`` (and its
``--json``) render this list as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from hipthrust.errors import InputError

__all__ = [
    "CITATION",
    "DESIGN_WORDS",
    "QUESTIONS",
    "SOURCES",
    "TAG_WORDS",
    "Answer",
    "AppLink",
    "Citation",
    "Source",
    "answer_for",
    "read_citation",
]

Tag = Literal["seed", "literature", "design"]
# What carries an answer, as a reader is told it.
TAG_WORDS: dict[Tag, str] = {
    "seed": "the articles the method is built on",
    "literature": "published research",
    "design": "our own cautious reading, where neither the articles nor research answer it",
}
# The athlete's web page an answer points to (``/athletes/{id}/{page}``).
Page = Literal["assess", "plan", "today", "history", "videos"]


@dataclass(frozen=True)
class AppLink:
    """What the app does about a question: a sentence, the command, and the web page."""

    does: str
    command: str
    page: Page

    def to_json(self) -> dict[str, Any]:
        return {"does": self.does, "command": self.command, "page": self.page}


@dataclass(frozen=True)
class Source:
    """A source as a reader sees it: the article's title, or a study's citation, and what it
    is about. ``id`` is the short tag the docs cite it by; ``anchor`` its place in a list."""

    id: str
    title: str
    about: str

    @property
    def anchor(self) -> str:
        return "source-" + "-".join(self.id.lower().split())

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "about": self.about}


# The seed articles (../shared/seeds, titles as published) and the studies of domain.md's
# citations that the answers and the coaching sentences name (the /questions page lists them).
SOURCES: dict[str, Source] = {
    source.id: source
    for source in (
        Source(
            "seed 000",
            "3 Reasons Why You Should Have Your Patients Hip Thrust",
            "a physical therapist on the hip thrust in rehabilitation",
        ),
        Source(
            "seed 001",
            "Hip Thrust: Benefits, Proper Form, Variations, and Programming",
            "a how-to with setup, form, mistakes and programming",
        ),
        Source(
            "seed 002",
            "Hip Thrusts (We Need More of Them In The Firehall)",
            "a firefighters' strength coach on the progression from the glute bridge",
        ),
        Source(
            "seed 003",
            "Is the Hip Thrust Dangerous? Guest Post from Brandon Alleman",
            "a clinician on the hip thrust's safety, and the questions its readers asked",
        ),
        Source(
            "Finucane 2020",
            "Finucane et al. 2020, JOSPT 50:350-72",
            "red flags for serious conditions behind back pain",
        ),
        Source(
            "Grgic 2017",
            "Grgic et al. 2017, PeerJ 5:e3695",
            "linear and undulating periodisation compared",
        ),
        Source(
            "Harries 2015",
            "Harries et al. 2015, JSCR 29:1113-25",
            "periodised and non-periodised strength training compared",
        ),
        Source(
            "Schoenfeld 2017",
            "Schoenfeld, Ogborn, Krieger 2017, J Sports Sci 35:1073-82",
            "weekly training volume and muscle growth",
        ),
        Source(
            "Rogerson 2024",
            "Rogerson et al. 2024, Sports Med Open 10:26",
            "how coaches deload",
        ),
        Source(
            "Hoorntje 2018",
            "Hoorntje et al. 2018, Sports Med 48:1695-726",
            "return to sport after hip replacement",
        ),
        Source(
            "Schaaf 2022",
            "Schaaf et al. 2022, Hernia 26:727-34",
            "lifting after abdominal surgery",
        ),
        Source(
            "ACOG 804",
            "ACOG Committee Opinion 804 (2020)",
            "exercise during pregnancy and after birth",
        ),
        Source(
            "Mottola 2018",
            "Mottola et al. 2018, BJSM 52:1339-46",
            "exercise during pregnancy",
        ),
        Source(
            "Silbernagel 2007",
            "Silbernagel et al. 2007, Am J Sports Med 35:897-906",
            "training on with pain monitored (the pain-monitoring model)",
        ),
    )
}


@dataclass(frozen=True)
class Answer:
    """One reader's question and the method's answer."""

    id: str
    question: str
    answer: tuple[str, ...]  # paragraphs
    tag: Tag
    sources: tuple[str, ...]
    clinician: str | None  # when to see a clinician, where the seeds and the method say so
    links: tuple[AppLink, ...]

    @property
    def cited(self) -> tuple[Source, ...]:
        """The sources as a reader sees them, in the answer's order."""
        return tuple(SOURCES[source] for source in self.sources)

    @property
    def carried_by(self) -> str:
        return TAG_WORDS[self.tag]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "answer": list(self.answer),
            "tag": self.tag,
            "carried_by": self.carried_by,
            "sources": list(self.sources),
            "cited": [source.to_json() for source in self.cited],
            "clinician": self.clinician,
            "links": [link.to_json() for link in self.links],
        }


_SCREENING = AppLink(
    "The assessment screens for red flags and conditions, then runs the bridge test and "
    "picks your starting rung.",
    "hipthrust assess",
    "assess",
)
_PLAN = AppLink(
    "The plan follows the ladder from the rung you start on, and adds load only when the "
    "screening allows it.",
    "hipthrust plan",
    "plan",
)

QUESTIONS: tuple[Answer, ...] = (
    Answer(
        id="self_assessment",
        question="How do I assess myself without a professional?",
        answer=(
            "Start with safety: a few questions about red flags (numbness in the saddle area, "
            "new bladder or bowel trouble, weakness spreading in the legs, recent serious "
            "injury, fever with back pain) and about surgery, pregnancy and pain. Any red flag "
            "means a clinician first, not exercise.",
            "Then the bridge test, lying on your back with the knees bent: a two-leg bridge, "
            "a single-leg bridge with the other hip and knee at 90 degrees, and a single-leg "
            "bridge hugging the other knee to the chest. Note how high the hips go and where "
            "you feel it each time. The knee-hug bridge shows your true hip extension: what the "
            "first two add on top of it came from arching the lower back.",
            "Film yourself from the side, or put a hand on your lower back: the rep ends where "
            "the lower back starts to arch instead of the hips opening.",
        ),
        tag="seed",
        sources=("seed 002", "seed 000", "seed 003", "Finucane 2020"),
        clinician="Any red flag, or pain above 5/10 during the bridge, goes to a clinician.",
        links=(
            _SCREENING,
            AppLink(
                "A video of a set gives the hip angle, the hold and the arching it sees.",
                "hipthrust analyze set.mp4",
                "videos",
            ),
        ),
    ),
    Answer(
        id="bridge_before_thrust",
        question="Should I build barbell glute bridges before hip thrusts?",
        answer=(
            "There is no need to get strong on the barbell glute bridge first. What comes "
            "first is the bodyweight bridge, on two legs and then on one, done well: hips "
            "moving without the lower back arching, and no pain.",
            "From there the two-leg hip thrust with no weight teaches the pivot on the bench "
            "(at the bottom of the shoulder blades), then the single-leg hip thrust, 6 to 20 "
            "reps with varied tempos. Twelve or more reps on each leg with a 3-second hold is a "
            "good target before loading two legs, though not a strict condition.",
            "The barbell glute bridge is a fine lift of its own when there is no bench, but "
            "the hip thrust moves through a bigger range.",
        ),
        tag="seed",
        sources=("seed 002", "seed 003"),
        clinician=None,
        links=(
            _SCREENING,
            AppLink(
                "The ladder's gates move you from bridges to hip thrusts to load from what you "
                "log: reps, holds, tempo and pain.",
                "hipthrust next",
                "today",
            ),
        ),
    ),
    Answer(
        id="weekly_rotation",
        question="Is a weekly 12-15 / 9-12 / 6-8 / 3-5 rotation a good idea?",
        answer=(
            "Yes: that is weekly undulating periodisation, and studies find it works as well "
            "as adding load steadily week after week. Pick the one you will stick to.",
            "Two things matter more than the order of the weeks: enough hard sets in the week, "
            "and a lighter week about every 4 to 6 weeks. Keep the 3-5 week for when your form "
            "holds under heavy load; until then stay in the higher rep ranges.",
        ),
        tag="literature",
        sources=(
            "seed 003",
            "Grgic 2017",
            "Harries 2015",
            "Schoenfeld 2017",
            "Rogerson 2024",
        ),
        clinician=None,
        links=(
            AppLink(
                "The plan can rotate these rep ranges week by week, with a deload week.",
                "hipthrust plan --periodisation undulating",
                "plan",
            ),
        ),
    ),
    Answer(
        id="hip_replacement",
        question="Is it safe after a hip replacement or a hip resurfacing?",
        answer=(
            "Readers of the seeds trained hard after both, starting with floor bridges and "
            "building up over months. Surgeons' advice on when to start ranges from 6 weeks to "
            "3 months, and a return to sport usually takes 4 to 7 months.",
            "The app asks for your surgeon's clearance before any load. Once cleared, it "
            "restarts you at the two-leg bridge until about 16 weeks after the operation, and "
            "follows the ladder from there, with every load under the ceiling your surgeon gave "
            "with the clearance (typed with it in the screening; 1 x bodyweight, our default, "
            "when none was given), no maximal attempts and no heavy strength blocks. Keep your "
            "surgeon's precautions on how far the hip may bend and turn.",
        ),
        tag="literature",
        sources=("seed 003", "Hoorntje 2018"),
        clinician="Your surgeon clears you for loading; ask them before the first weighted set.",
        links=(
            AppLink(
                "Record the operation and its date in the screening: no load until you say "
                "a clinician cleared it.",
                "hipthrust assess",
                "assess",
            ),
            _PLAN,
        ),
    ),
    Answer(
        id="abdominal_surgery",
        question="Is it safe after a tummy tuck and a hernia repair?",
        answer=(
            "Bridges and hip thrusts do work the abdominal wall: it braces the trunk on every "
            "rep, even with no weight on the belly. Research on lifting after abdominal surgery "
            "is thin; the usual advice is no heavy straining for at least 2 weeks after keyhole "
            "surgery and 4 weeks after open or mesh repair.",
            "The app waits for your surgeon's clearance, then restarts at the two-leg bridge "
            "for the first 8 weeks. Breathe out as you lift and never hold your breath to "
            "strain; later, put the load on the hip bones (a thick pad, a band or a machine "
            "belt), not on the scar.",
        ),
        tag="literature",
        sources=("seed 003", "Schaaf 2022"),
        clinician="Stop and tell your surgeon about any bulge, pulling or pain at the scar.",
        links=(
            AppLink(
                "Record the surgery and its date in the screening: no load until a clinician "
                "cleared it.",
                "hipthrust assess",
                "assess",
            ),
            _PLAN,
        ),
    ),
    Answer(
        id="bar_pressure",
        question=(
            "Does the bar's pressure harm the abdomen, the fascia, the ovaries or the uterus, "
            "in or out of pregnancy?"
        ),
        answer=(
            "The seeds do not answer this and we know of no study that measured it, so here is "
            "our cautious reading. The bar belongs across the hip bones with a thick pad, not "
            "on the soft belly above them: if it presses into the belly, move it down.",
            "In pregnancy, train with your clinician's advice; the app asks for their "
            "clearance, keeps time lying flat on the back short (the bench keeps the trunk "
            "inclined), and lets you use a band, a machine belt on the hip bones, or no weight "
            "at all.",
        ),
        tag="design",
        sources=("seed 003", "seed 001", "ACOG 804", "Mottola 2018"),
        clinician=(
            "In pregnancy, your clinician first; stop and call them on bleeding, fluid "
            "leaking, painful contractions, dizziness or chest pain."
        ),
        links=(
            AppLink(
                "Say you are pregnant in the screening: loading waits for a clinician's clearance.",
                "hipthrust assess",
                "assess",
            ),
            AppLink(
                "The plan can be written around pregnancy.",
                "hipthrust plan --consider pregnancy",
                "plan",
            ),
        ),
    ),
    Answer(
        id="low_back_hurt",
        question="I hurt my lower back doing hip thrusts. What now?",
        answer=(
            "It happens: one of the seeds' readers did, and others answered that form is "
            "everything and that a weight you have to heave up is too heavy. The usual cause "
            "is extension coming from the lower back instead of the hips, under too much load.",
            "While the back is sore, go back to bodyweight work and single-leg versions, keep "
            "strict pelvic control (brace, ribs down, tuck the pelvis at the top) and end each "
            "rep where the back starts to take over. Rate your pain: up to 2/10 is fine, 3 to "
            "5 means hold the dose, above 5 means step back.",
        ),
        tag="seed",
        sources=("seed 003", "seed 001", "seed 002", "Silbernagel 2007"),
        clinician=(
            "See a clinician first if the pain is severe or getting worse, or comes with "
            "numbness, weakness or bladder or bowel changes."
        ),
        links=(
            AppLink(
                "Record the back pain and when it started in the screening: while it is new "
                "(under 6 weeks) and not cleared, nothing loaded is prescribed.",
                "hipthrust assess",
                "assess",
            ),
            AppLink(
                "Log your pain and where you felt each set; pain above 5 or the lower back "
                "felt twice steps the next session back.",
                'hipthrust log "single leg hip thrust" x 10 --side left --pain 2',
                "today",
            ),
        ),
    ),
    Answer(
        id="joint_lifespan",
        question="How long will a replaced joint last under heavy loading?",
        answer=(
            "Nobody can say for your joint, and the app cannot. A reader who works as a trainer "
            "put it well: every implant has a finite life, and how much you load it is part of "
            "the sum.",
            "So the app takes the cautious reading: strength built with perfect form and "
            "moderate loads, not maximal lifts (no 1RM tests or heavy singles). Your surgeon "
            "knows your implant and is the one to ask how heavy is too heavy: record their "
            "ceiling with the clearance in the screening and every load stays under it (1 x "
            "bodyweight, our default, until they give one).",
        ),
        tag="seed",
        sources=("seed 003",),
        clinician="Ask your surgeon how much load your implant is meant to take.",
        links=(
            AppLink(
                "Record the replacement in the screening; it asks for clearance before load.",
                "hipthrust assess",
                "assess",
            ),
            _PLAN,
        ),
    ),
)


def answer_for(question_id: str) -> Answer:
    """The answer with this id; one sentence naming the known ids otherwise."""
    for answer in QUESTIONS:
        if answer.id == question_id:
            return answer
    known = ", ".join(answer.id for answer in QUESTIONS)
    raise InputError(f"there is no question {question_id!r} (one of: {known})")


# A tag as the coaching sentences carry it: "[seed 002, 003]", "[seed 003; design]",
# "[lit: Finucane 2020, S]", "[design, after Silbernagel 2007]".
CITATION = re.compile(r"\s*\[([^\[\]]+)\]")
DESIGN_WORDS = "our own cautious choice"
_SEED_NUMBER = re.compile(r"\b\d{3}\b")


@dataclass(frozen=True)
class Citation:
    """What a tag names: its sources (known ones only) and whether it is our own choice."""

    sources: tuple[Source, ...]
    design: bool


def read_citation(tag: str) -> Citation | None:
    """The sources and the design mark a tag's text (inside the brackets) names; None when
    it is not a citation, or names a source ``SOURCES`` does not know (then it is shown as
    written rather than half read)."""
    found: list[Source] = []
    design = False
    for part in tag.split(";"):
        words = part.strip()
        named: list[Source | None]
        if words.startswith("design"):
            design = True
            named = [source for key, source in SOURCES.items() if key in words]
        elif words.startswith("seed"):
            named = [SOURCES.get(f"seed {number}") for number in _SEED_NUMBER.findall(words)]
            if not named:
                return None
        elif words.startswith("lit:"):
            studies = [name.strip() for name in words.removeprefix("lit:").split(",")]
            named = [SOURCES.get(name) for name in studies if len(name) > 1]
        else:
            return None
        if any(source is None for source in named):
            return None
        found.extend(source for source in named if source is not None)
    unique = {source.id: source for source in found}
    return Citation(tuple(unique.values()), design)
