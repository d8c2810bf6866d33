"""A pinhole camera that films the synthetic lifter: world metres to image pixels.

The camera stands on the floor or a tripod, square to the lifter's side by default, aimed at
the middle of the space the body occupies over the whole set; it may be rolled (a phone held
crooked) or turned toward the lifter's feet (three-quarter or front views).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError

__all__ = [
    "CameraSpec",
    "Projection",
    "fit_distance",
    "place_body",
    "project",
]

FloatArray = NDArray[np.float64]
HeadAt = Literal["left", "right"]

# A phone's main camera covers about 66 degrees across the long side of the frame [design].
DEFAULT_FIELD_OF_VIEW_DEG = 66.0


@dataclass(frozen=True)
class CameraSpec:
    """Frame size, frame rate and where the camera stands.

    ``distance_m``: from the camera to the lifter's mid-plane (before any yaw);
    ``height_m``: lens height above the floor; ``along_m``: shift along the body from its middle;
    ``roll_deg``: positive turns the picture clockwise; ``yaw_deg``: 0 films the side, 90 films
    along the body from the feet; ``head_at``: where the head appears for a side view.
    """

    width: int = 1280
    height: int = 720
    fps: float = 30.0
    focal_px: float | None = None
    distance_m: float = 2.5
    height_m: float = 0.6
    along_m: float = 0.0
    roll_deg: float = 0.0
    yaw_deg: float = 0.0
    head_at: HeadAt = "left"

    def __post_init__(self) -> None:
        if self.width < 64 or self.height < 64:
            raise InputError(f"frame size must be at least 64x64, not {self.width}x{self.height}")
        if not 1.0 <= self.fps <= 240.0:
            raise InputError(f"frame rate must be between 1 and 240 fps, not {self.fps}")
        if self.focal_px is not None and self.focal_px <= 0:
            raise InputError("focal length must be positive")
        if not 0.3 <= self.distance_m <= 20.0:
            raise InputError(f"camera distance must be between 0.3 and 20 m, not {self.distance_m}")
        if not 0.0 <= self.height_m <= 3.0:
            raise InputError(f"camera height must be between 0 and 3 m, not {self.height_m}")
        if abs(self.roll_deg) > 45 or abs(self.yaw_deg) > 90:
            raise InputError("camera roll must be within 45 degrees and yaw within 90")
        if self.head_at not in ("left", "right"):
            raise InputError(f"head_at must be left or right, not {self.head_at!r}")

    @property
    def focal(self) -> float:
        """Focal length in pixels."""
        if self.focal_px is not None:
            return self.focal_px
        half = np.radians(DEFAULT_FIELD_OF_VIEW_DEG / 2)
        return float(max(self.width, self.height) / 2 / np.tan(half))


def place_body(world: FloatArray, head_at: HeadAt) -> FloatArray:
    """Turn a canonical-world body (head toward -x) so the head appears on ``head_at``: a
    half-turn about the vertical, so the other side of the body faces the camera."""
    if head_at == "left":
        return world
    return np.asarray(world * np.array([-1.0, 1.0, -1.0]), dtype=np.float64)


@dataclass(frozen=True, eq=False)
class Projection:
    """Pixels ``(n, m, 2)``, depth along the view ``(n, m)``, and the camera's axes."""

    xy: FloatArray
    depth: FloatArray
    position: FloatArray
    forward: FloatArray
    aim: FloatArray

    def toward_camera(self) -> FloatArray:
        """Unit vector from the aim point to the camera (world)."""
        v = self.position - self.aim
        return np.asarray(v / np.linalg.norm(v), dtype=np.float64)


def _aim(world: FloatArray) -> FloatArray:
    finite = world[np.isfinite(world).all(axis=-1)]
    lo, hi = finite.min(axis=0), finite.max(axis=0)
    return np.array([(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, 0.0])


def project(world: FloatArray, camera: CameraSpec) -> Projection:
    """Project world points ``(n, m, 3)`` into the camera's image."""
    aim = _aim(world)
    yaw = np.radians(camera.yaw_deg)
    offset = np.array([camera.along_m, 0.0, camera.distance_m])
    turned = np.array(
        [
            offset[0] * np.cos(yaw) + offset[2] * np.sin(yaw),
            0.0,
            -offset[0] * np.sin(yaw) + offset[2] * np.cos(yaw),
        ]
    )
    position = aim + turned
    position[1] = camera.height_m
    forward = aim - position
    forward /= np.linalg.norm(forward)
    right = np.cross(forward, np.array([0.0, 1.0, 0.0]))
    right /= np.linalg.norm(right)
    down = np.cross(forward, right)
    rel = world - position
    depth = rel @ forward
    f = camera.focal
    cx, cy = camera.width / 2, camera.height / 2
    u = f * (rel @ right) / depth
    v = f * (rel @ down) / depth
    roll = np.radians(camera.roll_deg)
    xy = np.stack(
        (cx + np.cos(roll) * u - np.sin(roll) * v, cy + np.sin(roll) * u + np.cos(roll) * v), -1
    )
    return Projection(np.asarray(xy, dtype=np.float64), depth, position, forward, aim)


def _overflow(xy: FloatArray, camera: CameraSpec, margin: float) -> float:
    """How far the points spread relative to the usable frame (1 = just fits)."""
    finite = xy[np.isfinite(xy).all(axis=-1)]
    cx, cy = camera.width / 2, camera.height / 2
    half_w = camera.width * (0.5 - margin)
    half_h = camera.height * (0.5 - margin)
    return float(
        max(np.max(np.abs(finite[:, 0] - cx)) / half_w, np.max(np.abs(finite[:, 1] - cy)) / half_h)
    )


def fit_distance(
    world: FloatArray, camera: CameraSpec, margin: float = 0.04, min_m: float = 1.0
) -> float:
    """The smallest camera distance, not below ``min_m``, at which every point stays
    ``margin`` (a fraction of the frame) inside the picture."""

    # Poses change smoothly: a few hundred frames trace the body's whole envelope.
    sample = world[:: max(1, world.shape[0] // 300)]

    def ratio(distance: float) -> float:
        return _overflow(project(sample, replace(camera, distance_m=distance)).xy, camera, margin)

    distance = min_m
    for _ in range(20):
        r = ratio(distance)
        if r <= 1.0 and (distance == min_m or r >= 0.995):
            return distance
        distance = max(min_m, distance * r * 1.001)
    while ratio(distance) > 1.0:
        distance *= 1.01
    return float(distance)
