"""The job queue (RQ over the same Redis): front ends enqueue, workers run the ingest pipeline."""
import logging
import signal
import time
from dataclasses import dataclass
from datetime import timedelta

import redis
import rq
from rq.exceptions import DuplicateJobError

from config.settings import Settings

QUEUE_NAME = "quotebot-ingest"
# Transient failures (network, 5xx, Redis blips) are retried after these many seconds.
RETRY_INTERVALS = [5, 20, 60]
OUTAGE_PAUSE_SECONDS = 2

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
        return IngestWorker([self.queue], connection=self.connection,
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
    stop_requested = False  # kept by the class: a stop asked of a worker that then lost Redis still holds

    def request_stop(self, signum, frame):
        IngestWorker.stop_requested = True
        super().request_stop(signum, frame)


def is_last_attempt() -> bool:
    """Inside a job: True when a failure now would not be retried."""
    job = rq.get_current_job()
    return job is None or not job.retries_left


def _last_line(result) -> str:
    text = (getattr(result, "exc_string", None) or "").strip()
    return text.splitlines()[-1] if text else "unknown error"
