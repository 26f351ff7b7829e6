"""The job queue on a Redis of its own: idempotent jobs, and what `quotebot status` reports."""
import os
import signal
import threading
import time
from datetime import timedelta

import pytest
import redis

from bot.queue import RETRY_INTERVALS, IngestWorker, JobQueue
from config.settings import Settings
from tests import processes
from tests.waiting import wait_until


def vanished_page():
    raise RuntimeError("the page vanished")


def no_op():
    return None


@pytest.fixture
def jobs(redis_server):
    return JobQueue(redis.Redis.from_url(redis_server.url), Settings(REDIS_URL=redis_server.url))


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


def test_dropping_a_workspace_jobs_leaves_other_workspaces_jobs(jobs):
    jobs.enqueue_once("link-T1-a", no_op, workspace="T1")
    jobs.enqueue_once("link-T2-a", no_op, workspace="T2")
    jobs.queue.enqueue_in(timedelta(minutes=5), no_op, job_id="link-T1-retry", meta={"workspace": "T1"})
    assert jobs.drop_workspace_jobs("T1") == 2
    assert jobs.queue.get_job_ids() == ["link-T2-a"] and jobs.queue.scheduled_job_registry.get_job_ids() == []


def test_status_shows_queued_failed_with_reason_and_live_workers(jobs, redis_server, tmp_path):
    jobs.queue.enqueue(vanished_page)  # no retries: it fails for good on its first run
    run_burst_worker_here(jobs)
    jobs.enqueue_once("link-T1-waiting", no_op)
    report = status_lines(redis_server.url)
    assert "queued: 1" in report and "in progress: 0" in report and "workers alive: 0" in report
    assert "failed: 1" in report and "RuntimeError: the page vanished" in report

    env = {**os.environ, "REDIS_URL": redis_server.url, "QUOTEBOT_DATA_DIR": str(tmp_path)}
    with processes.running(["worker"], env, tmp_path / "worker.log"):
        # the worker shows up, and takes the waiting job
        wait_until(lambda: {"workers alive: 1", "queued: 0"} <= set(status_lines(redis_server.url).splitlines()),
                   120, lambda: status_lines(redis_server.url))


@pytest.mark.parametrize("count, stop_seconds", [(1, "5"), (2, "2")], ids=["job-stopped", "killed"])
def test_jobs_cut_short_by_a_stop_go_back_first_in_line_as_they_were(jobs, redis_server, tmp_path, count,
                                                                      stop_seconds):
    """`quotebot worker` stopped while its workers run jobs: it exits within QUOTEBOT_STOP_SECONDS, and the jobs
    they held are back at the head of the queue, their tries untouched, ahead of the job that was waiting; no
    worker is left registered. Given 5 s a worker stops its job after 1 s (see bot.queue.job_grace) and puts
    it back itself; given 2 s, too few for a job, `worker --processes 2` kills its workers at once and puts
    their jobs back."""
    env = {**os.environ, "REDIS_URL": redis_server.url, "QUOTEBOT_DATA_DIR": str(tmp_path),
           "QUOTEBOT_STOP_SECONDS": stop_seconds}
    log_path, held = tmp_path / "workers.log", [f"link-T1-held-{n}" for n in range(count)]
    with processes.running(["worker", "--processes", str(count)], env, log_path) as workers:
        processes.wait_for_workers(redis_server.url, workers, count=len(held), log_path=log_path)
        for job_id in held:
            jobs.enqueue_once(job_id, time.sleep, 60)
        wait_until(lambda: len(jobs.status().in_progress) == len(held), 30, lambda: str(jobs.status()))
        jobs.enqueue_once("link-T1-waiting", no_op)
        processes.check_stops_in_time(workers)
    queued = jobs.queue.get_job_ids()
    assert sorted(queued[:-1]) == held and queued[-1:] == ["link-T1-waiting"]
    assert [jobs.queue.fetch_job(job_id).retries_left for job_id in held] == [len(RETRY_INTERVALS)] * len(held)
    assert jobs.status().in_progress == [] and jobs.status().workers == []


def test_a_worker_stops_listening_for_commands_at_once_when_its_listener_is_told_late(jobs, monkeypatch):
    """On its way out a worker unsubscribes from RQ's command channel and stops the thread listening on it. On a
    busy machine that thread may read the unsubscription before it is told to stop: it must end all the same,
    not wait a minute for a new subscription (and the stop with it)."""
    tell_to_stop = redis.client.PubSubWorkerThread.stop

    def told_late(thread, timeout=None):
        time.sleep(0.5)  # long enough for the thread to read an unsubscription sent just before
        tell_to_stop(thread, timeout)

    monkeypatch.setattr(redis.client.PubSubWorkerThread, "stop", told_late)
    worker = IngestWorker([jobs.queue], connection=jobs.connection, job_grace=0)
    worker.subscribe()
    unsubscribing = threading.Thread(target=worker.unsubscribe, daemon=True)
    unsubscribing.start()
    unsubscribing.join(timeout=10)
    assert not unsubscribing.is_alive() and not worker.pubsub_thread.is_alive()
