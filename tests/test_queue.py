"""The job queue on a Redis of its own: idempotent jobs, and what `quotebot status` reports."""
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import redis

from bot.queue import JobQueue
from config.settings import Settings
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


def status_lines(redis_url: str) -> str:
    env = {**os.environ, "REDIS_URL": redis_url}
    return subprocess.run([sys.executable, "-m", "handlers.cli", "status"], env=env, capture_output=True,
                          text=True, check=True, timeout=30).stdout


def test_the_same_job_id_is_queued_once(jobs):
    assert jobs.enqueue_once("link-T1-abc-C1-1_2", no_op) is True
    assert jobs.enqueue_once("link-T1-abc-C1-1_2", no_op) is False
    assert jobs.enqueue_once("link-T1-abc-C1-3_4", no_op) is True
    assert jobs.status().queued == 2


def test_dropping_a_workspace_jobs_leaves_other_workspaces_jobs(jobs):
    jobs.enqueue_once("link-T1-a", no_op, workspace="T1")
    jobs.enqueue_once("link-T2-a", no_op, workspace="T2")
    jobs.queue.enqueue_in(timedelta(minutes=5), no_op, job_id="link-T1-retry", meta={"workspace": "T1"})
    assert jobs.drop_workspace_jobs("T1") == 2
    assert jobs.queue.get_job_ids() == ["link-T2-a"] and jobs.queue.scheduled_job_registry.get_job_ids() == []


def test_status_shows_queued_failed_with_reason_and_live_workers(jobs, private_redis, tmp_path):
    jobs.queue.enqueue(vanished_page)  # no retries: it fails for good on its first run
    jobs.run_worker(burst=True)
    jobs.enqueue_once("link-T1-waiting", no_op)
    report = status_lines(private_redis.url)
    assert "queued: 1" in report and "in progress: 0" in report and "workers alive: 0" in report
    assert "failed: 1" in report and "RuntimeError: the page vanished" in report

    env = {**os.environ, "REDIS_URL": private_redis.url, "QUOTEBOT_DATA_DIR": str(tmp_path)}
    worker = subprocess.Popen([sys.executable, "-m", "handlers.cli", "worker"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        # the worker shows up, and takes the waiting job
        while not {"workers alive: 1", "queued: 0"} <= set((report := status_lines(private_redis.url)).splitlines()):
            assert time.monotonic() < deadline, report
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
