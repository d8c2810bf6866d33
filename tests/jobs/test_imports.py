"""The job queue stands below the web app: nothing in ``hipthrust.jobs`` reaches ``web``."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import hipthrust.jobs

JOBS = Path(hipthrust.jobs.__file__).parent


def _modules() -> list[str]:
    found = ["hipthrust.jobs"]
    found += [f"hipthrust.jobs.{m.name}" for m in pkgutil.iter_modules([str(JOBS)])]
    return found


def test_no_jobs_module_names_the_web_app() -> None:
    for path in sorted(JOBS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith("hipthrust.web"), f"{path.name} imports {name}"


def test_importing_every_jobs_module_loads_nothing_of_the_web_app() -> None:
    modules = _modules()
    assert "hipthrust.jobs.queue" in modules and "hipthrust.jobs.worker" in modules
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('hipthrust.web'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert json.loads(out) == []
