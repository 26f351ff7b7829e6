"""`quotebot serve` as a real process for tests, the user actions it answers (share a link, ask /quotes),
and what tests read of its job queue."""
import json
import os
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import redis
import rq
from rq.job import Job

from bot.queue import QUEUE_NAME
from handlers.slack.listeners.events.link_messages import link_job_id
from tests import processes
from tests.redis_process import free_port
from tests.slack_requests import message_event, post_signed, slash_command
from tests.slack_standin import SlackStandIn

SECRET = "test-signing-secret"
CHANNEL = "CNEWS"
ARTICLE = resources.files("handlers").joinpath("demo_article.html").read_bytes()


def app_env(standin: SlackStandIn, page_port: int, redis_url: str, data_dir: Path, **extra: str) -> dict:
    return {**os.environ, "SLACK_API_URL": standin.api_url, "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": SECRET, "REDIS_URL": redis_url, "QUOTEBOT_DATA_DIR": str(data_dir),
            "QUOTEBOT_ALLOW_PRIVATE_URLS": "1", "QUOTEBOT_ALLOWED_PORTS": json.dumps([page_port]), **extra}


@dataclass(frozen=True)
class RunningApp:
    url: str
    process: subprocess.Popen


@contextmanager
def running_app(env: dict, data_dir: Path, workers: int = 1) -> Iterator[RunningApp]:
    """`quotebot serve`, yielded once /healthz answers 200 and its workers are ready for jobs. (With the
    embedded Redis, whose address only the app knows, a test waits for a first reply instead.)"""
    port, log_path = free_port(), data_dir / "serve.log"
    with processes.running(["serve", "--port", str(port), "--workers", str(workers)], env, log_path) as process:
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url, process, log_path)
        if workers and env["REDIS_URL"]:
            processes.wait_for_workers(env["REDIS_URL"], process, workers, log_path)
        yield RunningApp(url, process)


@contextmanager
def worker_process(env: dict, data_dir: Path) -> Iterator[subprocess.Popen]:
    """`quotebot worker`, yielded once it takes jobs; stopped on the way out, unless the test already killed
    it, with whatever it forked (RQ's scheduler)."""
    log_path = data_dir / f"worker-{uuid.uuid4().hex[:6]}.log"
    with processes.running(["worker"], env, log_path) as process:
        processes.wait_for_workers(env["REDIS_URL"], process, log_path=log_path)
        yield process


def wait_until_healthy(url: str, process: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"quotebot serve exited:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"quotebot serve never became healthy:\n{log_path.read_text()}")


def new_team_id() -> str:
    return f"T{uuid.uuid4().hex[:8].upper()}"


def share(app_url: str, team_id: str, url: str, ts: str | None = None, event_id: str | None = None,
          headers: dict | None = None, **event_fields) -> str:
    """Post a message sharing `url`, as Slack sends it; returns the message ts. (How fast the app answers
    is the concern of one test of its own, not of every test that shares a link.)"""
    ts = ts or f"{time.time():.6f}"
    body = message_event(team_id, CHANNEL, ts, url, event_id or f"Ev{uuid.uuid4().hex[:10]}", **event_fields)
    status, answer, _ = post_signed(app_url, body, "application/json", SECRET, headers)
    assert status == 200, (status, answer)
    return ts


def ask(app_url: str, standin: SlackStandIn, team_id: str, text: str) -> dict:
    """Run `/quotes text`; returns what was sent back."""
    name = uuid.uuid4().hex
    status, answer, _ = post_signed(app_url, slash_command(team_id, text, standin.response_url(name)),
                                    "application/x-www-form-urlencoded", SECRET)
    assert status == 200, (status, answer)
    [answer] = standin.wait_for("response_url", path=f"/respond/{name}", timeout=10)
    return answer.args


def answered_later(app_url: str, standin: SlackStandIn, team_id: str, url: str) -> None:
    """Share `url` in a new message and wait for its reply: the positive signal that whatever the app was
    sent before has been handled. Bolt hands events to its listener threads in the order they arrive and
    the worker takes jobs in order, so a reply the earlier messages were to get would already be queued."""
    ts = share(app_url, team_id, url)
    standin.wait_for("chat.postMessage", thread_ts=ts)


# --- the job queue behind the app ------------------------------------------------------------

def share_job_id(team_id: str, url: str, ts: str) -> str:
    return link_job_id(team_id, url, CHANNEL, ts)


def share_job_exists(redis_url: str, team_id: str, url: str, ts: str) -> bool:
    with redis.Redis.from_url(redis_url) as connection:
        return Job.exists(share_job_id(team_id, url, ts), connection=connection)


def forget_finished_job(redis_url: str, team_id: str, url: str, ts: str, timeout: float = 30) -> None:
    """Delete the finished job of a share, as RQ does once the job's result has outlived its time to live.
    (The job posts its reply just before it finishes: wait for that.)"""
    with redis.Redis.from_url(redis_url) as connection:
        job = Job.fetch(share_job_id(team_id, url, ts), connection=connection)
        deadline = time.monotonic() + timeout
        while not job.is_finished:
            assert time.monotonic() < deadline, f"job {job.id} is {job.get_status()}"
            time.sleep(0.05)
        job.delete()


def wait_until_queued(redis_url: str, team_id: str, url: str, ts: str, timeout: float = 30) -> None:
    """Wait until the share's job waits in the queue (the app acknowledges first, then queues)."""
    job_id = share_job_id(team_id, url, ts)
    with redis.Redis.from_url(redis_url) as connection:
        queue = rq.Queue(QUEUE_NAME, connection=connection)
        deadline = time.monotonic() + timeout
        while job_id not in queue.get_job_ids():
            assert time.monotonic() < deadline, f"job {job_id} was never queued"
            time.sleep(0.05)
