"""MediaPipe's BlazePose solution, imported without the rest of mediapipe.

``from mediapipe.python.solutions import pose`` first runs mediapipe's package ``__init__``,
which imports every legacy solution (their drawing utilities import matplotlib's pyplot) and
the whole Tasks API (audio, text, vision): 0.9 s of CPU on this machine, against 0.2 s for
the pose solution alone [measured: a fresh interpreter, the two alternated twice]. The fork
server that starts the pose processes imports it before anything can start, so that time
was a wait at the start of every video.

Importing this module loads ``mediapipe.python.solutions.pose`` with the two package
``__init__`` files that pull in the rest (``mediapipe`` and ``mediapipe.python.solutions``)
left unexecuted: their modules are registered empty, with their search paths, so submodules
import as usual. ``mediapipe.python`` itself (the C++ bindings) is imported normally. Where
mediapipe is imported already, the ordinary import is used. Nothing else in hipthrust uses
mediapipe, and the pose solution needs nothing from the skipped files.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType

__all__ = ["load_pose_solution"]

_SKIPPED = ("mediapipe", "mediapipe.python.solutions")  # package inits not run


def _empty_package(name: str) -> None:
    """Register package ``name`` without running its ``__init__`` (kept if imported)."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.submodule_search_locations is None:
        raise ModuleNotFoundError(f"no package {name!r}", name=name)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


def load_pose_solution() -> ModuleType:
    """``mediapipe.python.solutions.pose``, importing no more of mediapipe than it needs."""
    name = "mediapipe.python.solutions.pose"
    if name in sys.modules:
        return sys.modules[name]
    registered = [n for n in _SKIPPED if n not in sys.modules]
    try:
        _empty_package(_SKIPPED[0])
        importlib.import_module("mediapipe.python")
        _empty_package(_SKIPPED[1])
        return importlib.import_module(name)
    except BaseException:  # leave no empty package behind for a later, ordinary import
        for skipped in registered:
            sys.modules.pop(skipped, None)
        raise


load_pose_solution()
