"""The job queue on a Redis of its own: idempotent jobs, and what `quotebot status` reports."""
import os
import signal
import time

import pytest
import redis

from bot.queue import JobQueue
from config.settings import Settings
from tests import processes
from tests.redis_process import RedisProcess


def vanished_page():
    raise RuntimeError("the page vanished")


def no_op():
    return None


@pytest.fixture
def private_redis(tmp_path):
    server = RedisProcess(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def jobs(private_redis):
    return JobQueue(redis.Redis.from_url(private_redis.url), Settings(REDIS_URL=private_redis.url))


def run_burst_worker_here(jobs: JobQueue) -> None:
    """Run the queued jobs in this process. RQ installs its own SIGINT and SIGTERM handlers for that and
    leaves them in place: give them back to pytest, or a Ctrl-C would no longer stop the run."""
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        jobs.run_worker(burst=True)
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def status_lines(redis_url: str) -> str:
    return processes.output(["status"], {**os.environ, "REDIS_URL": redis_url})


def test_the_same_job_id_is_queued_once(jobs):
    assert jobs.enqueue_once("link-T1-abc-C1-1_2", no_op) is True
    assert jobs.enqueue_once("link-T1-abc-C1-1_2", no_op) is False
    assert jobs.enqueue_once("link-T1-abc-C1-3_4", no_op) is True
    assert jobs.status().queued == 2


def test_status_shows_queued_failed_with_reason_and_live_workers(jobs, private_redis, tmp_path):
    jobs.queue.enqueue(vanished_page)  # no retries: it fails for good on its first run
    run_burst_worker_here(jobs)
    jobs.enqueue_once("link-T1-waiting", no_op)
    report = status_lines(private_redis.url)
    assert "queued: 1" in report and "in progress: 0" in report and "workers alive: 0" in report
    assert "failed: 1" in report and "RuntimeError: the page vanished" in report

    env = {**os.environ, "REDIS_URL": private_redis.url, "QUOTEBOT_DATA_DIR": str(tmp_path)}
    with processes.running(["worker"], env, tmp_path / "worker.log"):
        deadline = time.monotonic() + 60
        # the worker shows up, and takes the waiting job
        while not {"workers alive: 1", "queued: 0"} <= set((report := status_lines(private_redis.url)).splitlines()):
            assert time.monotonic() < deadline, report
            time.sleep(0.5)
