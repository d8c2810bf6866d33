"""The web app: a thin FastAPI shell over the service layer (pages and a JSON API)."""

from hipthrust.web.app import create_app
from hipthrust.web.config import WebConfig, load_config

__all__ = ["WebConfig", "create_app", "load_config"]
