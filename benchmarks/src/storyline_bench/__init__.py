"""Storyline's benchmarks: quality and speed, each beside a baseline run in the same process.

A separate distribution (``storyline-bench``) beside the product: the modules here
compute results and return typed rows, ``commands/`` prints them, and ``cli``
collects the commands into ``storyline bench``. Benchmarks read the shared
corpora by path (see ``data``) and never ship them.
"""
