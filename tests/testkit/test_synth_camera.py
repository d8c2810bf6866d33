from __future__ import annotations

import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust_testkit.synth.camera import CameraSpec, fit_distance, place_body, project


def _cloud() -> np.ndarray:
    """A 1.6 m x 0.6 m body-sized box of points in the mid-plane, one frame."""
    xs, ys = np.meshgrid(np.linspace(-0.8, 0.8, 5), np.linspace(0.0, 0.6, 4))
    return np.stack((xs.ravel(), ys.ravel(), np.zeros(xs.size)), -1)[None]


def test_a_square_camera_at_the_aim_height_maps_metres_linearly() -> None:
    world = _cloud()
    camera = CameraSpec(width=1280, height=720, focal_px=1000.0, distance_m=2.0, height_m=0.3)
    xy = project(world, camera).xy[0]
    # Aim at the box's middle (0, 0.3): 1 m across is 500 px at 2 m, y flips.
    assert xy[:, 0].min() == pytest.approx(640 - 400)
    assert xy[:, 0].max() == pytest.approx(640 + 400)
    top = xy[world[0, :, 1] == 0.6, 1]
    assert np.allclose(top, 360 - 150)


def test_positive_roll_turns_the_picture_clockwise() -> None:
    world = np.array([[[0.5, 0.3, 0.0], [-0.5, 0.3, 0.0]]])
    camera = CameraSpec(focal_px=1000.0, distance_m=2.0, height_m=0.3, roll_deg=10.0)
    right, left = project(world, camera).xy[0]
    # The floor line now runs down to the right on screen.
    assert right[1] > left[1]
    assert np.degrees(np.arctan2(right[1] - left[1], right[0] - left[0])) == pytest.approx(10.0)


def test_head_at_right_turns_the_body_so_its_other_side_faces_the_camera() -> None:
    world = np.array([[[-0.8, 0.5, 0.1], [0.8, 0.2, -0.1]]])
    turned = place_body(world, "right")
    assert np.allclose(turned[0, :, 0], [0.8, -0.8])
    assert np.allclose(turned[0, :, 2], [-0.1, 0.1])
    assert place_body(world, "left") is world


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (720, 1280), (1920, 1080)])
def test_fit_distance_is_the_closest_camera_that_keeps_the_body_inside(
    width: int, height: int
) -> None:
    world = _cloud() * np.array([1.2, 1.0, 1.0])
    camera = CameraSpec(width=width, height=height, height_m=0.5)
    d = fit_distance(world, camera, margin=0.05)
    assert d > 1.0

    def inside(distance: float) -> bool:
        xy = project(
            world, CameraSpec(width=width, height=height, height_m=0.5, distance_m=distance)
        ).xy
        lo = 0.05 * np.array([width, height]) - 1e-6
        hi = 0.95 * np.array([width, height]) + 1e-6
        return bool(((xy >= lo) & (xy <= hi)).all())

    assert inside(d)
    assert not inside(0.95 * d)


@pytest.mark.parametrize(
    "kwargs",
    [{"fps": 0.5}, {"width": 10}, {"distance_m": 0.1}, {"roll_deg": 60.0}, {"head_at": "up"}],
)
def test_bad_cameras_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(InputError):
        CameraSpec(**kwargs)  # type: ignore[arg-type]
