"""What the studio page shows of an article, made again each time its files change.

`Studio.refresh` reads and plans the article as a render does (the same errors, the same
warnings), draws every reveal step with the render's painter and theme (unchanged slides come
from the picture cache, so one edited slide costs one slide's drawing) and gives the page its
state: each slide's pictures, narration (as written and as the voice is given it), article
line and warnings; or the error, with the last good slides kept. `Studio.voice` then speaks
what changed and gives each slide its sentences' sound, to hear at once; `Studio.speak`
makes the web player's pages of the whole video from the cached narration. Pictures and
sounds are files named by their content, so the page never shows a stale one.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import shutil
import threading
import wave
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from renderer.article import read_article
from renderer.atomic import write_bytes
from renderer.config import RenderConfig
from renderer.errors import ArticleError, RendererError
from renderer.narration.model import SpokenSentence
from renderer.narration.speak import narrate, spoken_sentences
from renderer.plan import RenderPlan, make_plan
from renderer.raster import rasterize
from renderer.storyboard_model import SlideKind, Storyboard
from renderer.web.languages import parts_in

SLIDE_WARNING = re.compile(r"^slide (\d+)\b")


@dataclass
class State:
    """The page's view of the article (JSON for the page)."""

    version: int = 0
    error: dict[str, Any] | None = None
    slides: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    changed: int | None = None
    """The first slide that changed in the last refresh (the page scrolls to it)."""
    player: str = ""
    """The web player's address for this version, once its pages are made."""
    title: str = ""
    article: str = ""
    """The article's path, as file:line references name it."""

    def as_json(self) -> dict[str, Any]:
        """A copy (the threads that send it never see it change)."""
        return asdict(self)


class Studio:
    """One article, refreshed on demand (one refresh at a time)."""

    def __init__(self, article: Path, config: RenderConfig, folder: Path) -> None:
        self.article = article
        self.config = config.with_options(out_dir=folder / "web")
        """The render's settings, its pages made in the studio's folder."""
        self.folder = folder
        """Where the studio keeps what it serves: pictures/, web/."""
        self.state = State(article=str(article))
        self.plan: RenderPlan | None = None
        self.planned = 0
        """The version the current plan will be shown as."""
        self.drawing = threading.Lock()
        """Held while a refresh plans and draws (one at a time)."""
        self.lock = threading.Lock()
        """Held while the state or the plan change (briefly)."""
        self.sounds: dict[int, list[str]] = {}
        """Each slide's sentences' sounds for the version `sounds_for`."""
        self.sounds_for = 0
        self.said: dict[int, tuple[str, ...]] = {}
        """Each slide's narration when last spoken (to speak an edited slide first)."""
        for kind in ("pictures", "sounds"):
            (folder / kind).mkdir(parents=True, exist_ok=True)

    def refresh(self, planned: Callable[[], None] = lambda: None) -> State:
        """Plan and draw the article again; the new state (or the error, slides kept).
        `planned` is called once the plan is made, before the drawing: the voice may start."""
        with self.drawing, _caught_warnings() as caught:
            previous = {s["number"]: s["keys"] for s in self.state.slides}
            try:
                plan = make_plan(self.article, self.config, check=False, warn=False)
            except RendererError as exc:
                return self._failed(exc)
            with self.lock:
                self.plan, self.planned = plan, self.state.version + 1
            planned()
            try:
                slides = self._slides(plan)
            except RendererError as exc:
                return self._failed(exc)
            _durations(slides, _estimated(plan), spoken=False)
            warnings = [*plan.warnings, *caught]
            for slide in slides:
                slide["warnings"] = [w for w in warnings if _slide_of(w) == slide["number"]]
            changed = next(
                (s["number"] for s in slides if previous.get(s["number"]) != s["keys"]), None
            )
            with self.lock:
                self.state = State(
                    version=self.planned,
                    slides=slides,
                    warnings=[{"text": w, "slide": _slide_of(w)} for w in warnings],
                    changed=changed,
                    title=str(plan.article.title),
                    article=str(self.article),
                )
                self._attach()
                return self.state

    def _failed(self, exc: RendererError) -> State:
        with self.lock:
            self.plan = None
            self.state = replace(
                self.state,
                version=self.state.version + 1,
                error=_error(exc, self.article),
                changed=None,
            )
            self.planned = self.state.version
            return self.state

    def voice(self, first: Callable[[dict[int, list[str]]], None] = lambda found: None) -> State:
        """Every sentence spoken (from the cache; only new ones are synthesised, here, with
        the voice kept loaded between saves) and each slide's sentences as WAV files to
        play on the page: an edited sentence is heard as soon as the voice has said it. The
        slides whose narration changed are spoken first (`first` is given their sounds, by
        slide number, before the pictures may be drawn)."""
        with self.lock:
            plan, version = self.plan, self.planned
        if plan is None:
            return self.state
        board = plan.storyboard
        texts = {s.number: tuple(c.text for c in s.cues) for s in board.slides}
        edited = [s for s in board.slides if self.said.get(s.number) != texts[s.number]]
        if edited and len(edited) < len(board.slides):
            first(self._voice(plan, replace(board, slides=tuple(edited)), version))
        self._voice(plan, board, version)
        self.said = texts
        return self.state

    def _voice(self, plan: RenderPlan, board: Storyboard, version: int) -> dict[int, list[str]]:
        narration = narrate(board, plan.voice, plan.speech_cache(), workers=1)
        found = {
            slide.number: [
                self._sound(s) for cue in spoken.cues for s in cue.sentences if s.speech.seconds
            ]
            for slide, spoken in zip(board.slides, narration.slides, strict=True)
        }
        with self.lock:
            if self.sounds_for != version:
                self.sounds, self.sounds_for = {}, version
            self.sounds.update(found)
            self._attach()
        return found

    def _attach(self) -> None:
        """The sounds made for the version shown, on its slides (under the lock)."""
        if self.sounds_for == self.state.version:
            for slide in self.state.slides:
                if slide["number"] in self.sounds:
                    slide["sounds"] = self.sounds[slide["number"]]

    def _sound(self, sentence: SpokenSentence) -> str:
        """A sentence's speech as a WAV file named by its content; its address."""
        speech = sentence.speech
        key = sentence.key or hashlib.sha256(speech.samples.tobytes()).hexdigest()
        name = f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.wav"
        target = self.folder / "sounds" / name
        if not target.exists():
            buffer = io.BytesIO()
            with wave.open(buffer, "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(speech.sample_rate)
                out.writeframes(speech.samples.astype("<i2").tobytes())
            write_bytes(target, buffer.getvalue(), durable=False)
        return f"sounds/{name}"

    def speak(self, web: Callable[[RenderPlan], Path]) -> State:
        """The web player's pages for the current plan (narration from the cache; only what
        changed is spoken), once its pictures are drawn; its address in the state."""
        with self.drawing, self.lock:
            plan, version = self.plan, self.state.version
        if plan is None or version != self.planned:
            return self.state
        folder = web(plan)
        timing = parts_in(folder)
        with self.lock:
            if self.state.version == version:  # not overtaken by a newer refresh
                self.state.player = f"web/{folder.name}/index.html?v={version}"
                if timing:
                    _durations(self.state.slides, timing[0].data, spoken=True)
            return self.state

    def _slides(self, plan: RenderPlan) -> list[dict[str, Any]]:
        """Every slide: its pictures (by content), narration, source line."""
        board = plan.storyboard
        scratch = self.folder / "scratch"
        images = rasterize(
            board,
            plan.spec,
            plan.theme,
            scratch,
            store=plan.store("slides"),
            workers=self.config.workers,
            suffix=".png",
        )
        names: list[list[str]] = []
        for row, keys in zip(images.paths, images.keys or (), strict=True):
            names.append([])
            for path, key in zip(row, keys, strict=True):
                name = f"{key[:24]}.png"
                target = self.folder / "pictures" / name
                if not target.exists():
                    shutil.copyfile(path, target)
                names[-1].append(name)
        said: dict[int, list[dict[str, str]]] = {}
        for number, text, spoken in spoken_sentences(board, plan.voice):
            said.setdefault(number, []).append({"text": text, "spoken": spoken})
        lines = _lines(self.article, board)
        return [
            {
                "number": slide.number,
                "kind": slide.kind.value,
                "label": slide.label,
                "title": slide.title,
                "keys": names[index],
                "pictures": [f"pictures/{name}" for name in names[index]],
                "narration": said.get(slide.number, []),
                "line": lines.get(slide.number),
            }
            for index, slide in enumerate(board.slides)
        ]


def _estimated(plan: RenderPlan) -> dict[str, Any]:
    """The timeline at reading pace, as the page data gives it (slide starts, frames)."""
    timeline = plan.estimate
    return {
        "fps": [timeline.fps.numerator, timeline.fps.denominator],
        "frames": timeline.total_frames,
        "slides": [{"start": start} for start in timeline.slide_starts],
    }


def _durations(slides: list[dict[str, Any]], data: dict[str, Any], spoken: bool) -> None:
    """Each slide's seconds from a timeline as page data (`spoken`: the voice's, else at
    reading pace)."""
    fps = data["fps"][0] / data["fps"][1]
    starts = [s["start"] for s in data["slides"]] + [data["frames"]]
    for slide, start, end in zip(slides, starts, starts[1:], strict=False):
        slide["seconds"] = round((end - start) / fps, 1)
        slide["spoken"] = spoken


def _lines(article: Path, board: Storyboard) -> dict[int, int]:
    """The article line each slide comes from (its section's, the title's for the title
    slide), where the reader kept it."""
    try:
        data, marks, _ = read_article(article)
    except ArticleError:
        return {}
    found: dict[int, int] = {}
    sections = [s for s in data.get("sections") or [] if isinstance(s, dict)]
    for slide in board.slides:
        if slide.kind is SlideKind.TITLE and ("title",) in marks:
            found[slide.number] = marks[("title",)][0]
            continue
        for index, section in enumerate(sections):
            if (
                str(section.get("title", "")).strip() == slide.title
                and ("sections", index) in marks
            ):
                found[slide.number] = marks[("sections", index)][0]
                break
    return found


def _error(exc: RendererError, article: Path) -> dict[str, Any]:
    """An error as the CLI words it, with where it is."""
    location = getattr(exc, "location", None)
    return {
        "text": exc.render(),
        "file": str(location.path) if location else str(article),
        "line": location.line if location else None,
        "field": getattr(exc, "field", None),
    }


def _slide_of(warning: str) -> int | None:
    match = SLIDE_WARNING.match(warning)
    return int(match.group(1)) if match else None


@contextmanager
def _caught_warnings() -> Iterator[list[str]]:
    """The warnings logged meanwhile (a slide's text cut short, a picture too small)."""
    caught: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            caught.append(record.getMessage())

    handler = Catch(level=logging.WARNING)
    root = logging.getLogger("renderer")
    root.addHandler(handler)
    try:
        yield caught
    finally:
        root.removeHandler(handler)
