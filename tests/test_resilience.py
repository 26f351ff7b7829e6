"""Outages: Redis going down and coming back, a worker killed mid-job. Real processes, real Redis."""
import signal
import threading
import urllib.error
import urllib.request

import pytest

from tests.local_http import serve_article
from tests.redis_process import RedisProcess
from tests.slack_app import app_env, ask, new_team_id, running_app, share, worker_process


@pytest.fixture
def redis_server(tmp_path):
    (tmp_path / "redis").mkdir()
    server = RedisProcess(tmp_path / "redis").start()
    yield server
    server.stop()


def health(url: str) -> int:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=3) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_store_outage_is_told_to_users_and_the_bot_recovers_without_restart(tmp_path, standin, pages,
                                                                            redis_server):
    team = new_team_id()
    with running_app(app_env(standin, pages.port, redis_server.url, tmp_path), tmp_path) as url:
        redis_server.stop()
        ts = share(url, team, pages.url("/news/barrier"))  # still acknowledged within 3 s
        [reply] = standin.wait_for("chat.postMessage", thread_ts=ts, timeout=15)
        assert "unavailable" in reply.args["text"]
        assert "unavailable" in ask(url, standin, team, "okafor")["text"]
        assert health(url) == 503

        redis_server.start()
        ts = share(url, team, pages.url("/news/barrier"))
        [reply] = standin.wait_for("chat.postMessage", thread_ts=ts, timeout=60)
        assert "Helen Okafor" in reply.args["text"]
        assert "Helen Okafor" in ask(url, standin, team, "okafor")["text"]


def test_queued_job_survives_a_redis_restart(tmp_path, standin, pages, redis_server):
    team, env = new_team_id(), app_env(standin, pages.port, redis_server.url, tmp_path)
    with running_app(env, tmp_path, workers=0) as url:
        ts = share(url, team, pages.url("/news/barrier"))
        redis_server.stop()
        redis_server.start()  # the append-only file brings the queued job back
        with worker_process(env, tmp_path):
            [reply] = standin.wait_for("chat.postMessage", thread_ts=ts, timeout=60)
            assert "Helen Okafor" in reply.args["text"]


def test_job_of_a_worker_killed_mid_job_is_completed_by_another(tmp_path, standin, pages, redis_server):
    first_request_seen, release = threading.Event(), threading.Event()

    def stall_first_request(request):
        if not first_request_seen.is_set():
            first_request_seen.set()
            release.wait(30)  # the worker fetching this is killed meanwhile
            return
        serve_article(request)

    pages.handle("/news/stalled", stall_first_request)
    team = new_team_id()
    env = app_env(standin, pages.port, redis_server.url, tmp_path, QUOTEBOT_WORKER_MONITORING_INTERVAL="1",
                  QUOTEBOT_WORKER_MAINTENANCE_INTERVAL="2", QUOTEBOT_FETCH_TOTAL_TIMEOUT="5", QUOTEBOT_JOB_TIMEOUT="10")
    with running_app(env, tmp_path, workers=0) as url:
        with worker_process(env, tmp_path) as doomed:
            ts = share(url, team, pages.url("/news/stalled"))
            assert first_request_seen.wait(60)
            doomed.send_signal(signal.SIGKILL)
            doomed.wait()
        release.set()
        with worker_process(env, tmp_path):
            [reply] = standin.wait_for("chat.postMessage", thread_ts=ts, timeout=150)
            assert "Helen Okafor" in reply.args["text"]


def test_an_event_handled_before_a_restart_is_not_handled_again(tmp_path, standin, pages, redis_server):
    team, env = new_team_id(), app_env(standin, pages.port, redis_server.url, tmp_path)
    ts, event_id = "1700000000.000100", f"Ev{team}"
    with running_app(env, tmp_path) as url:
        share(url, team, pages.url("/news/barrier"), ts=ts, event_id=event_id)
        standin.wait_for("chat.postMessage", thread_ts=ts)
    with running_app(env, tmp_path) as url:
        share(url, team, pages.url("/news/barrier"), ts=ts, event_id=event_id, headers={"X-Slack-Retry-Num": "1"})
        # A later share answered: a job queued for the retry would have run before it (one worker, in order).
        standin.wait_for("chat.postMessage", thread_ts=share(url, team, pages.url("/news/barrier")))
    assert len(standin.calls_to("chat.postMessage", thread_ts=ts)) == 1
