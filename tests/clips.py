"""Clips and pictures for tests: made by the bench's own generator (`benchmarks/sources.py`)."""

from benchmarks.sources import make_clip, make_picture

__all__ = ["make_clip", "make_picture"]
