"""Media files an article shows (pictures and clips): found, safe and readable before
anything renders, and opened the one way every painter uses.

Like music, a picture must sit inside the article's folder. A file too large, with too many
pixels (Pillow's decompression-bomb guard is set here, explicitly), of a kind other than PNG,
JPEG, WebP or GIF, damaged or truncated is one clear error naming its field and file (exit 2),
from `render` and `validate` alike; so is a clip that does not decode (one that is really a
still picture, whatever its name, is told so), or whose trim falls outside it or plays more
than 5 minutes. Pictures are turned upright by their EXIF orientation and
into RGBA, whatever they were: CMYK, 16-bit grey, palette or with transparency.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from renderer.article import Article, locate
from renderer.article.explain import format_path
from renderer.article.rules import inside
from renderer.errors import ArticleError

MAX_IMAGE_BYTES = 50_000_000
"""A picture file larger than this is refused."""
MAX_IMAGE_PIXELS = 40_000_000
"""Pixels a picture may have (40 megapixels; a 4K frame has 8.3)."""
IMAGE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG", "WEBP": "WebP", "GIF": "GIF"}
"""Pillow's format names of the pictures a slide shows, and what a person calls them."""


MAX_VIDEO_BYTES = 500_000_000
"""A clip file larger than this is refused."""
MAX_CLIP_SECONDS = 300.0
"""The longest a clip may play (after trimming)."""


@dataclass(frozen=True)
class MediaFile:
    """A checked media file: where it is and the hash of its bytes (cache keys use it)."""

    path: Path
    digest: str
    width: int
    height: int
    duration: float = 0.0
    """Seconds (clips)."""
    has_audio: bool = False
    """The clip has a sound track."""


def media_fields(article: Article) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """Every media file an article names: its field, its name and its kind."""
    for i, section in enumerate(article.sections):
        if section.image is not None:
            yield ("sections", i, "image", "src"), section.image.src, "picture"
        if section.video is not None:
            yield ("sections", i, "video", "src"), section.video.src, "clip"


def check_media(article: Article, article_path: Path) -> dict[str, MediaFile]:
    """Check every media file of an article; the files by the name the article gives."""
    found: dict[str, MediaFile] = {}
    folder = article_path.parent.resolve()
    for field, src, kind in media_fields(article):
        if src in found:
            _check_trim(article, field, found[src], article_path)
            continue

        def fail(message: str, hint: str, field: tuple[str | int, ...] = field) -> None:
            raise ArticleError(
                message, location=locate(article_path, field), field=format_path(field), hint=hint
            )

        path = (article_path.parent / src).resolve()
        if not inside(path, folder):
            fail(
                f"{kind} '{src}' is outside the article's folder",
                "put it next to the article (or in a folder below it)",
            )
        if not path.is_file():
            fail(f"{kind} '{src}' not found", "give a path relative to the article's folder")
        size, most = path.stat().st_size, MAX_IMAGE_BYTES if kind == "picture" else MAX_VIDEO_BYTES
        if size > most:
            fail(
                f"{kind} '{src}' is {size / 1e6:.0f} MB; at most {most / 1e6:.0f} MB",
                "save it smaller (a slide is 1920 wide)",
            )
        try:
            if kind == "picture":
                width, height = probe_image(path)
                duration, sound = 0.0, False
            else:
                width, height, duration, sound = probe_video(path)
        except MediaError as exc:
            fail(f"{kind} '{src}': {exc}", exc.hint)
        found[src] = MediaFile(path, _digest(path), width, height, duration, sound)
        _check_trim(article, field, found[src], article_path)
    return found


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_trim(
    article: Article, field: tuple[str | int, ...], clip: MediaFile, article_path: Path
) -> None:
    """A clip's start and end fall inside its file, and it plays at most MAX_CLIP_SECONDS."""
    if field[2] != "video":
        return
    video = article.sections[int(field[1])].video
    assert video is not None
    end = video.end if video.end is not None else clip.duration
    at = field[:3]
    problem = None
    if video.start >= clip.duration:
        problem = (
            (*at, "start"),
            f"start {video.start:g} s is past the clip's end ({clip.duration:.1f} s)",
        )
    elif end > clip.duration + 0.05:
        problem = ((*at, "end"), f"end {end:g} s is past the clip's end ({clip.duration:.1f} s)")
    elif end - video.start > MAX_CLIP_SECONDS:
        problem = (
            (*at, "end"),
            f"the clip plays {end - video.start:.0f} s; at most {MAX_CLIP_SECONDS:.0f} s",
        )
    if problem:
        raise ArticleError(
            problem[1],
            location=locate(article_path, problem[0]),
            field=format_path(problem[0]),
            hint="give start and end in seconds into the file",
        )


def probe_video(path: Path) -> tuple[int, int, float, bool]:
    """A clip's frame size, duration and whether it has sound, once its first frame is
    known to decode."""
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise MediaError("holds no video", "give a video file (MP4, MOV, WebM, MKV)")
            stream = container.streams.video[0]
            duration = (
                float(stream.duration * stream.time_base)
                if stream.duration and stream.time_base
                else (container.duration or 0) / 1_000_000
            )
            frame = next(container.decode(video=0), None)
            if frame is None or duration <= 0:
                raise _picture(path) or MediaError(
                    "no frame could be decoded", "save the clip again from its source"
                )
            return frame.width, frame.height, duration, bool(container.streams.audio)
    except MediaError:
        raise
    except (av.error.FFmpegError, OSError, ValueError, StopIteration) as exc:
        raise _picture(path) or MediaError(
            f"not a video PyAV can read ({type(exc).__name__})", "convert it to MP4 (H.264)"
        ) from None


MOVING_FORMATS = frozenset({"MPEG", "FLI"})
"""Pillow's names of formats that are video, not pictures (it reads their first frame)."""


def _picture(path: Path) -> MediaError | None:
    """The error for a clip that does not play because it is a still picture (a PNG named
    .mp4, a one-frame GIF), known by its content, as Pillow opens it; else None."""
    try:
        with Image.open(path) as image:
            kind = image.format
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    if not kind or kind in MOVING_FORMATS:
        return None
    return MediaError(
        f"a {IMAGE_FORMATS.get(kind, kind)} picture, not a video",
        "show it as the section's picture: 'image: {src: ...}' in place of "
        "'video:' (to play an animation, convert it to MP4)",
    )


class MediaError(Exception):
    """A media file that cannot be used, and what to do about it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def probe_image(path: Path) -> tuple[int, int]:
    """The size of a picture after its EXIF turn, once it is known to decode whole."""
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS  # Pillow's bomb guard, set explicitly
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind = image.format or "?"
                if kind not in IMAGE_FORMATS:
                    raise MediaError(
                        f"a {kind} file; pictures may be PNG, JPEG, WebP or GIF",
                        "convert it to PNG or JPEG",
                    )
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise MediaError(
                        f"{image.width}x{image.height} pixels is more than "
                        f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels",
                        "scale it down (a slide is 1920x1080)",
                    )
                image.load()  # decodes every byte: a truncated file fails here
                upright = ImageOps.exif_transpose(image)
                return upright.width, upright.height
    except MediaError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise MediaError(
            f"more than {MAX_IMAGE_PIXELS // 1_000_000} megapixels",
            "scale it down (a slide is 1920x1080)",
        ) from None
    except UnidentifiedImageError:
        raise MediaError(
            "not a picture Pillow can read (damaged, or not an image)",
            "open it in an image editor and save it as PNG or JPEG",
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise MediaError(
            f"damaged or truncated ({exc})", "save the picture again from its source"
        ) from None


def open_image(path: Path) -> Image.Image:
    """A picture as RGBA, upright: CMYK, 16-bit, palette and grey pictures converted, and
    transparency kept (the painter composes it over the theme)."""
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    with Image.open(path) as image:
        image.load()
        upright = ImageOps.exif_transpose(image)
    if upright.mode in ("I;16", "I;16B", "I;16L", "I"):  # 16-bit grey: scale to 8 bits
        upright = upright.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if upright.mode == "CMYK":
        upright = upright.convert("RGB")
    return upright.convert("RGBA")
