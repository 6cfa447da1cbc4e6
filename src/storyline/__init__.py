"""Storyline: turn a flood of news articles into what actually happened."""

from __future__ import annotations

__version__ = "0.1.0"
