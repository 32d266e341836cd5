"""Stage: the mixed track -> AAC-LC packets, encoded in chunks across the cores and cached.

FFmpeg's AAC encoder is the slowest part of stitching a long video, and a re-render after an
edit used to encode the whole track again. So the track is cut into chunks of about ten
seconds on the AAC frame grid; each chunk is encoded on its own with two frames of real audio
either side (its MDCT windows then cover the same samples as in one long encode, so the
seams decode like the rest: the tests compare them), and is cached under the hash of exactly
the samples it was made from. A re-render encodes only chunks whose samples changed, and a
whole encoded track is found again by the mix's key without mixing at all.
"""

from __future__ import annotations

import hashlib
import json
import wave
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import nullcontext
from dataclasses import dataclass

import av
import numpy as np

from renderer.audio import SAMPLE_RATE, AudioTrack
from renderer.encode import packets
from renderer.encode.packets import Packet
from renderer.store import BlobStore, content_key
from renderer.workers import process_pool

FRAME = 1024
"""Samples per AAC frame."""
PRIMING = 1024
"""Samples of encoder delay FFmpeg's AAC encoder puts before the audio. Without an edit list
(YouTube asks for none) players play them, so the same number of samples is dropped from
the start of the track (the silent lead-in of the first slide) to keep speech on its frame."""
CHUNK = 470
"""AAC frames per chunk (about ten seconds)."""
ROLL = 2 * FRAME
"""Real audio given to a chunk's encoder either side of the samples it is kept for."""
OPTIONS = {"aac_coder": "fast", "aac_ms": "0"}
"""The fast coder, without mid/side search: half the time, about 40 dB SNR at 192 kb/s."""


@dataclass(frozen=True)
class EncodedAudio:
    """The narration as AAC packets, ready to mux."""

    packets: list[Packet]
    """AAC frames, timestamps in samples of the whole track."""
    sample_rate: int
    bit_rate: int


def _track_key(mix_key: str, bit_rate: int) -> str:
    return content_key(
        kind="aac-track",
        mix=mix_key,
        bit_rate=bit_rate,
        av=av.__version__,
        options=OPTIONS,
        chunk=CHUNK,
        roll=ROLL,
        packets=packets.FORMAT,
    )


def cached(mix_key: str, bit_rate: int, store: BlobStore | None) -> EncodedAudio | None:
    """The encoded track of a mix made before, if its every chunk is still in the store."""
    if store is None or not mix_key:
        return None
    manifest = store.get(_track_key(mix_key, bit_rate))
    if manifest is None:
        return None
    found: list[Packet] = []
    for key in json.loads(manifest):
        blob = store.get(key)
        if blob is None:
            return None
        found.extend(packets.unpack(blob))
    return EncodedAudio(found, SAMPLE_RATE, bit_rate)


def chunks(samples: int) -> list[tuple[int, int]]:
    """[first, end) AAC frame ranges of a track of `samples` samples per channel."""
    body = max(0, samples - PRIMING)
    frames = -(-body // FRAME) + 1  # the encoder's flush adds one frame
    return [(first, min(first + CHUNK, frames)) for first in range(0, frames, CHUNK)]


def _read(track: AudioTrack, start: int, end: int) -> np.ndarray:
    """Interleaved int16 samples [start, end) of the encoder's input (the track after its
    first PRIMING samples), zero beyond either end."""
    out = np.zeros((end - start, 2), dtype="<i2")
    lo, hi = max(start, 0), min(end, track.samples - PRIMING)
    if hi > lo:
        with wave.open(str(track.path), "rb") as source:
            source.setpos(lo + PRIMING)
            data = np.frombuffer(source.readframes(hi - lo), dtype="<i2").reshape(-1, 2)
        out[lo - start : lo - start + len(data)] = data
    return out


def encode(
    track: AudioTrack,
    bit_rate: int,
    store: BlobStore | None,
    workers: int,
    progress: Callable[[int], None] | None = None,
) -> EncodedAudio:
    """Encode the track chunk by chunk, in `workers` processes, reusing cached chunks."""
    plan = chunks(track.samples)
    last = plan[-1][1] if plan else 0
    keys: list[str] = []
    results: dict[int, list[Packet] | Future[list[Packet]]] = {}
    fresh: set[int] = set()
    pool = process_pool(workers) if workers > 1 and len(plan) > 1 else None
    with pool if pool is not None else nullcontext():
        for index, (first, end) in enumerate(plan):
            start = (first - 1) * FRAME - ROLL  # frame k holds input samples from (k-1)*FRAME
            stop = (end - 1) * FRAME + ROLL if end < last else track.samples - PRIMING
            pcm = _read(track, start, stop).tobytes()
            key = content_key(
                kind="aac-chunk",
                pcm=hashlib.sha256(pcm).hexdigest(),
                bit_rate=bit_rate,
                av=av.__version__,
                options=OPTIONS,
                first=first,
                frames=end - first,
                roll=ROLL,
                packets=packets.FORMAT,
            )
            keys.append(key)
            blob = store.get(key) if store is not None else None
            if blob is not None:
                results[index] = packets.unpack(blob)
            elif pool is not None:
                results[index] = pool.submit(encode_chunk, pcm, first, end - first, bit_rate)
            else:
                results[index] = encode_chunk(pcm, first, end - first, bit_rate)
            if blob is None:
                fresh.add(index)
        track_packets: list[Packet] = []
        for index, key in enumerate(keys):
            result = results.pop(index)
            if isinstance(result, Future):
                result = result.result()
            if store is not None and index in fresh:
                store.put(key, packets.pack(result))
            track_packets.extend(result)
            if progress:
                progress(1)
    if store is not None and track.key:
        store.put(_track_key(track.key, bit_rate), json.dumps(keys).encode())
    return EncodedAudio(track_packets, SAMPLE_RATE, bit_rate)


def encode_chunk(pcm: bytes, first: int, frames: int, bit_rate: int) -> list[Packet]:
    """AAC frames [first, first + frames) of the whole track, from interleaved int16 `pcm`
    that starts ROLL samples before them; runs in a worker process."""
    codec = av.CodecContext.create("aac", "w")
    assert isinstance(codec, av.AudioCodecContext)
    codec.sample_rate, codec.layout, codec.format = SAMPLE_RATE, "stereo", "fltp"
    codec.bit_rate = bit_rate
    codec.options = dict(OPTIONS)
    samples = (np.frombuffer(pcm, dtype="<i2").reshape(-1, 2).T / 32768).astype(np.float32)
    encoded: list[av.Packet] = []
    for at in range(0, samples.shape[1], FRAME):
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(samples[:, at : at + FRAME]), format="fltp", layout="stereo"
        )
        frame.sample_rate = SAMPLE_RATE
        frame.pts = at
        encoded.extend(codec.encode(frame))
    encoded.extend(codec.encode(None))
    skip = 1 + ROLL // FRAME  # the priming frame and the roll-in
    kept = encoded[skip : skip + frames]
    return [
        Packet(bytes(p), (first + i - 1) * FRAME, (first + i - 1) * FRAME, True)
        for i, p in enumerate(kept)
    ]
