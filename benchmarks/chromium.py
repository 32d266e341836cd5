"""Chromium for the bench rows: how long a page takes to show something (the system
Chromium, driven by Playwright)."""

from __future__ import annotations

import shutil
import statistics
import time


def ready_ms(url: str, ready: str, tabs: int = 5) -> float | None:
    """Milliseconds from asking Chromium to open `url` to the JavaScript expression `ready`
    being true (median of `tabs` fresh tabs); None without Chromium and Playwright."""
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if chromium is None:
        return None
    times = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        for _ in range(tabs):
            tab = browser.new_page()
            start = time.perf_counter()
            tab.goto(url)
            tab.wait_for_function(ready)
            times.append((time.perf_counter() - start) * 1000)
            tab.close()
        browser.close()
    return statistics.median(times)
