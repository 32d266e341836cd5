"""Chunked AAC: chunks decode like one long encode, across their seams, and are cached."""

from __future__ import annotations

import wave
from pathlib import Path

import av
import numpy as np

from renderer.audio import SAMPLE_RATE, AudioTrack
from renderer.encode import aac
from renderer.encode.packets import Packet
from renderer.store import BlobStore


def write_track(path: Path, seconds: float) -> np.ndarray:
    """A speech-like test signal: tone bursts and pauses, loud across the chunk seams."""
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    signal = 0.4 * np.sin(2 * np.pi * 220 * t) * (np.sin(2 * np.pi * 0.7 * t) > -0.3)
    signal += 0.1 * np.sin(2 * np.pi * 1870 * t)
    pcm = (signal * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(np.repeat(pcm[:, None], 2, axis=1).tobytes())
    return pcm.astype(np.float64) / 32768


def decode(packets: list[Packet]) -> np.ndarray:
    encoder = av.CodecContext.create("aac", "w")
    assert isinstance(encoder, av.AudioCodecContext)
    encoder.sample_rate, encoder.layout, encoder.format = SAMPLE_RATE, "stereo", "fltp"
    encoder.open()
    decoder = av.CodecContext.create("aac", "r")
    decoder.extradata = encoder.extradata
    frames = [
        frame.to_ndarray()[0]
        for packet in packets
        for frame in decoder.decode(av.Packet(packet.data))
    ]
    return np.concatenate(frames).astype(np.float64)


def snr(mine: np.ndarray, reference: np.ndarray) -> float:
    error = mine - reference
    return float(10 * np.log10(np.dot(reference, reference) / np.dot(error, error)))


def test_chunks_decode_seamlessly_and_in_time(tmp_path: Path, monkeypatch) -> None:
    seconds = 25.3  # three chunks, the last one short
    reference = write_track(tmp_path / "t.wav", seconds)
    track = AudioTrack(tmp_path / "t.wav", SAMPLE_RATE, len(reference), "")
    sound = aac.encode(track, 192_000, None, workers=2)
    plan = aac.chunks(len(reference))
    assert len(plan) == 3
    assert [packet.pts for packet in sound.packets] == [
        (k - 1) * aac.FRAME for k in range(plan[-1][1])
    ]
    decoded = decode(sound.packets)
    monkeypatch.setattr(aac, "CHUNK", 10_000)
    whole = decode(aac.encode(track, 192_000, None, workers=1).packets)[
        aac.PRIMING : len(reference)
    ]
    # played from 0 with the encoder's delay in place of the track's first PRIMING samples
    # (a silent lead-in in a render), sample i of the decode is sample i of the track
    assert len(decoded) >= len(reference)
    decoded, reference = decoded[aac.PRIMING : len(reference)], reference[aac.PRIMING :]
    assert snr(decoded, reference) > 40
    for first, _ in plan[1:]:  # at a seam, as close to the track as one long encode is
        at = (first - 1) * aac.FRAME - aac.PRIMING
        seam = slice(at - 4096, at + 4096)
        ours, theirs = snr(decoded[seam], reference[seam]), snr(whole[seam], reference[seam])
        assert ours > 40 and ours > theirs - 3, f"seam at frame {first}: {ours:.1f} dB"


def test_chunks_are_cached_and_a_change_reencodes_only_its_chunk(tmp_path: Path) -> None:
    reference = write_track(tmp_path / "t.wav", 25.3)
    track = AudioTrack(tmp_path / "t.wav", SAMPLE_RATE, len(reference), "mix-1")
    store = BlobStore(tmp_path / "cache", "aac")
    first = aac.encode(track, 192_000, store, workers=1)
    assert store.misses == 3
    again = aac.cached("mix-1", 192_000, store)
    assert again is not None and again.packets == first.packets
    # change a second of audio in the last chunk only: the first two chunks are reused
    with wave.open(str(tmp_path / "t.wav"), "rb") as source:
        pcm = np.frombuffer(source.readframes(source.getnframes()), "<i2").copy()
    pcm[2 * SAMPLE_RATE * 22 : 2 * SAMPLE_RATE * 23] = 0
    with wave.open(str(tmp_path / "t.wav"), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(pcm.tobytes())
    store.hits = store.misses = 0
    edited = aac.encode(
        AudioTrack(track.path, SAMPLE_RATE, track.samples, "mix-2"), 192_000, store, workers=1
    )
    assert (store.hits, store.misses) == (2, 1)
    assert edited.packets[: 2 * aac.CHUNK] == first.packets[: 2 * aac.CHUNK]
    assert edited.packets[2 * aac.CHUNK :] != first.packets[2 * aac.CHUNK :]
