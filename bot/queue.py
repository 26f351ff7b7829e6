"""The job queue (RQ over the same Redis): front ends enqueue, workers run the ingest pipeline."""
import logging
import os
import signal
import socket
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

import redis
import rq
from rq.exceptions import DuplicateJobError
from rq.job import Job, JobStatus
from rq.worker import WorkerStatus

from config.settings import Settings

QUEUE_NAME = "quotebot-ingest"
# Transient failures (network, 5xx, Redis blips) are retried after these many seconds.
RETRY_INTERVALS = [5, 20, 60]
OUTAGE_PAUSE_SECONDS = 2
# A stop keeps to QUOTEBOT_STOP_SECONDS: a worker asked to stop mid-job lets the job run on for what the rest
# of the stop does not need. That is, once the job is stopped: for the worker to put it back and exit
# (WORKER_EXIT_SECONDS), then for the embedded Redis to save and stop and the process that started it to
# exit (STORE_STOP_SECONDS). Measured on two cores kept busy by four other processes: a signal waited up to
# 0.6 s for spaCy to return to Python, a worker was gone 0.1-0.2 s after its job was stopped, and serve
# 0.2-0.3 s after its workers.
WORKER_EXIT_SECONDS = 2.0
STORE_STOP_SECONDS = 2.0

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueueStatus:
    queued: int
    in_progress: list[str]  # job descriptions
    failed: list[tuple[str, str]]  # (job description, last line of its error)
    workers: list[str]  # "name (state)"


class JobQueue:
    def __init__(self, connection: redis.Redis, settings: Settings):
        self.connection, self.settings = connection, settings
        self.queue = rq.Queue(QUEUE_NAME, connection=connection)

    def enqueue_once(self, job_id: str, func, *args, workspace: str | None = None) -> bool:
        """Queue `func(*args)` unless a job with this id is queued, running or finished within the hour.
        `workspace` marks the job as that workspace's, to be dropped if it goes. Returns whether it was queued."""
        try:
            # A job whose worker dies is taken over job_timeout + 60 s after it started (RQ's rule).
            self.queue.enqueue(func, *args, job_id=job_id, unique=True, job_timeout=self.settings.job_timeout,
                               retry=rq.Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS),
                               result_ttl=3600, failure_ttl=7 * 86400, meta={"workspace": workspace})
            return True
        except DuplicateJobError:
            return False

    def enqueue_later(self, job_id: str, seconds: int, func, *args, workspace: str | None = None) -> bool:
        """Queue `func(*args)` in `seconds` (RQ's scheduler, which the workers run, queues it then), unless a
        job with this id is waiting already. Returns whether it was scheduled."""
        try:
            self.queue.enqueue_in(timedelta(seconds=seconds), func, *args, job_id=job_id, unique=True,
                                  job_timeout=self.settings.job_timeout, result_ttl=0, failure_ttl=7 * 86400,
                                  meta={"workspace": workspace})
            return True
        except DuplicateJobError:
            return False

    def drop_workspace_jobs(self, workspace: str) -> int:
        """Delete a workspace's jobs that have not started: queued, or waiting for their next try."""
        job_ids = self.queue.get_job_ids() + self.queue.scheduled_job_registry.get_job_ids()
        doomed = [job for job in rq.job.Job.fetch_many(job_ids, connection=self.connection)
                  if job and job.meta.get("workspace") == workspace]
        for job in doomed:
            job.delete()
        return len(doomed)

    def put_back_jobs_of(self, pid: int) -> list[str]:
        """After the worker process `pid` on this machine was killed: put the job it was running back at the
        head of the queue, and record the worker's death. Returns the ids of the jobs put back."""
        put = []
        for worker in rq.Worker.all(queue=self.queue):
            if worker.pid == pid and worker.hostname == socket.gethostname():
                for execution in worker.get_current_executions():
                    job = self.queue.fetch_job(execution.job_id)
                    if job and job.get_status() == JobStatus.STARTED:
                        put_back(job, self.queue)
                        put.append(job.id)
                worker.register_death()
        return put

    def run_worker(self, burst: bool = False) -> None:
        """Take jobs in this process, so the spaCy model loaded here serves every job.

        RQ rides out Redis outages while waiting for jobs; an outage at start-up or between its own steps
        ends `work()` with a connection error, so the worker starts again once Redis answers."""
        while not IngestWorker.stop_requested:
            try:
                self._worker().work(burst=burst, with_scheduler=True)
                return
            except (redis.ConnectionError, redis.TimeoutError) as error:
                # No job runs during the pause: let a stop signal end the process at once, not RQ's handler
                # (it would only flag the worker that just ended).
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                log.warning("store unavailable (%s); worker starts again in %d s", error, OUTAGE_PAUSE_SECONDS)
                time.sleep(OUTAGE_PAUSE_SECONDS)

    def _worker(self) -> "IngestWorker":
        # RQ runs maintenance (taking over dead workers' jobs) between blocking waits for a job, and
        # waits worker_ttl - 15 s: tie that wait to the maintenance interval.
        return IngestWorker([self.queue], connection=self.connection, job_grace=job_grace(self.settings),
                            maintenance_interval=self.settings.worker_maintenance_interval,
                            worker_ttl=self.settings.worker_maintenance_interval + 15,
                            job_monitoring_interval=self.settings.worker_monitoring_interval)

    def depth(self) -> dict[str, int]:
        return {"queued": self.queue.count, "retrying": self.queue.scheduled_job_registry.count,
                "running": self.queue.started_job_registry.count, "failed": self.queue.failed_job_registry.count}

    def status(self, failed_limit: int = 20) -> QueueStatus:
        started = [self.queue.fetch_job(job_id) for job_id in self.queue.started_job_registry.get_job_ids()]
        failed = [self.queue.fetch_job(job_id)
                  for job_id in self.queue.failed_job_registry.get_job_ids(0, failed_limit - 1)]
        return QueueStatus(
            queued=self.queue.count,
            in_progress=[job.description for job in started if job],
            failed=[(job.description, _last_line(job.latest_result())) for job in failed if job],
            workers=[f"{worker.name} ({worker.get_state()})" for worker in rq.Worker.all(queue=self.queue)],
        )


class IngestWorker(rq.SimpleWorker):
    """RQ's worker, taking jobs in this process, with a stop that keeps to its time.

    Asked to stop (SIGTERM, Ctrl-C: RQ's warm shutdown), an idle worker stops at once and a busy one gives its
    job `job_grace` seconds more; then the job is stopped as a second Ctrl-C stops it (RQ's cold shutdown,
    which in a worker without a work horse raises SystemExit inside the job) and put back at the head of the
    queue as it was, its tries untouched, for the next worker to run."""

    stop_requested = False  # kept by the class: a stop asked of a worker that then lost Redis still holds

    def __init__(self, *args, job_grace: float, **kwargs):
        super().__init__(*args, **kwargs)
        self.job_grace, self.cut_short = job_grace, False

    def request_stop(self, signum, frame):
        IngestWorker.stop_requested = True
        if self.get_state() == WorkerStatus.BUSY:
            # RQ ignores a stop signal that comes within a second of the first: it takes it for the same one.
            cold_stop = threading.Timer(max(self.job_grace, 1.5), self._stop_job)
            cold_stop.daemon = True
            cold_stop.start()
        super().request_stop(signum, frame)

    def _stop_job(self) -> None:
        if self.get_state() == WorkerStatus.BUSY:  # else the job ended in time and the worker is on its way out
            os.kill(os.getpid(), signal.SIGTERM)

    def request_force_stop(self, signum, frame):
        try:
            super().request_force_stop(signum, frame)
        except SystemExit:  # raised inside the job, if one is running
            self.cut_short = self.get_state() == WorkerStatus.BUSY
            raise

    def handle_exception(self, job, *exc_info):
        if not self.cut_short:  # a job cut short failed in nothing: no traceback for it
            super().handle_exception(job, *exc_info)

    def handle_job_failure(self, job, queue, started_job_registry=None, exc_string="", execution=None):
        if not self.cut_short:
            super().handle_job_failure(job, queue, started_job_registry, exc_string, execution)
            return
        put_back(job, queue)
        self.log.info("stopped in the middle of job %s; it is back at the head of the queue", job.id)

    def unsubscribe(self):
        """RQ unsubscribes from its command channel, then stops the thread listening on it and waits for it.
        A thread that reads the unsubscription before it is told to stop waits a minute for a new
        subscription (redis-py's get_message), and the worker with it: told first, it ends as the
        unsubscription arrives."""
        if self.pubsub_thread:
            self.pubsub_thread.stop(timeout=0)
        super().unsubscribe()


def put_back(job: Job, queue: rq.Queue) -> None:
    """A job that was cut short, back at the head of its queue as it was, its tries untouched. (RQ's
    StartedJobRegistry.requeue would do this, but RQ 3.0 looks the job up there by its bare id, where the
    registry keeps the job's id with its execution's.)"""
    job.started_at = job.ended_at = None
    with queue.connection.pipeline() as pipeline:
        queue.enqueue_job(job, pipeline=pipeline, at_front=True)
        queue.started_job_registry.remove_executions(job, pipeline)
        pipeline.execute()


def job_grace(settings: Settings) -> float:
    """How long a worker asked to stop lets the job it is running go on (see WORKER_EXIT_SECONDS)."""
    return max(0.0, settings.stop_seconds - WORKER_EXIT_SECONDS - STORE_STOP_SECONDS)


def is_last_attempt() -> bool:
    """Inside a job: True when a failure now would not be retried."""
    job = rq.get_current_job()
    return job is None or not job.retries_left


def _last_line(result) -> str:
    text = (getattr(result, "exc_string", None) or "").strip()
    return text.splitlines()[-1] if text else "unknown error"
