from __future__ import annotations

import importlib
import pkgutil

import hipthrust


def test_every_module_declares_all_and_it_resolves() -> None:
    for info in pkgutil.walk_packages(hipthrust.__path__, prefix="hipthrust."):
        module = importlib.import_module(info.name)
        names = getattr(module, "__all__", None)
        if info.ispkg and names is None:
            continue
        assert names is not None, f"{info.name} has no __all__"
        for name in names:
            assert hasattr(module, name), f"{info.name}.__all__ names missing {name!r}"
