"""Stage: encoded GOPs + AAC packets (+ captions, chapters) -> one MP4 file.

moov first (fast start), no edit lists, B-frame reordering expressed with negative
composition offsets so that the first frame is shown at 0.000 like the audio; captions as a
soft mov_text track, chapters as MP4 chapters, the title and language as metadata.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av

from renderer.atomic import atomic_path
from renderer.config import VideoSpec
from renderer.encode.aac import EncodedAudio
from renderer.encode.packets import Packet
from renderer.outputs.captions import Caption
from renderer.outputs.chapters import Chapter
from renderer.timeline import Timeline

LANGUAGES = {"en": "eng", "hi": "hin"}
"""Article language -> the ISO 639-2 code MP4 tracks carry."""


@dataclass(frozen=True)
class Extras:
    """What goes into the MP4 besides picture and sound."""

    title: str = ""
    language: str = ""
    captions: list[Caption] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)


def mux(
    video: list[tuple[int, list[Packet]]],
    sound: EncodedAudio,
    spec: VideoSpec,
    timeline: Timeline,
    path: Path,
    extras: Extras,
) -> None:
    """Write `video` (each GOP's packets with its first frame) and `sound` to `path`."""
    fps = timeline.fps
    tick = fps.denominator * 512
    time_base = Fraction(1, fps.numerator * 512)  # 1/15360 at 30 fps
    audio_base = Fraction(1, sound.sample_rate)
    language = LANGUAGES.get(extras.language, "und")
    options = {"movflags": "+faststart+negative_cts_offsets", "use_editlist": "0"}
    with av.open(str(path), "w", format="mp4", options=options) as container:
        if extras.title:
            container.metadata["title"] = extras.title
        stream = container.add_mux_stream(
            "h264", rate=fps, width=spec.width, height=spec.height, time_base=time_base
        )
        # An AAC stream with an (unused) encoder of the same parameters as the workers': it
        # gives the MP4 its AudioSpecificConfig; the packets themselves come from the workers.
        aac = container.add_stream("aac", rate=sound.sample_rate)
        assert isinstance(aac, av.audio.stream.AudioStream)
        aac.layout = "stereo"
        aac.bit_rate = sound.bit_rate
        aac.metadata["language"] = language
        text = None
        if extras.captions:
            text = container.add_mux_stream("mov_text", time_base=Fraction(1, 1000))
            text.metadata["language"] = language
        if extras.chapters:
            container.set_chapters(
                [
                    {
                        "id": i + 1,
                        "start": round(c.start * 1000),
                        "end": round(c.end * 1000),
                        "time_base": Fraction(1, 1000),
                        "metadata": {"title": c.title},
                    }
                    for i, c in enumerate(extras.chapters)
                ]
            )
        pending = iter(sound.packets)
        next_audio = next(pending, None)
        for start, gop in video:
            for item in gop:
                packet = av.Packet(item.data)
                packet.stream = stream
                packet.time_base = time_base
                packet.pts = (start + item.pts) * tick
                packet.dts = (start + item.dts) * tick
                packet.is_keyframe = item.keyframe
                container.mux_one(packet)
            horizon = (start + len(gop)) / fps
            while next_audio is not None and next_audio.pts * audio_base < horizon:
                container.mux_one(_audio_packet(next_audio, aac, audio_base))
                next_audio = next(pending, None)
        while next_audio is not None:
            container.mux_one(_audio_packet(next_audio, aac, audio_base))
            next_audio = next(pending, None)
        if text is not None:
            for cue in extras.captions:
                container.mux_one(_text_packet(cue, text))


def mux_audio(sound: EncodedAudio, path: Path, language: str = "") -> Path:
    """`sound` alone as an M4A file a browser plays (the MP4's own AAC packets), written
    through a temporary file."""
    with atomic_path(path) as partial:
        with av.open(
            str(partial), "w", format="ipod", options={"movflags": "+faststart"}
        ) as container:
            aac = container.add_stream("aac", rate=sound.sample_rate)
            assert isinstance(aac, av.audio.stream.AudioStream)
            aac.layout = "stereo"
            aac.bit_rate = sound.bit_rate
            aac.metadata["language"] = LANGUAGES.get(language, "und")
            base = Fraction(1, sound.sample_rate)
            for item in sound.packets:
                container.mux_one(_audio_packet(item, aac, base))
    return path


def _audio_packet(item: Packet, stream: av.stream.Stream, time_base: Fraction) -> av.Packet:
    packet = av.Packet(item.data)
    packet.stream = stream
    packet.time_base = time_base
    packet.pts, packet.dts = item.pts, item.dts
    packet.duration = 1024
    return packet


def _text_packet(cue: Caption, stream: av.stream.Stream) -> av.Packet:
    """A 3GPP timed-text sample: the UTF-8 text after its 16-bit length."""
    body = "\n".join(cue.lines).encode("utf-8")
    packet = av.Packet(struct.pack(">H", len(body)) + body)
    packet.stream = stream
    packet.time_base = Fraction(1, 1000)
    packet.pts = packet.dts = round(cue.start * 1000)
    packet.duration = round(cue.end * 1000) - round(cue.start * 1000)
    return packet
