from __future__ import annotations

import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust.motion.landmarks import from_coco17, from_mediapipe
from hipthrust.motion.pose import COCO_17, MEDIAPIPE_33


def test_from_mediapipe_scales_normalised_coordinates() -> None:
    data = np.zeros((2, 33, 4))
    data[:, :, 0] = 0.5
    data[:, :, 1] = 0.25
    data[:, :, 3] = 0.9
    data[1] = np.nan  # nobody in the second frame
    pose = from_mediapipe(data, 30.0, 1280, 720)
    assert pose.names == MEDIAPIPE_33
    np.testing.assert_allclose(pose.xy[0, 0], [640.0, 180.0])
    assert pose.confidence[0, 0] == pytest.approx(0.9)
    assert np.isnan(pose.xy[1]).all() and (pose.confidence[1] == 0).all()


def test_from_mediapipe_pixels_and_three_columns() -> None:
    data = np.zeros((1, 33, 3))
    data[0, :, 0], data[0, :, 1], data[0, :, 2] = 100.0, 50.0, 1.2
    pose = from_mediapipe(data, 25.0, 640, 480, normalized=False)
    np.testing.assert_allclose(pose.xy[0, 5], [100.0, 50.0])
    assert pose.confidence[0, 5] == 1.0  # clipped


def test_from_coco17_maps_names_and_leaves_the_rest_unseen() -> None:
    data = np.zeros((3, 17, 3))
    for k in range(17):
        data[:, k] = (10.0 * k, 5.0 * k, 0.8)
    pose = from_coco17(data, 30.0, 640, 480)
    for k, name in enumerate(COCO_17):
        np.testing.assert_allclose(pose.point(name)[0], [10.0 * k, 5.0 * k])
        assert pose.score(name)[0] == pytest.approx(0.8)
    assert np.isnan(pose.point("left_heel")).all()
    assert (pose.score("left_heel") == 0).all()


@pytest.mark.parametrize("shape", [(2, 33, 2), (2, 17, 3), (33, 4)])
def test_from_mediapipe_refuses_wrong_shapes(shape: tuple[int, ...]) -> None:
    with pytest.raises(InputError):
        from_mediapipe(np.zeros(shape), 30.0, 640, 480)


def test_from_coco17_refuses_wrong_shapes() -> None:
    with pytest.raises(InputError):
        from_coco17(np.zeros((2, 33, 3)), 30.0, 640, 480)
