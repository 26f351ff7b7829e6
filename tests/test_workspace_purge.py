"""A workspace purged while one of its jobs runs: the job, paused between two writes while the purge runs, writes
nothing after it, answers nothing and is dropped; nothing of the workspace is left but the generation the purge
moved on. A real worker, a real Redis."""
import time

import redis
from rq.job import Job, JobStatus

from bot.queue import JobQueue
from bot.store import FeedStore, Keys, QuoteStore, article_id
from bot.urls import canonical_url
from bot.workspaces import purge
from config.settings import Settings
from handlers.link_answers import link_job_id
from handlers.slack.jobs import answer_link
from tests.link_jobs import job_exists
from tests.local_http import serve_article
from tests.slack_app import CHANNEL, app_env, new_team_id, worker_process
from tests.waiting import wait_until


def workspace_keys(client: redis.Redis, team_id: str) -> set[bytes]:
    return set(client.scan_iter(match=Keys(team_id).everything()))


def settled(redis_url: str, job_id: str) -> bool:
    """The job is over: finished, failed, or dropped."""
    with redis.Redis.from_url(redis_url) as connection:
        return not Job.exists(job_id, connection=connection) or Job.fetch(job_id, connection=connection).get_status(
        ) in (JobStatus.FINISHED, JobStatus.FAILED)


def test_a_job_paused_between_two_writes_while_its_workspace_is_purged_writes_nothing_after(
        tmp_path, standin, pages, redis_url, redis_client):
    team, path, ts = new_team_id(), "/news/during-purge", f"{time.time():.6f}"
    url = pages.url(path)
    store = QuoteStore(redis_client)
    jobs = JobQueue(redis_client, Settings(REDIS_URL=redis_url), store)  # as the front ends queue
    store.claim_event(team, "Ev-before")  # the workspace has data already
    seen_by_the_purge = []

    def purge_then_answer(request):  # the job asks for the page after its first write, and waits for it
        seen_by_the_purge.append(workspace_keys(redis_client, team))
        purge(store, FeedStore(redis_client), jobs, team)
        serve_article(request)

    pages.handle(path, purge_then_answer)
    job_id = link_job_id(team, url, CHANNEL, ts)
    with worker_process(app_env(standin, pages.port, redis_url, tmp_path), tmp_path):
        assert jobs.enqueue_once(job_id, answer_link, team, CHANNEL, ts, url, "UALICE", workspace=team)
        wait_until(lambda: settled(redis_url, job_id), 60, lambda: f"job {job_id} is still running")
    [before] = seen_by_the_purge
    assert Keys(team).article_lock(article_id(canonical_url(url))).encode() in before  # the job's first write
    assert workspace_keys(redis_client, team) == {Keys(team).generation().encode()}
    assert standin.calls_to("chat.postMessage", thread_ts=ts) == []
    assert not job_exists(redis_url, job_id)  # dropped, not failed nor to be tried again
