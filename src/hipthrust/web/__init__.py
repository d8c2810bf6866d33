"""The web app: a thin FastAPI shell over the service layer (pages and a JSON API)."""

from hipthrust.web.app import create_app

__all__ = ["create_app"]
