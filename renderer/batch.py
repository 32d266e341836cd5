"""Batch rendering: a folder or catalogue of articles, each an idempotent job.

A job skips an article whose outputs were made from the same inputs (the fingerprint kept in
its `<slug>.json`), retries transient failures with exponential backoff and jitter, never
retries a mistake in the article, and reports what happened; the batch goes on past any
failure. Jobs run in local processes sharing one CPU budget, or on a Dask cluster. What
each job renders, and that no two write the same outputs, is decided first (batch_plan).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from renderer import pipeline
from renderer.atomic import write_text
from renderer.batch_plan import Job
from renderer.errors import ArticleError, ConfigError, RendererError
from renderer.outputs.metadata import read_metadata
from renderer.plan import RenderPlan, check_plan, make_plan
from renderer.retry import RetryPolicy

PERMANENT: tuple[type[BaseException], ...] = (ArticleError, ConfigError)
"""Failures a retry cannot fix: the article or the settings are wrong."""


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


def up_to_date(plan: RenderPlan) -> Path | None:
    """The video, if the plan's outputs exist and were made from the plan's inputs."""
    try:
        meta = read_metadata(plan.files.metadata)
    except (OSError, ValueError):
        return None
    files = [Path(p) for p in meta.files.values()]
    if (
        meta.inputs != plan.inputs
        or "video" not in meta.files
        or not all(p.is_file() for p in files)
    ):
        return None
    return Path(meta.files["video"])


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
    start = time.monotonic()
    attempts = [0]
    stages = _Stages()

    def attempt() -> Outcome:
        attempts[0] += 1
        stages.current = "plan"
        plan = make_plan(Path(job.article), job.config, stages, check=False)
        if not job.force:
            done = up_to_date(plan)
            if done is not None:
                return Outcome(
                    job.article,
                    "skipped",
                    time.monotonic() - start,
                    _duration(done),
                    attempts[0],
                    video=str(done),
                )
        check_plan(plan)
        result = pipeline.render(plan, stages)
        return Outcome(
            job.article,
            "rendered",
            time.monotonic() - start,
            result.seconds,
            attempts[0],
            video=str(result.video),
        )

    policy = RetryPolicy(retries=job.retries, delay=job.delay)
    try:
        return policy.run(
            attempt, lambda exc: isinstance(exc, Exception) and not isinstance(exc, PERMANENT)
        )
    except Exception as exc:  # every failure is reported, never raised
        message = exc.render() if isinstance(exc, RendererError) else f"{type(exc).__name__}: {exc}"
        return Outcome(
            job.article,
            "failed",
            time.monotonic() - start,
            0.0,
            attempts[0],
            stages.current,
            message.removeprefix("error: "),
        )


def _duration(video: Path) -> float:
    try:
        return read_metadata(video.with_suffix(".json")).duration_seconds
    except (OSError, ValueError):
        return 0.0


def budget(jobs: int, articles: int) -> tuple[int, int]:
    """(articles at once, worker processes inside each): their product stays within `jobs`."""
    jobs = max(1, jobs)
    at_once = max(1, min(jobs, articles))
    return at_once, max(1, jobs // at_once)


def run_local(jobs: list[Job], parallel: int, done: Callable[[Outcome], None]) -> list[Outcome]:
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


def run_cluster(jobs: list[Job], address: str, done: Callable[[Outcome], None]) -> list[Outcome]:
    """Run jobs on a Dask distributed cluster (workers with the same installation and a shared
    output folder). A job lost with its worker is run again elsewhere; jobs are idempotent."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ConfigError(
            "--scheduler needs Dask distributed", hint="pip install 'render-video[cluster]'"
        ) from None
    try:
        client = Client(address, timeout="10s")
    except OSError as exc:
        raise ConfigError(
            f"cannot reach the scheduler at {address}: {exc}",
            hint="start one with: dask scheduler (see README)",
        ) from None
    outcomes = []
    with client:
        # each job on one core: the cluster's parallelism is across articles
        futures = [
            client.submit(
                run_job, job.sharing(1), pure=False, key=f"render-{i}-{Path(job.article).stem}"
            )
            for i, job in enumerate(jobs)
        ]
        for future in as_completed(futures):
            outcomes.append(future.result())
            done(outcomes[-1])
    return outcomes


def write_failures(outcomes: list[Outcome], path: Path) -> None:
    """`failed.json`: article, stage, error and attempts of every failure ([] if none)."""
    failed = [
        {"article": o.article, "stage": o.stage, "error": o.error, "attempts": o.attempts}
        for o in outcomes
        if o.status == "failed"
    ]
    write_text(path, json.dumps(failed, indent=2, ensure_ascii=False))


def summary(outcomes: list[Outcome], wall: float) -> dict[str, float]:
    video = sum(o.video_seconds for o in outcomes if o.status != "failed")
    return {
        **{
            status: sum(o.status == status for o in outcomes)
            for status in ("rendered", "skipped", "failed")
        },
        "video_minutes": round(video / 60, 2),
        "wall_seconds": round(wall, 1),
        "video_minutes_per_wall_minute": round(video / wall, 2) if wall else 0.0,
    }


def summary_table(totals: dict[str, float]) -> str:
    """The batch's summary as a Markdown table (what `batch` prints at the end)."""
    rate = totals["video_minutes_per_wall_minute"]
    return (
        "| rendered | skipped | failed | video min | wall s | video min per wall min |\n"
        f"| {totals['rendered']:>8.0f} | {totals['skipped']:>7.0f} | "
        f"{totals['failed']:>6.0f} | {totals['video_minutes']:>9.2f} | "
        f"{totals['wall_seconds']:>6.1f} | {rate:>22.2f} |"
    )
