"""The web app's settings: ``hipthrust.settings`` (one module for serve, the worker and the CLI).

``WebConfig`` and ``load_config`` are the names the web app has always used for them.
"""

from __future__ import annotations

from hipthrust.settings import Settings as WebConfig
from hipthrust.settings import load_settings as load_config

__all__ = ["WebConfig", "load_config"]
