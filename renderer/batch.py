"""Batch rendering: a folder or catalogue of articles, each an idempotent job.

A job skips an article whose outputs were made from the same inputs (the fingerprint kept in
its `<slug>.json`), retries transient failures with exponential backoff and jitter, never
retries a mistake in the article, and reports what happened; the batch goes on past any
failure. Jobs run in local processes sharing one CPU budget, or on a Dask cluster.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from renderer.config import RenderConfig, Transition, video_spec
from renderer.errors import ArticleError, ConfigError, RendererError

PERMANENT: tuple[type[BaseException], ...] = (ArticleError, ConfigError)
"""Failures a retry cannot fix: the article or the settings are wrong."""


@dataclass(frozen=True)
class Job:
    """One article to render, with everything a worker needs (picklable)."""

    article: str
    out_dir: str
    settings: dict[str, Any] = field(default_factory=dict)
    """Overrides: preset, fps, voice, theme, transition, music, burn_captions, narration."""
    cache_dir: str | None = None
    workers: int = 1
    force: bool = False
    retries: int = 2
    delay: float = 1.0
    """Seconds before the first retry; doubled each time, with jitter."""


@dataclass(frozen=True)
class Outcome:
    article: str
    status: str
    """rendered, skipped or failed."""
    seconds: float = 0.0
    video_seconds: float = 0.0
    attempts: int = 0
    stage: str = ""
    error: str = ""
    video: str = ""


SETTINGS = {"preset", "fps", "voice", "theme", "transition", "music", "burn_captions",
            "narration", "out"}


def load_catalogue(source: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Articles of a folder (every *.yaml), or of a catalogue file:

        defaults: {preset: youtube}          # optional, for every article
        articles:
          - message-queue.yaml               # relative to the catalogue file
          - {path: cron.yaml, preset: shorts, voice: joe}
    """
    if source.is_dir():
        return [(path, {}) for path in sorted(source.glob("*.yaml"))]
    if not source.is_file():
        raise ConfigError(f"{source}: no such folder or catalogue file",
                          hint="give a folder of article YAML files or a catalogue YAML")
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{source}: not a readable catalogue ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise ConfigError(f"{source}: a catalogue needs an 'articles' list",
                          hint="articles: [first.yaml, {path: second.yaml, preset: shorts}]")
    defaults = data.get("defaults") or {}
    entries = []
    for index, item in enumerate(data["articles"]):
        entry = {"path": item} if isinstance(item, str) else item
        if not isinstance(entry, dict) or "path" not in entry:
            raise ConfigError(f"{source}: articles[{index}] needs a path")
        unknown = set(entry) - SETTINGS - {"path"} | set(defaults) - SETTINGS
        if unknown:
            raise ConfigError(f"{source}: articles[{index}]: unknown setting(s) "
                              f"{', '.join(sorted(unknown))}",
                              hint="settings: " + ", ".join(sorted(SETTINGS)))
        overrides = {**defaults, **{k: v for k, v in entry.items() if k != "path"}}
        entries.append(((source.parent / str(entry["path"])), overrides))
    return entries


def config_for(job: Job) -> RenderConfig:
    settings = dict(job.settings)
    preset = str(settings.get("preset", "youtube"))
    transition = settings.get("transition")
    return RenderConfig(
        out_dir=Path(str(settings.get("out", job.out_dir))),
        video=video_spec(preset, settings.get("fps", 30)), preset=preset,
        voice=settings.get("voice"), theme=settings.get("theme"),
        transition=Transition(transition) if transition else None,
        music=Path(settings["music"]) if settings.get("music") else None,
        burn_captions=bool(settings.get("burn_captions", False)),
        narration=bool(settings.get("narration", True)),
        cache_dir=Path(job.cache_dir) if job.cache_dir else None, workers=job.workers)


def up_to_date(article: Path, config: RenderConfig) -> Path | None:
    """The video, if the outputs of `article` in config.out_dir were made from these inputs."""
    from renderer.article import load_article
    from renderer.fingerprint import fingerprint
    from renderer.pipeline import music_path

    loaded = load_article(article)
    sidecar = config.out_dir / f"{loaded.slug}.json"
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    voice = str(meta.get("voice", ""))  # the voice that spoke last time
    if config.voice is not None and config.voice != voice:
        return None
    want = fingerprint(article, voice, music_path(loaded, article, config), config)
    files = [Path(p) for p in (meta.get("files") or {}).values()]
    if meta.get("inputs") != want or not files or not all(p.is_file() for p in files):
        return None
    return Path(meta["files"]["video"])


class _Stages:
    """A reporter that remembers the stage a render is in (for the failure report)."""

    def __init__(self) -> None:
        self.current = "plan"

    @contextmanager
    def stage(self, name: str, total: int) -> Iterator[Callable[[int], None]]:
        self.current = name
        yield lambda n: None


def run_job(job: Job) -> Outcome:
    """Render one article (skip, retry, report); safe to run twice or on any worker."""
    from renderer.narration.piper_engine import THREADS_ENV
    from renderer.pipeline import render

    os.environ[THREADS_ENV] = str(job.workers)  # the voice shares this job's CPU budget
    start = time.monotonic()
    attempts = 0
    while True:
        attempts += 1
        stages = _Stages()
        try:
            config = config_for(job)
            article = Path(job.article)
            if not job.force:
                done = up_to_date(article, config)
                if done is not None:
                    return Outcome(job.article, "skipped", time.monotonic() - start,
                                   _duration(done), attempts, video=str(done))
            result = render(article, config, stages)
            return Outcome(job.article, "rendered", time.monotonic() - start, result.seconds,
                           attempts, video=str(result.video))
        except Exception as exc:  # every failure is reported, never raised
            permanent = isinstance(exc, PERMANENT)
            if permanent or attempts > job.retries:
                message = exc.render() if isinstance(exc, RendererError) else \
                    f"{type(exc).__name__}: {exc}"
                return Outcome(job.article, "failed", time.monotonic() - start, 0.0, attempts,
                               stages.current, message.removeprefix("error: "))
            pause = job.delay * 2 ** (attempts - 1)
            time.sleep(pause * random.uniform(0.8, 1.2))


def _duration(video: Path) -> float:
    try:
        meta = json.loads(video.with_suffix(".json").read_text(encoding="utf-8"))
        return float(meta.get("duration_seconds", 0.0))
    except (OSError, ValueError):
        return 0.0


def budget(jobs: int, articles: int) -> tuple[int, int]:
    """(articles at once, worker processes inside each): their product stays within `jobs`."""
    jobs = max(1, jobs)
    at_once = max(1, min(jobs, articles))
    return at_once, max(1, jobs // at_once)


def run_local(jobs: list[Job], parallel: int,
              done: Callable[[Outcome], None]) -> list[Outcome]:
    """Run jobs in `parallel` processes, calling `done` as each finishes."""
    from concurrent.futures import as_completed

    from renderer.workers import process_pool

    outcomes = []
    if parallel <= 1:
        for job in jobs:
            outcomes.append(run_job(job))
            done(outcomes[-1])
        return outcomes
    with process_pool(parallel) as pool:
        for future in as_completed([pool.submit(run_job, job) for job in jobs]):
            outcomes.append(future.result())
            done(outcomes[-1])
    return outcomes


def run_cluster(jobs: list[Job], address: str,
                done: Callable[[Outcome], None]) -> list[Outcome]:
    """Run jobs on a Dask distributed cluster (workers with the same installation and a shared
    output folder). A job lost with its worker is run again elsewhere; jobs are idempotent."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ConfigError("--scheduler needs Dask distributed",
                          hint="pip install 'render-video[cluster]'") from None
    try:
        client = Client(address, timeout="10s")
    except OSError as exc:
        raise ConfigError(f"cannot reach the scheduler at {address}: {exc}",
                          hint="start one with: dask scheduler (see README)") from None
    outcomes = []
    with client:
        # each job on one core: the cluster's parallelism is across articles
        futures = [client.submit(run_job, replace(job, workers=1), pure=False,
                                 key=f"render-{i}-{Path(job.article).stem}")
                   for i, job in enumerate(jobs)]
        for future in as_completed(futures):
            outcomes.append(future.result())
            done(outcomes[-1])
    return outcomes


def write_failures(outcomes: list[Outcome], path: Path) -> None:
    """`failed.json`: article, stage, error and attempts of every failure ([] if none)."""
    failed = [{"article": o.article, "stage": o.stage, "error": o.error,
               "attempts": o.attempts} for o in outcomes if o.status == "failed"]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.partial")
    tmp.write_text(json.dumps(failed, indent=2, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def summary(outcomes: list[Outcome], wall: float) -> dict[str, float]:
    video = sum(o.video_seconds for o in outcomes if o.status != "failed")
    return {**{status: sum(o.status == status for o in outcomes)
               for status in ("rendered", "skipped", "failed")},
            "video_minutes": round(video / 60, 2), "wall_seconds": round(wall, 1),
            "video_minutes_per_wall_minute": round(video / wall, 2) if wall else 0.0}


__all__ = ["Job", "Outcome", "asdict", "budget", "load_catalogue", "run_cluster", "run_job",
           "run_local", "summary", "write_failures"]
