from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from renderer.article import Article, load_article
from renderer.storyboard import Storyboard, build_storyboard

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "articles" / "asynchronous-job.yaml"
MEDIA = Path(__file__).resolve().parent / "fixtures" / "media" / "media.yaml"


@pytest.fixture(scope="session")
def article() -> Article:
    return load_article(BUNDLED)


@pytest.fixture(scope="session")
def storyboard(article: Article) -> Storyboard:
    return build_storyboard(article)


@pytest.fixture(scope="session")
def media_storyboard() -> Storyboard:
    """The media fixture: a picture, a picture beside points, code with steps."""
    from renderer.media import check_media

    article = load_article(MEDIA)
    return build_storyboard(article, check_media(article, MEDIA))


@pytest.fixture(scope="session")
def phone_storyboards(article: Article) -> tuple[Storyboard, Storyboard]:
    """The bundled and media storyboards as a vertical render plans them (long tables
    and glossaries a page a step)."""
    from renderer.media import check_media
    from renderer.reveals import PHONE_PAGE

    media = load_article(MEDIA)
    return (
        build_storyboard(article, page=PHONE_PAGE),
        build_storyboard(media, check_media(media, MEDIA), page=PHONE_PAGE),
    )


@pytest.fixture(scope="session")
def media_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The media fixture rendered once, silent, at 720p (tests of pictures, motion and
    clips look at its frames)."""
    from renderer.config import RenderConfig

    from .rendering import render_file

    work = tmp_path_factory.mktemp("media-video")
    config = RenderConfig(
        out_dir=work / "out", cache_dir=work / "cache", preset="youtube-720p", narration=False
    )
    result = render_file(MEDIA, config)
    assert result.slides == 6
    return result.video


@pytest.fixture
def write_article(tmp_path: Path):
    """Write YAML text to a file and return its path."""

    def write(text: str | bytes, name: str = "article.yaml") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.png from the current painters",
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright (the web pages' tests)."""
    from playwright.sync_api import sync_playwright

    from .browser import ARGS, CHROMIUM

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()
