"""The HTTP API over the library: public reads, writes behind an API key.

::

    from storyline.api import create_app
    app = create_app(load_settings(), api_key="...")   # serve with uvicorn
"""

from __future__ import annotations

from ..live.fetch import FetchPolicy
from .app import create_app

__all__ = ["FetchPolicy", "create_app"]
