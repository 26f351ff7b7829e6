"""What tests read of the job queue behind a front end: the job of one shared link, by its id (`link_job_id`), or of one
feed item (`item_job_id`)."""
import redis
import rq
from rq.job import Job

from bot.queue import QUEUE_NAME
from tests.waiting import wait_until


def job_exists(redis_url: str, job_id: str) -> bool:
    with redis.Redis.from_url(redis_url) as connection:
        return Job.exists(job_id, connection=connection)


def forget_finished_job(redis_url: str, job_id: str, timeout: float = 30) -> None:
    """Delete a finished job, as RQ does once the job's result has outlived its time to live. (A job posts its
    reply just before it finishes: wait for that.)"""
    with redis.Redis.from_url(redis_url) as connection:
        wait_until_finished(redis_url, job_id, timeout)
        Job.fetch(job_id, connection=connection).delete()


def wait_until_finished(redis_url: str, job_id: str, timeout: float = 30) -> None:
    """Wait until the job has run to its end (it was queued already)."""
    with redis.Redis.from_url(redis_url) as connection:
        job = Job.fetch(job_id, connection=connection)
        wait_until(lambda: job.is_finished, timeout, lambda: f"job {job_id} is {job.get_status()}")


def wait_until_queued(redis_url: str, job_id: str, timeout: float = 30) -> None:
    """Wait until the job waits in the queue (a front end acknowledges first, then queues)."""
    with redis.Redis.from_url(redis_url) as connection:
        queue = rq.Queue(QUEUE_NAME, connection=connection)
        wait_until(lambda: job_id in queue.get_job_ids(), timeout, lambda: f"job {job_id} was never queued")


def queued(redis_url: str) -> int:
    """How many jobs wait in the queue, not yet taken by a worker."""
    with redis.Redis.from_url(redis_url) as connection:
        return rq.Queue(QUEUE_NAME, connection=connection).count
