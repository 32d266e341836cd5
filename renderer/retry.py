"""The one retry policy: exponential backoff with jitter, for transient failures only.

Used by the gTTS engine (a flaky online service) and by batch jobs (a voice service or a disk
that fails for a moment). Built on tenacity; a mistake in the input is never retried.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import tenacity

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to try again."""

    retries: int = 2
    """Attempts after the first one."""
    delay: float = 1.0
    """Seconds before the first retry; doubled for each one after."""
    jitter: float = 0.2
    """Each pause is stretched by up to this fraction at random (many jobs retrying at once
    do not all come back at the same instant)."""

    def run(
        self,
        attempt: Callable[[], T],
        transient: Callable[[BaseException], bool],
        sleep: Callable[[float], None] = time.sleep,
        on_retry: Callable[[int], None] = lambda n: None,
    ) -> T:
        """`attempt()` until it returns; a failure that is not `transient`, or the last one,
        is raised as it is. `on_retry(n)` runs before the n-th retry."""
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.retries + 1),
            wait=tenacity.wait_exponential(multiplier=self.delay, exp_base=2, min=0, max=3600)
            + tenacity.wait_random(0, self.delay * self.jitter),
            retry=tenacity.retry_if_exception(transient),
            sleep=sleep,
            before_sleep=lambda state: on_retry(state.attempt_number),
            reraise=True,
        )
        return retrying(attempt)
