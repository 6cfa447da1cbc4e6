"""Extraction: entities, quotes, figures and dates, each with its span in the article."""
