"""Storyline's exceptions: one tree, each message telling the user what to do.

::

    StorylineError
    ├── InputError            an input file or record cannot be used (ingest skips it)
    ├── StoreError            the database cannot be opened, migrated or written
    │   └── SchemaTooNewError the database was written by a newer Storyline
    ├── NotFoundError         no event, story or article has that id
    └── ModelUnavailableError a bundled NLP model is not installed

Only the command line turns these into printed messages and exit codes.
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base class for every error Storyline raises on purpose."""

    exit_code = 1


class InputError(StorylineError):
    """An input cannot be ingested; ``reason`` says why in plain words."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(StorylineError):
    """The database cannot be opened, migrated or written."""

    exit_code = 3


class SchemaTooNewError(StoreError):
    """The database schema is newer than this version of Storyline understands."""


class NotFoundError(StorylineError):
    """Nothing with the requested id exists in the store."""

    exit_code = 4


class ModelUnavailableError(StorylineError):
    """A model package that ships the weights is missing from the environment."""

    exit_code = 5
