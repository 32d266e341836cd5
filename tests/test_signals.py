"""Ctrl-C and SIGTERM stop a render at once, wherever they land: in a thread a library
started, while a pool of workers is starting, or while its workers are busy.

Each case runs in a process of its own (signal handlers belong to a process's main thread);
a case that hangs fails by the subprocess timeout."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).parent.parent
PRELUDE = """\
import os, signal, sys, threading, time
from pathlib import Path
from renderer.signals import SignalGuard, Terminated
from renderer.workers import process_pool
SignalGuard().install()
"""


def run(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(script), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


def test_a_signal_another_thread_takes_still_stops_the_waiting_main_thread(
    tmp_path: Path,
) -> None:
    # Python 3.11 runs the handler of a signal another thread took only when the main thread
    # next wakes by itself: waiting on a lock (a pool's result), it would wait for ever
    done = run(
        """
        other = threading.Thread(target=time.sleep, args=(60,), daemon=True)
        other.start()
        try:
            signal.pthread_kill(other.ident, signal.SIGTERM)  # taken while it sleeps in C
            threading.Event().wait()
        except Terminated:
            sys.exit(143)
        """,
        tmp_path,
    )
    assert done.returncode == 143, done.stderr


def test_a_signal_while_a_pool_starts_stops_it_whole(tmp_path: Path) -> None:
    # a signal that lands while the workers are being forked is not lost in fork's hooks
    # ("Exception ignored"): it waits until the pool is whole, then stops it; no worker is
    # left for the exit to wait on
    done = run(
        """
        other = threading.Thread(target=time.sleep, args=(60,), daemon=True)
        other.start()
        sent = []
        def signal_once():  # the signal lands in the parent right after its first fork,
            if not sent:    # taken by another thread (the main one has it blocked)
                sent.append(True)
                signal.pthread_kill(other.ident, signal.SIGTERM)
                time.sleep(0.5)
        os.register_at_fork(after_in_parent=signal_once)
        try:
            process_pool(2)
        except Terminated:
            print("children", len(os.listdir(f"/proc/{os.getpid()}/task")),
                  [p.pid for p in __import__("multiprocessing").active_children()])
            sys.exit(143)
        sys.exit(1)
        """,
        tmp_path,
    )
    assert done.returncode == 143, done.stderr
    assert done.stdout.strip().endswith("[]"), "every worker was stopped and joined"
    assert "Traceback" not in done.stderr and "Exception" not in done.stderr, done.stderr


def test_an_interrupted_pool_stops_its_workers_at_once(tmp_path: Path) -> None:
    # two workers busy with long tasks and four more queued: interrupted, the busy ones end
    # their task (its finally runs) and the queued ones never start
    done = run(
        """
        folder = Path(sys.argv[1])
        def task(n):
            (folder / f"started-{n}").touch()
            try:
                time.sleep(60)
                (folder / f"finished-{n}").touch()
            finally:
                (folder / f"cleaned-{n}").touch()
        try:
            with process_pool(2) as pool:
                futures = [pool.submit(task, n) for n in range(6)]
                while len(list(folder.glob("started-*"))) < 2:
                    time.sleep(0.05)
                os.kill(os.getpid(), signal.SIGINT)
                futures[0].result()
        except KeyboardInterrupt:
            sys.exit(130)
        """,
        tmp_path,
    )
    assert done.returncode == 130, done.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    started = [n for n in names if n.startswith("started-")]
    assert len(started) == 2, names
    assert [n for n in names if n.startswith("finished-")] == []
    assert sorted(n.replace("cleaned", "started") for n in names if "cleaned" in n) == started
    assert "Traceback" not in done.stderr, done.stderr


def test_signals_while_the_renderer_loads_end_it_quietly(tmp_path: Path) -> None:
    # before the CLI has its handlers (loading takes a second or more on a busy machine)
    for how, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "import os, signal, sys; sys.argv[1:] = ['--help']\n"
                "from renderer import launch\n"
                "import builtins; imp = builtins.__import__\n"
                "def signalled(name, *a, **k):  # the signal lands while the CLI loads\n"
                "    if name == 'renderer.cli':\n"
                f"        os.kill(os.getpid(), {int(how)})\n"
                "    return imp(name, *a, **k)\n"
                "builtins.__import__ = signalled\n"
                "launch.main()",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
        )
        assert done.returncode == code, done.stderr
        assert "Traceback" not in done.stderr, done.stderr
