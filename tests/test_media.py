"""Pictures and code in slides: bad media is one clear error before rendering, every kind of
picture is drawn upright in RGBA, cache keys follow a picture's bytes, and code steps
highlight the lines they speak about."""

from __future__ import annotations

import io
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from renderer import media
from renderer.article import load_article
from renderer.config import RenderConfig, VideoSpec
from renderer.errors import ArticleError
from renderer.plan import make_plan
from renderer.raster import paint_slide, slide_key
from renderer.raster.canvas import background
from renderer.storyboard import SlideKind, Storyboard, build_storyboard, code_window
from renderer.theme import load_theme

from .test_cli import run

ARTICLE = """\
title: Pictures
summary: A picture slide.
sections:
  - title: The picture
    image: {src}
"""


def article_with(
    tmp_path: Path, name: str, data: bytes | None = None, src: str | None = None
) -> Path:
    if data is not None:
        (tmp_path / name).write_bytes(data)
    path = tmp_path / "article.yaml"
    path.write_text(ARTICLE.format(src=src or name), encoding="utf-8")
    return path


def picture(
    mode: str = "RGB", size: tuple[int, int] = (64, 40), fmt: str = "PNG", **save: object
) -> bytes:
    colour = {
        "RGB": (200, 80, 40),
        "RGBA": (200, 80, 40, 128),
        "CMYK": (0, 120, 200, 0),
        "L": 128,
        "LA": (128, 200),
        "1": 1,
        "P": 3,
        "I;16": 40000,
    }[mode]
    image = Image.new(mode, size, colour)  # type: ignore[arg-type]
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def error(path: Path) -> ArticleError:
    article = load_article(path)
    with pytest.raises(ArticleError) as caught:
        media.check_media(article, path)
    return caught.value


@pytest.mark.parametrize(
    ("name", "data", "src", "says"),
    [
        ("x.png", None, "../outside.png", "outside the article's folder"),
        ("x.png", None, "missing.png", "not found"),
        ("x.png", b"not a picture at all", None, "not a picture Pillow can read"),
        ("x.jpg", picture(fmt="JPEG")[:-200], None, "damaged or truncated"),
        ("x.bmp", picture(fmt="BMP"), None, "a BMP file"),
        ("x.png", picture("1", (7000, 6000)), None, "more than 40 megapixels"),
    ],
)
def test_bad_pictures_are_one_clear_error(
    tmp_path: Path, name: str, data: bytes | None, src: str | None, says: str
) -> None:
    found = error(article_with(tmp_path, name, data, src))
    assert says in found.message and found.hint
    assert found.location.line == 5 and found.field == "sections[0].image.src"


def test_a_file_too_large_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(media, "MAX_IMAGE_BYTES", 100)
    assert "MB; at most" in error(article_with(tmp_path, "x.png", picture())).message


def test_bad_media_stops_render_and_validate_with_exit_2(tmp_path: Path, capsys) -> None:
    path = article_with(tmp_path, "x.png", b"\x89PNG\r\n\x1a\n broken")
    for command in (
        ["validate", str(path)],
        [str(path), "--out", str(tmp_path / "out"), "--no-narration"],
    ):
        code, _, err = run(command, capsys)
        assert code == 2 and "article.yaml:5" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize(
    ("mode", "fmt"),
    [
        ("RGB", "JPEG"),
        ("CMYK", "JPEG"),
        ("L", "PNG"),
        ("LA", "PNG"),
        ("P", "PNG"),
        ("I;16", "PNG"),
        ("RGBA", "WEBP"),
        ("P", "GIF"),
        ("1", "PNG"),
    ],
)
def test_every_kind_of_picture_opens_as_rgba(tmp_path: Path, mode: str, fmt: str) -> None:
    path = tmp_path / f"x.{fmt.lower()}"
    path.write_bytes(picture(mode, fmt=fmt))
    assert media.probe_image(path) == (64, 40)
    image = media.open_image(path)
    assert image.mode == "RGBA" and image.size == (64, 40)


def test_exif_orientation_is_honoured(tmp_path: Path) -> None:
    image = Image.new("RGB", (80, 40), (255, 0, 0))
    image.paste((0, 0, 255), (0, 0, 40, 40))  # blue on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # stored on its side: turn 90 degrees clockwise to view
    path = tmp_path / "turned.jpg"
    image.save(path, exif=exif, quality=95)
    assert media.probe_image(path) == (40, 80)
    upright = np.asarray(media.open_image(path).convert("RGB"), dtype=int)
    assert upright.shape == (80, 40, 3)
    assert upright[5, 20, 2] > 200 and upright[75, 20, 0] > 200  # blue on top now


def test_transparency_is_composed_over_the_theme(tmp_path: Path) -> None:
    clear = tmp_path / "clear.png"
    Image.new("RGBA", (200, 120), (255, 0, 0, 0)).save(clear)
    path = article_with(tmp_path, "clear.png")
    article = load_article(path)
    board = build_storyboard(article, media.check_media(article, path))
    slide = board.slides[1]
    theme = load_theme()
    frame = np.asarray(paint_slide(board, slide, 0, VideoSpec(640, 360), theme), dtype=int)
    plain = np.asarray(background(640, 360, theme).convert("RGB"), dtype=int)
    middle = (slice(150, 250), slice(220, 420))  # where the picture is drawn
    assert np.abs(frame[middle] - plain[middle]).max() <= 2, (
        "a fully transparent picture leaves the theme showing"
    )
    (tmp_path / "clear.png").write_bytes(picture("RGBA", (200, 120)))  # half transparent red
    article = load_article(path)
    board = build_storyboard(article, media.check_media(article, path))
    frame = np.asarray(
        paint_slide(board, board.slides[1], 0, VideoSpec(640, 360), theme), dtype=int
    )
    red = frame[200, 320]
    assert 90 < red[0] < 160 and red[1] < 90, f"blended over the theme: {red}"


def test_picture_cache_keys_follow_the_bytes(tmp_path: Path) -> None:
    path = article_with(tmp_path, "x.png", picture())
    config = RenderConfig(out_dir=tmp_path / "out", narration=False)
    first = make_plan(path, config)
    (tmp_path / "x.png").write_bytes(picture(size=(64, 41)))
    second = make_plan(path, config)
    spec, theme = VideoSpec(640, 360), load_theme()

    def key(board: Storyboard, number: int) -> str:
        return slide_key(board, board.slides[number], 0, spec, theme)

    assert key(first.storyboard, 1) != key(second.storyboard, 1)
    assert key(first.storyboard, 0) == key(second.storyboard, 0)
    assert first.inputs != second.inputs, "a batch re-renders an article whose picture changed"


def test_code_steps_highlight_and_scroll(media_storyboard: Storyboard) -> None:
    slide = next(s for s in media_storyboard.slides if s.kind is SlideKind.CODE)
    assert slide.steps == 3
    assert [(c.step, c.text) for c in slide.cues] == [
        (0, "Retry with backoff."),
        (1, "retry takes a job and a number of attempts."),
        (2, "Each failure waits twice as long as the one before."),
    ]
    assert code_window(slide.body, 0) == (0, set())  # type: ignore[arg-type]
    assert code_window(slide.body, 2) == (0, {6, 7, 8, 9})  # type: ignore[arg-type]


def test_long_code_turns_a_page_a_step(tmp_path: Path) -> None:
    source = "\n".join(f"line_{i} = {i}" for i in range(1, 41))
    path = tmp_path / "code.yaml"
    path.write_text(
        "title: Long\nsummary: Long code.\nsections:\n  - title: Code\n"
        "    code:\n      language: python\n      source: |\n"
        + "".join(f"        {line}\n" for line in source.splitlines())
    )
    board = build_storyboard(load_article(path))
    slide = board.slides[1]
    assert slide.steps == 3 and [c.min_seconds for c in slide.cues][-2:] == [4.0, 4.0]
    assert code_window(slide.body, 2) == (32, set())  # type: ignore[arg-type]
    frame = paint_slide(board, slide, 2, VideoSpec(1280, 720), load_theme())
    assert frame.size == (1280, 720)


@pytest.mark.parametrize(
    ("code", "says", "field"),
    [
        (
            "{language: pyhton, source: 'x = 1'}",
            "unknown language 'pyhton'",
            "sections[0].code.language",
        ),
        (
            "{source: 'x = 1', steps: [{lines: '2'}]}",
            "line 2 is not in the code",
            "sections[0].code.steps[0].lines",
        ),
        (
            "{source: 'x = 1', steps: [{lines: 'two'}]}",
            "invalid form",
            "sections[0].code.steps[0].lines",
        ),
    ],
)
def test_code_mistakes(tmp_path: Path, code: str, says: str, field: str) -> None:
    path = tmp_path / "code.yaml"
    path.write_text(f"title: Code\nsummary: Code.\nsections:\n  - title: C\n    code: {code}\n")
    with pytest.raises(ArticleError) as caught:
        load_article(path)
    assert says in caught.value.message and caught.value.field == field
    assert caught.value.location.line == 5


def test_a_media_article_renders(media_video: Path) -> None:
    with av.open(str(media_video)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (1280, 720) and stream.frames > 300
