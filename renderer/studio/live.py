"""The studio's moving parts: the files watched (watchfiles), the refresh on each save (the
slides' pictures first, then the narration and the player), the Render button's render (one
at a time: a second press while one runs is queued, never run beside it), each step told to
the open pages as it happens (`server.Hub`)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from renderer.errors import RendererError
from renderer.plan import RenderPlan
from renderer.progress import Advance
from renderer.studio.server import Site
from renderer.studio.state import Studio

log = logging.getLogger(__name__)

Render = Callable[[Any], Path]
"""Renders with a reporter; gives the video's path (`pipeline.render` of a new plan)."""


class Live:
    """Keeps the pages in step with the article's files."""

    def __init__(
        self,
        studio: Studio,
        site: Site,
        web: Callable[[RenderPlan, Any], Path],
        render: Render,
    ) -> None:
        self.studio, self.site, self.web, self.render_with = studio, site, web, render
        self.stop = threading.Event()
        self.saved = threading.Event()
        self.to_speak = threading.Event()
        self.rendering = threading.Lock()
        self.pending = False
        self.running = False

    def start(self, paths: list[Path], ignore: list[Path]) -> None:
        """Refresh now, then on every change of `paths` (not of what is under `ignore`)."""
        for job in (self._refreshing, self._speaking):
            threading.Thread(target=job, daemon=True).start()
        threading.Thread(target=self._watching, args=(paths, ignore), daemon=True).start()
        self.saved.set()

    def close(self) -> None:
        self.stop.set()
        self.saved.set()
        self.to_speak.set()
        self.site.hub.close()

    def _watching(self, paths: list[Path], ignore: list[Path]) -> None:
        import watchfiles

        skipped = [os.path.abspath(p) for p in ignore]

        def wanted(change: watchfiles.Change, path: str) -> bool:
            del change
            where = os.path.abspath(path)  # not resolved: a link loop is just a name here
            return not any(where == p or where.startswith(p + os.sep) for p in skipped)

        for _ in watchfiles.watch(
            *paths,
            watch_filter=wanted,
            stop_event=self.stop,
            debounce=400,
            step=30,
            recursive=False,
        ):
            self.saved.set()

    def _refreshing(self) -> None:
        while self.saved.wait() and not self.stop.is_set():
            self.saved.clear()
            try:
                state = self.studio.refresh(planned=self.to_speak.set)
            except Exception as exc:  # the server never dies on one save's trouble
                log.exception("studio: refresh failed")
                self.site.hub.publish("notice", {"text": f"error: {exc}"})
                continue
            self.site.hub.publish("state", state.as_json())

    def _speaking(self) -> None:
        while self.to_speak.wait() and not self.stop.is_set():
            self.to_speak.clear()
            try:
                state = self.studio.voice(first=self._sounds)
                self._publish(state)
                state = self.studio.speak(self._web)
            except RendererError as exc:
                self.site.hub.publish("notice", {"text": exc.render()})
                continue
            except Exception as exc:  # the server never dies on one article's trouble
                log.exception("studio: narration failed")
                self.site.hub.publish("notice", {"text": f"narration failed: {exc}"})
                continue
            self.site.hub.publish("speak", {"status": "done"})
            self.site.hub.publish("state", state.as_json())

    def _sounds(self, found: dict[int, list[str]]) -> None:
        """An edited slide's sounds, sent ahead of its pictures."""
        self.site.hub.publish("sounds", {str(number): row for number, row in found.items()})

    def _publish(self, state: Any) -> None:
        self.site.hub.publish("state", state.as_json())

    def _web(self, plan: RenderPlan) -> Path:
        """The player's pages, the narration's progress told to the pages."""
        return self.web(plan, _HubReporter(self.site.hub, "speak"))

    def request_render(self) -> str:
        """Start a render, or queue one if one is running ("started", "queued")."""
        with self.rendering:
            if self.running:
                self.pending = True
                return "queued"
            self.running = True
        threading.Thread(target=self._rendering, daemon=True).start()
        return "started"

    def _rendering(self) -> None:
        while True:
            hub = self.site.hub
            hub.publish("render", {"status": "running"})
            try:
                video = self.render_with(_HubReporter(hub, "render"))
            except Exception as exc:  # shown on the page; the server goes on
                text = exc.render() if isinstance(exc, RendererError) else f"error: {exc}"
                hub.publish("render", {"status": "failed", "text": text})
            else:
                self.site.video = video
                hub.publish("render", {"status": "done", "video": "video", "name": video.name})
            with self.rendering:
                if not self.pending:
                    self.running = False
                    return
                self.pending = False


class _HubReporter:
    """Progress as events named `event` (render, speak): the stage, and how far (at most a
    hundred a stage)."""

    def __init__(self, hub: Any, event: str) -> None:
        self.hub = hub
        self.event = event

    @contextmanager
    def stage(self, name: str, total: int) -> Iterator[Advance]:
        done = 0
        told = -1

        def advance(amount: int) -> None:
            nonlocal done, told
            done += amount
            share = 100 * done // max(total, 1)
            if share != told:
                told = share
                self.hub.publish(
                    self.event, {"status": "running", "stage": name, "done": done, "total": total}
                )

        self.hub.publish(
            self.event, {"status": "running", "stage": name, "done": 0, "total": total}
        )
        yield advance
