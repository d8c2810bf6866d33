"""Put the repository's test kit (``testkit/hipthrust_testkit``) on the path of a benchmark.

Every benchmark that uses it imports this module first: ``import _testkit  # noqa: F401``.
"""

from __future__ import annotations

import sys
from pathlib import Path

KIT = str(Path(__file__).resolve().parents[1] / "testkit")
if KIT not in sys.path:
    sys.path.insert(0, KIT)
