"""Processes the tests start (`quotebot serve`, workers, the Discord bot), stopped on every path.

Each process leads a process group of its own, so whatever it forks (workers, RQ's scheduler) can be
cleaned up with it even when the test killed the leader.
"""
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

TERMINATE_TIMEOUT = 20  # seconds a process gets to stop after SIGTERM before it is killed


def quotebot_env(page_port: int, redis_url: str, data_dir: Path, **settings: str) -> dict:
    """The environment of a `quotebot` process under test: its Redis and data directory, the news pages on
    127.0.0.1 allowed, and one reply per link however loaded the machine (tests of the "still trying" notice
    lower QUOTEBOT_SLOW_NOTICE_SECONDS); then the front end's `settings`."""
    return {**os.environ, "REDIS_URL": redis_url, "QUOTEBOT_DATA_DIR": str(data_dir),
            "QUOTEBOT_ALLOW_PRIVATE_URLS": "1", "QUOTEBOT_ALLOWED_PORTS": json.dumps([page_port]),
            "QUOTEBOT_SLOW_NOTICE_SECONDS": "60", **settings}


def start(args: list[str], env: dict, log_path: Path) -> subprocess.Popen:
    """`python -m handlers.cli ARGS`, its output in log_path, leading a new process group."""
    with open(log_path, "w") as log:
        return subprocess.Popen([sys.executable, "-m", "handlers.cli", *args], env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen, timeout: float = TERMINATE_TIMEOUT) -> None:
    """SIGTERM, then SIGKILL after `timeout`; then SIGKILL whatever is left of its group."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def running(args: list[str], env: dict, log_path: Path) -> Iterator[subprocess.Popen]:
    process = start(args, env, log_path)
    try:
        yield process
    finally:
        stop(process)
