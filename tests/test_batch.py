"""Batch: a catalogue rendered, skipped when unchanged, failures reported and retried, on
local processes and on a real Dask cluster that loses a worker mid-batch; and no video lost
without a word (one slug twice, one article twice, an entry outside, a file left out)."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from renderer import batch
from renderer.batch_plan import Job, jobs_for
from renderer.catalogue import load_catalogue
from renderer.config import RenderConfig
from renderer.errors import ArticleError, RenderError
from renderer.probe import probe

from .test_cli import run

SMALL = """\
title: {title}
summary: A short article about {title}.
sections:
  - title: Idea
    points: [{title} in one line, and a second line]
"""


def catalogue(folder: Path, names: list[str], bad: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.yaml").write_text(SMALL.format(title=name.replace("-", " ").title()))
    if bad:
        (folder / "broken.yaml").write_text("title: Broken\nsummary: x\nsections: []\n")
    return folder


def batch_args(source: Path, out: Path, cache: Path, *extra: str) -> list[str]:
    return [
        "batch",
        str(source),
        "--out",
        str(out),
        "--cache-dir",
        str(cache),
        "--no-narration",
        "--preset",
        "youtube-720p",
        "--jobs",
        "2",
        *extra,
    ]


def test_a_folder_renders_skips_and_reports(tmp_path: Path, capsys) -> None:
    source = catalogue(tmp_path / "articles", ["alpha", "beta", "gamma"], bad=True)
    out, cache = tmp_path / "out", tmp_path / "cache"
    code, printed, err = run(batch_args(source, out, cache), capsys)
    assert code == 1, "one article is broken"
    assert sorted(p.name for p in out.glob("*.mp4")) == ["alpha.mp4", "beta.mp4", "gamma.mp4"]
    failed = json.loads((out / "failed.json").read_text())
    assert len(failed) == 1 and failed[0]["article"].endswith("broken.yaml")
    assert failed[0]["attempts"] == 1, "a broken article is not retried"
    assert "sections" in failed[0]["error"] and failed[0]["stage"]
    assert "| rendered | skipped | failed |" in printed
    assert err.count("rendered") >= 3 and "failed" in err
    for video in out.glob("*.mp4"):
        assert probe(video).width == 1280
    # nothing changed: everything is skipped; one edit: only that article is rendered
    code, printed, err = run(batch_args(source, out, cache), capsys)
    assert err.count("skipped") == 3 and err.count("rendered") == 0
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.mp4")}
    (source / "beta.yaml").write_text(SMALL.format(title="Beta") + '    icon: "🧪"\n')
    code, printed, err = run(batch_args(source, out, cache), capsys)
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("*.mp4")}
    assert [name for name in after if after[name] != before[name]] == ["beta.mp4"]
    # --force renders all again
    code, printed, err = run(batch_args(source, out, cache, "--force"), capsys)
    assert err.count("rendered") >= 3


def test_a_catalogue_file_with_overrides(tmp_path: Path, capsys) -> None:
    catalogue(tmp_path / "articles", ["one", "two"])
    (tmp_path / "catalogue.yaml").write_text(
        "defaults: {preset: youtube-720p}\n"
        "articles:\n  - articles/one.yaml\n  - {path: articles/two.yaml, preset: shorts}\n"
    )
    out = tmp_path / "out"
    code, _, err = run(
        [
            "batch",
            str(tmp_path / "catalogue.yaml"),
            "--out",
            str(out),
            "--no-narration",
            "--cache-dir",
            str(tmp_path / "c"),
        ],
        capsys,
    )
    assert code == 0, err
    assert (probe(out / "one.mp4").width, probe(out / "two.mp4").height) == (1280, 1920)
    assert json.loads((out / "failed.json").read_text()) == []


def test_transient_failures_are_retried_with_backoff(tmp_path: Path, monkeypatch) -> None:
    source = catalogue(tmp_path / "articles", ["flaky"])
    calls: list[int] = []
    import renderer.pipeline as pipeline

    real = pipeline.render

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) < 3:
            raise RenderError("encoding failed: resource temporarily unavailable")
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "render", flaky)
    config = RenderConfig(
        out_dir=tmp_path / "out", narration=False, preset="youtube-720p", cache_dir=tmp_path / "c"
    )
    job = Job(str(source / "flaky.yaml"), config, retries=2, delay=0.01)
    outcome = batch.run_job(job)
    assert (outcome.status, outcome.attempts) == ("rendered", 3)
    calls.clear()
    outcome = batch.run_job(dataclasses.replace(job, retries=1, force=True))
    assert (outcome.status, outcome.attempts) == ("failed", 2)
    assert "resource temporarily unavailable" in outcome.error


def test_permanent_failures_are_not_retried(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\n")
    outcome = batch.run_job(Job(str(bad), RenderConfig(out_dir=tmp_path / "out"), retries=3))
    assert (outcome.status, outcome.attempts) == ("failed", 1)
    assert issubclass(ArticleError, batch.PERMANENT)


@pytest.mark.parametrize(
    ("jobs", "articles", "expected"),
    [(2, 6, (2, 1)), (4, 1, (1, 4)), (4, 2, (2, 2)), (1, 5, (1, 1)), (8, 3, (3, 2))],
)
def test_one_cpu_budget_is_shared(jobs: int, articles: int, expected: tuple[int, int]) -> None:
    at_once, inside = batch.budget(jobs, articles)
    assert (at_once, inside) == expected and at_once * inside <= jobs


def test_two_renders_of_one_article_at_once_do_not_corrupt_it(tmp_path: Path) -> None:
    source = catalogue(tmp_path / "articles", ["shared"])
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "renderer",
        str(source / "shared.yaml"),
        "--out",
        str(out),
        "--no-narration",
        "--preset",
        "youtube-720p",
        "--cache-dir",
        str(tmp_path / "c"),
    ]
    first = subprocess.Popen(command, stderr=subprocess.PIPE)
    second = subprocess.Popen(command, stderr=subprocess.PIPE)
    assert first.wait(timeout=300) == 0 and second.wait(timeout=300) == 0
    code = subprocess.run(
        [
            sys.executable,
            "-m",
            "renderer",
            "check",
            str(out / "shared.mp4"),
            "--preset",
            "youtube-720p",
        ],
        capture_output=True,
        text=True,
    )
    assert code.returncode == 0, code.stdout
    meta = json.loads((out / "shared.json").read_text())
    assert all(Path(p).is_file() for p in meta["files"].values())


def test_a_dask_cluster_finishes_the_batch_when_a_worker_dies(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    source = catalogue(tmp_path / "articles", [f"topic-{i}" for i in range(4)])
    out = tmp_path / "out"
    config = RenderConfig(
        out_dir=out, narration=False, preset="youtube-720p", cache_dir=tmp_path / "c"
    )
    jobs = [Job(str(item.path), config) for item in load_catalogue(source)]
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        killed: list[str] = []

        def done(outcome: batch.Outcome) -> None:
            if not killed:  # after the first result, kill a worker that is busy
                with distributed.Client(cluster.scheduler_address) as client:
                    busy = [w for w, tasks in client.processing().items() if tasks]
                    if busy:
                        pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                        os.kill(pid, signal.SIGKILL)  # the worker dies holding its job
                        killed.append(busy[0])

        outcomes = batch.run_cluster(jobs, cluster.scheduler_address, done)
    assert killed, "a worker was killed while it held a job"
    # a job whose worker died after writing its outputs finds them up to date when it runs
    # again elsewhere: "skipped" is the idempotent answer then
    assert len(outcomes) == 4 and all(o.status in ("rendered", "skipped") for o in outcomes)
    assert any(o.status == "rendered" for o in outcomes)
    assert sorted(p.name for p in out.glob("*.mp4")) == [f"topic-{i}.mp4" for i in range(4)]
    for video in out.glob("*.mp4"):
        assert probe(video).frames > 0


def test_a_catalogue_mistake_names_its_file_line_and_field(tmp_path: Path, capsys) -> None:
    catalogue(tmp_path / "articles", ["one"])
    listing = tmp_path / "catalogue.yaml"
    listing.write_text(
        "defaults: {preset: youtube-720p}\n"
        "articles:\n"
        "  - articles/one.yaml\n"
        "  - {path: articles/one.yaml, presett: shorts}\n"
    )
    code, _, err = run(["batch", str(listing), "--out", str(tmp_path / "out")], capsys)
    assert code == 2
    assert f"{listing}:4:" in err and "articles[1].presett" in err and "unknown key" in err
    assert "did you mean 'preset'?" in err
    listing.write_text("articles:\n  - {path: articles/one.yaml, preset: shortz}\n")
    code, _, err = run(["batch", str(listing), "--out", str(tmp_path / "out")], capsys)
    assert code == 2 and f"{listing}:2:" in err and "unknown preset 'shortz'" in err
    assert "did you mean 'shorts'?" in err
    listing.write_text("articles:\n  - {path: articles/one.yaml, fps: fast}\n")
    code, _, err = run(["batch", str(listing), "--out", str(tmp_path / "out")], capsys)
    assert code == 2 and "articles[0].fps" in err and "not a number" in err
    assert not (tmp_path / "out").exists(), "nothing rendered, nothing written"


def test_catalogue_defaults_entries_and_command_line_settings_stack(tmp_path: Path) -> None:
    catalogue(tmp_path / "articles", ["one", "two"])
    listing = tmp_path / "catalogue.yaml"
    listing.write_text(
        "defaults: {preset: youtube-720p, transition: dip}\n"
        "articles:\n  - articles/one.yaml\n"
        "  - {path: articles/two.yaml, preset: shorts, out: elsewhere}\n"
    )
    items = load_catalogue(listing)
    assert [item.settings.given() for item in items] == [
        {"preset": "youtube-720p", "transition": "dip"},
        {"preset": "shorts", "transition": "dip", "out_dir": Path("elsewhere")},
    ]
    given = RenderConfig(out_dir=tmp_path / "out", narration=False, preset="facebook")
    jobs = jobs_for(items, given, {"narration"})  # as if --no-narration alone were given
    configs = [job.config for job in jobs]
    assert [(c.preset, c.transition, c.narration) for c in configs] == [
        ("youtube-720p", "dip", False),
        ("shorts", "dip", False),
    ]
    assert configs[0].out_dir == tmp_path / "out" and configs[1].out_dir == Path("elsewhere")
    # an option given on the command line wins over the catalogue's
    jobs = jobs_for(items, given, {"narration", "preset"})
    assert [job.config.preset for job in jobs] == ["facebook", "facebook"]


def test_batch_web_writes_the_pages_and_a_render_without_them_is_not_up_to_date(
    tmp_path: Path, capsys
) -> None:
    source = catalogue(tmp_path / "articles", ["alpha"])
    out, cache = tmp_path / "out", tmp_path / "cache"
    code, _, err = run(batch_args(source, out, cache), capsys)
    assert code == 0, err
    assert not (out / "alpha-web").exists()
    code, _, err = run(batch_args(source, out, cache, "--web"), capsys)
    assert code == 0 and err.count("rendered") == 1, "asking for the pages is a new render"
    assert (out / "alpha-web" / "index.html").is_file()
    assert (out / "alpha-web" / "live.html").is_file()
    code, _, err = run(batch_args(source, out, cache, "--web"), capsys)
    assert err.count("skipped") == 1
    for page in (out / "alpha-web").glob("*.html"):
        page.unlink()
    code, _, err = run(batch_args(source, out, cache, "--web"), capsys)
    assert err.count("rendered") == 1, "pages gone: rendered again"


# -- issue 29: a batch never loses a video without a word ----------------------------------


def rendered(err: str) -> int:
    """How many articles the batch reported rendered (one ✅ line each)."""
    return sum(line.startswith("✅") for line in err.splitlines())


def test_two_articles_with_one_slug_are_refused_before_anything_renders(
    tmp_path: Path, capsys
) -> None:
    source = catalogue(tmp_path / "articles", ["alpha"])
    (source / "first.yaml").write_text(SMALL.format(title="Same Title"))
    (source / "second.md").write_text("# Same title!\n\nA short page.\n\n## Idea\n\n- one\n")
    out = tmp_path / "out"
    code, _, err = run(batch_args(source, out, tmp_path / "c"), capsys)
    assert code == 2, err
    assert "first.yaml" in err and "second.md" in err and "'same-title'" in err
    assert "out:" in err, "the hint says how to resolve it"
    assert "Traceback" not in err and not list(out.glob("*.mp4")), "nothing rendered"
    # the same two in a catalogue, one with a folder of its own, are two videos
    listing = source / "catalogue.yaml"
    listing.write_text("articles:\n  - first.yaml\n  - {path: second.md, out: other}\n")
    jobs = jobs_for(load_catalogue(listing), RenderConfig(out_dir=out))
    assert len(jobs) == 2
    # a case-insensitive disk sees Out/ and out/ as one folder: refused as well
    listing.write_text(f"articles:\n  - first.yaml\n  - {{path: second.md, out: {out}}}\n")
    with pytest.raises(ArticleError, match="same-title"):
        jobs_for(load_catalogue(listing), RenderConfig(out_dir=tmp_path / "OUT"))


def test_an_article_listed_twice_is_rendered_once(tmp_path: Path, capsys, caplog) -> None:
    catalogue(tmp_path / "articles", ["one"])
    (tmp_path / "also").symlink_to("articles")
    listing = tmp_path / "catalogue.yaml"
    listing.write_text(
        "defaults: {preset: youtube-720p}\n"
        "articles:\n"
        "  - articles/one.yaml\n"
        "  - also/one.yaml\n"
        "  - {path: ./articles/one.yaml, preset: youtube-720p}\n"
    )
    out = tmp_path / "out"
    code, printed, err = run(
        [
            "batch",
            str(listing),
            "--out",
            str(out),
            "--no-narration",
            "--cache-dir",
            str(tmp_path / "c"),
            "--jobs",
            "2",
        ],
        capsys,
    )
    assert code == 0, err
    assert rendered(err) == 1 and "|        1 |       0 |      0 |" in printed
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("one.yaml" in w and f"{listing}:3" in w and f"{listing}:4" in w for w in warnings), (
        warnings
    )
    assert any(f"{listing}:3" in w and f"{listing}:5" in w for w in warnings), warnings
    # listed twice with settings that make another video at the same path: refused
    (out / "one.mp4").unlink()
    listing.write_text(
        "articles:\n  - articles/one.yaml\n  - {path: also/one.yaml, preset: shorts}\n"
    )
    code, _, err = run(["batch", str(listing), "--out", str(out), "--no-narration"], capsys)
    assert code == 2 and f"{listing}:3" in err and f"{listing}:2" in err, err
    assert "one.mp4" in err and not (out / "one.mp4").exists()


@pytest.mark.parametrize("entry", ["../outside.yaml", "{outside}", "inside-link.yaml"])
def test_a_catalogue_entry_outside_its_folder_is_refused_unread(
    tmp_path: Path, capsys, entry: str
) -> None:
    folder = catalogue(tmp_path / "shelf", ["one"])
    outside = tmp_path / "outside.yaml"
    outside.write_text("title: Outside\nsecretkey42: read from outside the catalogue\n")
    (folder / "inside-link.yaml").symlink_to(outside)
    listing = folder / "catalogue.yaml"
    listing.write_text(f"articles:\n  - one.yaml\n  - {entry.format(outside=outside)}\n")
    out = tmp_path / "out"
    code, _, err = run(
        [
            "batch",
            str(listing),
            "--out",
            str(out),
            "--no-narration",
            "--cache-dir",
            str(tmp_path / "c"),
        ],
        capsys,
    )
    assert code == 2, err
    assert f"{listing}:3" in err and "outside" in err and "articles[1]" in err
    assert "secretkey42" not in err, "the file outside was never read"
    assert not out.exists(), "nothing rendered, nothing written"


def test_every_file_a_folder_batch_leaves_out_is_named(tmp_path: Path, capsys, caplog) -> None:
    folder = catalogue(tmp_path / "articles", [])
    (tmp_path / "outside.yaml").write_text(SMALL.format(title="Outside"))
    (folder / "self.yaml").symlink_to("self.yaml")
    (folder / "ping.yaml").symlink_to("pong.yaml")
    (folder / "pong.yaml").symlink_to("ping.yaml")
    (folder / "gone.yaml").symlink_to("missing.yaml")
    (folder / "away.yaml").symlink_to(tmp_path / "outside.yaml")
    (folder / "pipe.yaml").mkdir()
    os.mkfifo(folder / "fifo.md")
    (folder / "drafts").mkdir()
    (folder / "notes.txt").write_text("not an article")
    code, _, err = run(["batch", str(folder), "--out", str(tmp_path / "out")], capsys)
    assert code == 2 and "no articles found" in err
    text = caplog.text
    for name, why in [
        ("self.yaml", "loop"),
        ("ping.yaml", "loop"),
        ("pong.yaml", "loop"),
        ("gone.yaml", "missing.yaml"),
        ("away.yaml", "outside"),
        ("pipe.yaml", "folder"),
        ("fifo.md", "not a regular file"),
        ("drafts", "folder"),
        ("notes.txt", "not an article"),
    ]:
        assert any(name in line and why in line for line in text.splitlines()), (name, text)
