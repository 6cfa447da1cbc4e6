"""Benchmarks: quality and speed, each beside a baseline run in the same process.

Each module here computes results and returns typed rows; the command-line
side (``storyline.cli.bench_*``) prints them. Benchmarks read the shared
corpora by path and never ship them.
"""
