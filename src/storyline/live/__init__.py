"""Continuous ingestion: safe fetching, feed subscriptions and watched folders, polled by a worker.

Nothing here knows of HTTP routes or the terminal: the API and the CLI both
drive the same :mod:`.worker` functions.
"""
