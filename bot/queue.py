"""The job queue (RQ over the same Redis): front ends enqueue, workers run the ingest pipeline."""
import rq
from redis import Redis
from rq.job import Job

QUEUE_NAME = "quotebot-ingest"
# Transient failures (network, 5xx, Redis blips) are retried after these many seconds.
RETRY_INTERVALS = [5, 20, 60]


def ingest_queue(connection: Redis) -> rq.Queue:
    return rq.Queue(QUEUE_NAME, connection=connection)


def enqueue(connection: Redis, func, *args, job_id: str | None = None) -> Job:
    return ingest_queue(connection).enqueue(func, *args, job_id=job_id, retry=rq.Retry(
        max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS), result_ttl=3600, failure_ttl=7 * 86400)


def is_last_attempt() -> bool:
    """Inside a job: True when a failure now would not be retried."""
    job = rq.get_current_job()
    return job is None or not job.retries_left


def run_worker(connection: Redis, burst: bool = False) -> None:
    """Run jobs in this process, so the spaCy model loaded here serves every job."""
    from bot.runtime import get_ingestor

    get_ingestor()  # load the model before taking the first job
    rq.SimpleWorker([ingest_queue(connection)], connection=connection).work(burst=burst, with_scheduler=True)
