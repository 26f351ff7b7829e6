"""Outages and restarts: Redis going down and coming back, a worker killed mid-job, the app stopped and started
again. Real processes, real Redis."""
import json
import signal
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests import processes
from tests.local_http import LocalServer
from tests.redis_process import RedisProcess
from tests.slack_app import (ARTICLE, answered_later, app_env, ask, forget_finished_job, new_team_id, running_app,
                             share, share_job_exists, wait_until_queued, worker_process)
from tests.slack_standin import SlackStandIn


@pytest.fixture
def standin():
    server = SlackStandIn().start()
    yield server
    server.stop()


@pytest.fixture
def pages():
    with LocalServer() as server:
        server.route("/news/barrier", ARTICLE)
        yield server


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
    with running_app(app_env(standin, pages.port, redis_server.url, tmp_path), tmp_path) as app:
        url = app.url
        redis_server.stop()
        ts = share(url, team, pages.url("/news/barrier"))  # still acknowledged
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
    team, link = new_team_id(), pages.url("/news/barrier")
    env = app_env(standin, pages.port, redis_server.url, tmp_path)
    with running_app(env, tmp_path, workers=0) as app:
        ts = share(app.url, team, link)
        wait_until_queued(redis_server.url, team, link, ts)
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
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.send_header("Content-Length", str(len(ARTICLE)))
        request.end_headers()
        request.wfile.write(ARTICLE)

    pages.handle("/news/stalled", stall_first_request)
    team = new_team_id()
    env = app_env(standin, pages.port, redis_server.url, tmp_path, QUOTEBOT_WORKER_MONITORING_INTERVAL="1",
                  QUOTEBOT_WORKER_MAINTENANCE_INTERVAL="2", QUOTEBOT_FETCH_TOTAL_TIMEOUT="5", QUOTEBOT_JOB_TIMEOUT="10")
    with running_app(env, tmp_path, workers=0) as app:
        with worker_process(env, tmp_path) as doomed:
            ts = share(app.url, team, pages.url("/news/stalled"))
            assert first_request_seen.wait(60)
            doomed.send_signal(signal.SIGKILL)
            doomed.wait()
        release.set()
        with worker_process(env, tmp_path):
            [reply] = standin.wait_for("chat.postMessage", thread_ts=ts, timeout=150)
            assert "Helen Okafor" in reply.args["text"]


def test_an_event_handled_before_a_restart_is_not_handled_again(tmp_path, standin, pages, redis_server):
    team, link = new_team_id(), pages.url("/news/barrier")
    env, event_id = app_env(standin, pages.port, redis_server.url, tmp_path), f"Ev{team}"
    with worker_process(env, tmp_path):  # outlives the app, which restarts
        with running_app(env, tmp_path, workers=0) as app:
            ts = share(app.url, team, link, event_id=event_id)
            standin.wait_for("chat.postMessage", thread_ts=ts)
        forget_finished_job(redis_server.url, team, link, ts)  # only the event's record is left to recognise it
        with running_app(env, tmp_path, workers=0) as app:
            share(app.url, team, link, ts=ts, event_id=event_id, headers={"X-Slack-Retry-Num": "1"})
            answered_later(app.url, standin, team, link)
    assert not share_job_exists(redis_server.url, team, link, ts)
    assert len(standin.calls_to("chat.postMessage", thread_ts=ts)) == 1


def started_by(app: subprocess.Popen, data_dir: Path) -> list[processes.Leftover]:
    """What the app started and still runs: its workers, and the embedded Redis keeping its data in data_dir."""
    return processes.descendants(app) + [left for left in processes.left_running() if left.cwd == data_dir.resolve()]


def test_stopped_app_stops_its_workers_and_embedded_redis_and_keeps_the_data(tmp_path, standin, pages):
    team, env = new_team_id(), app_env(standin, pages.port, "", tmp_path)  # no REDIS_URL: the embedded Redis
    with running_app(env, tmp_path) as app:
        ts = share(app.url, team, pages.url("/news/barrier"))
        standin.wait_for("chat.postMessage", thread_ts=ts, timeout=120)  # its worker and Redis are up
        started = [left.command for left in started_by(app.process, tmp_path)]
        assert any("redis-server" in command for command in started), started
        assert any(command.endswith("handlers.cli worker") for command in started), started
        app.process.terminate()
        assert app.process.wait(timeout=60) == 0
        assert started_by(app.process, tmp_path) == []
    lookup = json.loads(processes.output(["quotes", "okafor", "--team", team, "--json"], env))
    assert lookup["speakers"] == ["Helen Okafor"]
