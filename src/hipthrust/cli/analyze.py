"""``hipthrust analyze``: reps, phases, faults and cues from a filmed set.

Takes a landmark file, a video (``hipthrust.cli.analyze_video``: report, signals, chart and an
annotated video in one folder) or a photo of one position; ``load_pose`` is the one place that
turns an input file into a pose sequence.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import typer
from rich import box
from rich.table import Table

from hipthrust.cli.common import ATHLETE_OPTION, DATABASE_OPTION
from hipthrust.cli.output import console, print_json
from hipthrust.coaching.units import Units, format_mass, parse_mass, parse_units
from hipthrust.errors import InputError
from hipthrust.formats.landmark_file import read_landmark_file
from hipthrust.motion.analysis import AnalysisOptions, analyze_pose
from hipthrust.motion.faults import FAULTS
from hipthrust.motion.pose import PoseSequence
from hipthrust.motion.report import SetReport
from hipthrust.motion.side import Side

__all__ = ["VIDEO_SUFFIXES", "load_pose", "parse_height", "register", "write_outputs"]

VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v", ".avi", ".mkv", ".webm")

_HEIGHT = re.compile(
    r"^\s*(?:(?P<m>[0-9]+(?:[.,][0-9]+)?)\s*m|(?P<cm>[0-9]+(?:[.,][0-9]+)?)\s*cm"
    r"|(?P<ft>[0-9]+)\s*(?:ft|')\s*(?:(?P<inch>[0-9]+(?:[.,][0-9]+)?)\s*(?:in|\")?)?)\s*$",
    re.IGNORECASE,
)


def parse_height(text: str) -> float:
    """``"1.75m"``, ``"175cm"``, ``"5ft9in"`` or ``5'9"`` in metres."""
    match = _HEIGHT.match(text)
    if match is None:
        raise InputError(f"cannot read {text!r} as a height: write it like 1.75m, 175cm or 5ft9in")
    if match.group("m"):
        metres = float(match.group("m").replace(",", "."))
    elif match.group("cm"):
        metres = float(match.group("cm").replace(",", ".")) / 100
    else:
        inches = float((match.group("inch") or "0").replace(",", "."))
        metres = (int(match.group("ft")) * 12 + inches) * 0.0254
    if not 0.5 <= metres <= 2.8:
        raise InputError(f"{text!r} is not a plausible body height")
    return metres


_LENGTH = re.compile(
    r"^\s*(?P<value>[0-9]+(?:[.,][0-9]+)?)\s*(?P<unit>mm|cm|m|in|\")\s*$", re.IGNORECASE
)
_METRES_PER = {"mm": 0.001, "cm": 0.01, "m": 1.0, "in": 0.0254, '"': 0.0254}


def parse_plate_diameter(text: str) -> float:
    """``"45cm"``, ``"450mm"``, ``"0.45m"`` or ``"17.7in"`` in metres (10 cm to 1 m)."""
    match = _LENGTH.match(text)
    if match is None:
        raise InputError(f"cannot read {text!r} as a plate diameter: write it like 45cm or 17.7in")
    metres = float(match.group("value").replace(",", ".")) * _METRES_PER[match["unit"].lower()]
    if not 0.1 <= metres <= 1.0:
        raise InputError(f"{text!r} is not a plausible plate diameter (10 cm to 1 m)")
    return metres


def load_pose(path: Path) -> PoseSequence:
    """The pose sequence behind an input file, by kind: a landmark file (JSON) or a video."""
    suffix = path.suffix.lower()
    if suffix in VIDEO_SUFFIXES:
        from hipthrust.video.pipeline import video_pose

        return video_pose(path)
    if suffix != ".json":
        raise InputError(f"{path.name}: give a landmark file (.json), a video or a photo")
    return read_landmark_file(path)


def write_outputs(report: SetReport, source: Path, out_dir: Path | None) -> tuple[Path, Path]:
    """Write the JSON report and the per-frame signals CSV; return both paths.

    Beside the input as ``<name>.report.json`` and ``<name>.signals.csv``, or into ``out_dir``
    as ``report.json`` and ``signals.csv``.
    """
    if out_dir is None:
        report_path = source.with_name(f"{source.stem}.report.json")
        signals_path = source.with_name(f"{source.stem}.signals.csv")
    else:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(f"{out_dir}: cannot create the folder ({error.strerror})") from None
        report_path, signals_path = out_dir / "report.json", out_dir / "signals.csv"
    try:
        report_path.write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")
        signals_path.write_text(report.signals.to_csv(), encoding="utf-8")
    except OSError as error:
        raise InputError(f"{report_path.parent}: cannot write ({error.strerror})") from None
    return report_path, signals_path


def _cell(value: Any, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _show(data: dict[str, Any], units: Units, report_path: Path) -> None:
    table = Table(title=f"{data['rep_count']} reps ({data['side']} side)", box=box.SIMPLE)
    headers = ("rep", "time s", "top °", "hold s", "up s", "down s", "knee °", "shin °", "m/s")
    for header in headers:
        table.add_column(header, justify="right")
    for rep in data["reps"]:
        table.add_row(
            str(rep["index"]),
            f"{_cell(rep['start_s'])}-{_cell(rep['end_s'])}",
            _cell(rep["peak_hip_angle_deg"], 0),
            _cell(rep["hold_s"]),
            _cell(rep["concentric_s"]),
            _cell(rep["eccentric_s"]),
            _cell(rep["knee_angle_top_deg"], 0),
            _cell(rep["shin_angle_top_deg"], 0),
            _cell(rep["mean_concentric_velocity_m_s"], 2),
        )
    console.print(table)
    for rep in data["reps"]:
        if rep["faults"]:
            names = ", ".join(FAULTS[f["id"]].name.lower() for f in rep["faults"])
            console.print(f"Rep {rep['index']}: {names}")
    loss = data["velocity_loss"]["from_best"]
    if loss is not None:
        console.print(f"Velocity loss (best to last rep): {loss:.0%}")
    pct, e1rm, rir = data["estimated_pct_1rm"], data["estimated_1rm_kg"], data["estimated_rir"]
    if pct is not None:
        console.print(f"Estimated load: {pct['value']:.0f}% 1RM (± {pct['error']:.0f}%)")
    if e1rm is not None:
        shown = format_mass(e1rm["value"], units)
        console.print(f"Estimated 1RM: {shown} (± {format_mass(e1rm['error'], units)})")
    if rir is not None:
        console.print(f"Estimated reps in reserve: {rir['value']:.0f} (± {rir['error']:.1f})")
    for fault_id, count in data["fault_counts"].items():
        console.print(f"Cue ({FAULTS[fault_id].name.lower()}, {count}x): {FAULTS[fault_id].cue}")
    view = data.get("camera_view") or {}
    if view.get("yaw_deg") is not None and view.get("band_deg"):
        low, high = view["band_deg"]
        console.print(
            f"Camera: about {view['yaw_deg']:.0f}° off the side view ({low:.0f}-{high:.0f}°)"
            + ("" if view.get("angles_reliable", True) else ": angles not judged")
        )
    for warning in data["warnings"]:
        console.print(f"Note: {warning['message']}")
    console.print(f"Report written to {report_path}")


_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff")


def _start_pose_workers() -> None:
    """Start the fork server the pose processes come from (``hipthrust.video.workers``) now,
    so that it imports the pose model while this process imports the video pipeline, on the
    other core, rather than after it: about 0.4 s of CPU each. The pipeline finds it running;
    a clip too short for pose processes leaves it idle."""
    from hipthrust.video.pose_model import BlazePose
    from hipthrust.video.workers import start_server

    start_server(BlazePose.preload_modules)


def _analyze_photo(
    path: Path,
    side: Side | None,
    as_json: bool,
    plate_diameter_m: float | None = None,
    out: Path | None = None,
) -> None:
    """The angles of the position in one photo (docs/barbell.md), as JSON or a small table;
    with ``out``, the JSON and the annotated photo are written there too."""
    from hipthrust.video.barbell import PlateRules
    from hipthrust.video.photo import (
        PhotoOptions,
        analyze_photo,
        load_image,
        write_photo_outputs,
    )

    options = PhotoOptions(side=side)
    if plate_diameter_m is not None:
        options = PhotoOptions(side=side, plates=PlateRules(diameter_m=plate_diameter_m))
    position = analyze_photo(path, options=options)
    if out is not None:
        json_path, picture_path = write_photo_outputs(path, load_image(path), position, out)
        if not as_json:
            console.print(f"Wrote {json_path} and {picture_path}", markup=False)
    if as_json:
        print_json(position.report())
        return
    data = position.to_json()
    console.print(f"{path.name}: {data['side']} side")
    table = Table(box=box.SIMPLE)
    table.add_column("angle")
    table.add_column("degrees", justify="right")
    for key, label in (
        ("hip_angle_deg", "hip"),
        ("knee_angle_deg", "knee"),
        ("shin_angle_deg", "shin"),
        ("trunk_angle_deg", "trunk"),
    ):
        table.add_row(label, _cell(data[key], 0))
    console.print(table)
    plate = data["barbell"]
    if plate["detected"]:
        console.print(
            f"Barbell plate: centre {plate['centre']}, {plate['radius_px']:.0f} px radius, "
            f"{plate['m_per_px'] * 1000:.2f} mm per pixel"
        )
    for repair in data["repairs"]:
        console.print(f"Repaired {repair['side']} {repair['joint']}: {repair['reason']}")
    view = data.get("camera_view") or {}
    if view.get("yaw_deg") is not None and view.get("band_deg"):
        low, high = view["band_deg"]
        console.print(
            f"Camera: about {view['yaw_deg']:.0f}° off the side view ({low:.0f}-{high:.0f}°)"
            + ("" if view.get("angles_reliable", True) else ": angles not judged")
        )
    for warning in data["warnings"]:
        console.print(f"Note: {warning['message']}")


def register(app: typer.Typer) -> None:
    @app.command("analyze")
    def analyze_command(
        source: str = typer.Argument(
            ...,
            help="The set to analyse: a video of the set filmed from the side (MP4, MOV ...; "
            "see docs/video.md), a landmark file (JSON, see docs/motion-report.md), or a "
            "photo of one position (JPEG or PNG; see docs/barbell.md).",
        ),
        out: str | None = typer.Option(
            None,
            "--out",
            help="Folder for report.json and signals.csv, and for a video also hip_angle.png "
            "and annotated.mp4 (default: beside the input); for a photo, NAME.position.json "
            "and NAME.annotated.png (default: nothing written).",
        ),
        side: str | None = typer.Option(
            None, "--side", help="The side facing the camera, left or right (default: detect)."
        ),
        load: str | None = typer.Option(
            None, "--load", help="Load on the bar, e.g. 100kg or 225lb (enables %1RM and RIR)."
        ),
        height: str | None = typer.Option(
            None, "--height", help="Lifter's height, e.g. 1.75m or 5ft9in (scale for velocity)."
        ),
        plate_diameter: str | None = typer.Option(
            None,
            "--plate-diameter",
            help="Diameter of the plates on the bar, e.g. 45cm or 17.7in (default 45 cm: "
            "20 kg / 45 lb plates and bumpers); a plate found over the hips is the scale for "
            "velocity (docs/barbell.md).",
        ),
        units: str = typer.Option("kg", "--units", help="Units to show masses in: kg or lb."),
        as_json: bool = typer.Option(
            False, "--json", help="Print the report as JSON instead of the table."
        ),
        max_seconds: float | None = typer.Option(
            None,
            "--max-seconds",
            help="Refuse videos longer than this many seconds (default: 600, ten minutes).",
        ),
        annotate: bool = typer.Option(
            True, "--video/--no-video", help="Write the annotated video (off: faster)."
        ),
        analysis_fps: float | None = typer.Option(
            None,
            "--analysis-fps",
            help="Run the pose model on every k-th frame, keeping at least this many a "
            "second (default: 15; 30 and 60 fps clips are analysed at 15, 24 fps whole).",
        ),
        log: bool = typer.Option(
            False, "--log", help="Record the analysed set in the training log (video only)."
        ),
        landmarks_out: str | None = typer.Option(
            None,
            "--landmarks-out",
            help="Save a video's landmarks to this JSON file, to analyse again without the "
            "pose model: hipthrust analyze FILE (docs/motion-report.md).",
        ),
        exercise: str | None = typer.Option(
            None, "--exercise", help="The exercise filmed, for --log, e.g. glute_bridge."
        ),
        pain: int | None = typer.Option(
            None,
            "--pain",
            help="Pain during the set, 0-10, for --log (a set without it passes no gate).",
        ),
        athlete: str | None = ATHLETE_OPTION,
        database: str | None = DATABASE_OPTION,
    ) -> None:
        """Count reps and time their phases, measure each rep and name its faults with cues."""
        shown_units = parse_units(units)
        if side is not None and side.lower() not in ("left", "right"):
            raise InputError(f"--side must be left or right, not {side!r}")
        options = AnalysisOptions(
            side="left" if side and side.lower() == "left" else "right" if side else None,
            load_kg=parse_mass(load, shown_units) if load is not None else None,
            body_height_m=parse_height(height) if height is not None else None,
        )
        plate_m = parse_plate_diameter(plate_diameter) if plate_diameter is not None else None
        path = Path(source)
        if path.suffix.lower() in VIDEO_SUFFIXES:
            if path.is_file():
                _start_pose_workers()
            from hipthrust.cli.analyze_video import run_video  # av, cv2, mediapipe: only here

            run_video(
                path,
                options,
                out=Path(out) if out is not None else None,
                units=shown_units,
                as_json=as_json,
                max_seconds=max_seconds,
                annotate=annotate,
                analysis_fps=analysis_fps,
                log=log,
                exercise=exercise,
                load=load,
                athlete=athlete,
                database=database,
                show_report=_show,
                plate_diameter_m=plate_m,
                landmarks_out=Path(landmarks_out) if landmarks_out is not None else None,
                pain=pain,
            )
            return
        if landmarks_out is not None:
            raise InputError("--landmarks-out saves the landmarks of a video; this is not one")
        if log:
            raise InputError("--log records a set from a video; use hipthrust log otherwise")
        if path.suffix.lower() in _IMAGE_SUFFIXES:
            _analyze_photo(
                path, options.side, as_json, plate_m, Path(out) if out is not None else None
            )
            return
        report = analyze_pose(load_pose(path), options)
        report_path, _ = write_outputs(report, path, Path(out) if out is not None else None)
        data = report.to_json()
        if as_json:
            print_json(data)
        else:
            _show(data, shown_units, report_path)
