"""Bench rows of `render-video site` (issue 34): the bundled catalogue (its six articles
and the bundled article) as a site, cold (nothing rendered), warm (nothing changed) and
with one article edited; the site's size with what its files share counted once; the
index's time to its first card picture in Chromium. The catalogue speaks with the piper
voice, as the batch rows' does, so these rows compare with theirs."""

from __future__ import annotations

import contextlib
import io
import shutil
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def site_row(
    row: str, work: Path, article: Path, voice: str, hindi_voice: str
) -> tuple[float, str]:
    """Seconds and a note for one of site-cold, site-warm, site-edited."""
    from renderer.cli import main

    catalogue = catalogue_copy(work / "site-catalogue", voice, hindi_voice, row == "site-edited")
    site = work / "site"
    argv = [
        "site", str(catalogue), str(article), "--out", str(site),
        "--renders", str(work / "site-renders"), "--cache-dir", str(work / "cache-site"),
        "--voice", voice, "--jobs", "2",
    ]  # fmt: skip
    printed = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(printed), contextlib.suppress(SystemExit):
        main(argv)
    seconds = time.perf_counter() - start
    report = next((line for line in printed.getvalue().splitlines() if "files written" in line), "")
    inodes = {p.stat().st_ino: p.stat().st_size for p in site.rglob("*") if p.is_file()}
    shared = sum(p.stat().st_size for p in (site / "assets").rglob("*") if p.is_file())
    note = (
        f"{sum(inodes.values()) / 1e6:.1f} MB site ({shared / 1e6:.2f} MB shared assets, "
        f"once); {report.split(' · ')[-1] if report else 'no report'}"
    )
    shown = first_card_ms(site / "index.html")
    if shown is not None:
        note += f"; index's first card picture {shown:.0f} ms after opening it from disk"
    return seconds, note


def catalogue_copy(catalogue: Path, voice: str, hindi_voice: str, edited: bool) -> Path:
    """The bundled catalogue copied once into `catalogue`, spoken by `voice` (the batch and
    site rows'); with `edited`, its cron article edited as the rows' "one edited" edit it."""
    if not catalogue.exists():
        shutil.copytree(ROOT / "articles" / "catalogue", catalogue)
        for path in catalogue.glob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(f"voice: {hindi_voice}", f"voice: {voice}"))
    if edited:
        path = catalogue / "cron.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "Avoid everyone running at midnight", "Spread jobs over the night"
            ),
            encoding="utf-8",
        )
    return catalogue


def first_card_ms(page: Path) -> float | None:
    """Milliseconds from asking Chromium to open the index (file://) to its first card's
    picture drawn (median of 5 fresh tabs); None without Chromium and Playwright."""
    from benchmarks.chromium import ready_ms

    if not page.is_file():
        return None
    return ready_ms(
        page.as_uri(),
        "(() => { const p = document.querySelector('.card img');"
        " return window.renderVideoSite && p && p.complete && p.naturalWidth > 0; })()",
    )
