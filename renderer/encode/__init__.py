"""Encoding: the only place that encodes. GOP planning (planning.py), one closed H.264 GOP
at a time (gop.py), the video stage that encodes and caches them (video.py), AAC in cached
chunks (aac.py), captions burned into pictures (burn.py), the MP4 muxer (mux.py), and the
one packet type and cache format they share (packets.py)."""

from __future__ import annotations

from renderer.encode import aac
from renderer.encode.burn import burn_captions
from renderer.encode.mux import Extras
from renderer.encode.video import encode

__all__ = ["Extras", "aac", "burn_captions", "encode"]
