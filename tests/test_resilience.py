"""Outages and restarts: Redis going down and coming back, a worker killed mid-job, the app stopped (mid-job too)
and started again. Real processes, real Redis."""
import json
import signal
import threading
import urllib.error
import urllib.request
import uuid

from tests import processes
from tests.link_jobs import forget_finished_job, job_exists, wait_until_queued
from tests.local_http import serve_article
from tests.slack_app import (answered_later, app_env, ask, new_team_id, running_app, share, share_job_id,
                             worker_process)
from tests.waiting import wait_until


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
        wait_until_queued(redis_server.url, share_job_id(team, link, ts))
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
        job_id = share_job_id(team, link, ts)
        forget_finished_job(redis_server.url, job_id)  # only the event's record is left to recognise it
        with running_app(env, tmp_path, workers=0) as app:
            share(app.url, team, link, ts=ts, event_id=event_id, headers={"X-Slack-Retry-Num": "1"})
            answered_later(app.url, standin, team, link)
    assert not job_exists(redis_server.url, job_id)
    assert len(standin.calls_to("chat.postMessage", thread_ts=ts)) == 1


def test_a_link_being_read_when_the_app_is_stopped_still_gets_its_answer(tmp_path, standin, pages, redis_url):
    path, team, log_path = f"/news/held-{uuid.uuid4().hex[:8]}", new_team_id(), tmp_path / "serve.log"
    page = pages.hold_article(path)
    with running_app(app_env(standin, pages.port, redis_url, tmp_path), tmp_path) as app:
        ts = share(app.url, team, pages.url(path))
        assert page.requested.wait(60)
        app.process.terminate()
        wait_until(lambda: "warm shut down requested" in log_path.read_text(), 30, log_path.read_text)  # mid-job
        page.released.set()
        assert app.process.wait(timeout=60) == 0
        assert processes.descendants(app.process) == []  # the worker finished its job before the app exited
    [reply] = standin.calls_to("chat.postMessage", thread_ts=ts)
    assert "Helen Okafor" in reply.args["text"]


def test_serve_stops_in_time_on_a_busy_machine_leaving_nothing_and_keeping_the_data(tmp_path, standin, pages):
    """Five times over, every core busy: `quotebot serve` (its worker, the embedded Redis) answers a link and is
    stopped, by SIGTERM or Ctrl-C: it exits within QUOTEBOT_STOP_SECONDS, leaves nothing running, and what it
    stored is there for the next start."""
    teams, env = [], app_env(standin, pages.port, "", tmp_path)  # no REDIS_URL: the embedded Redis
    with processes.busy_cpus():
        for stop_signal in [signal.SIGTERM, signal.SIGINT] * 2 + [signal.SIGTERM]:
            teams.append(new_team_id())
            with running_app(env, tmp_path) as app:
                ts = share(app.url, teams[-1], pages.url("/news/barrier"))
                standin.wait_for("chat.postMessage", thread_ts=ts, timeout=120)  # its worker and Redis are up
                processes.check_stopping_leaves_nothing(app.process, tmp_path, stop_signal)
    for team in teams:
        lookup = json.loads(processes.output(["quotes", "okafor", "--team", team, "--json"], env))
        assert lookup["speakers"] == ["Helen Okafor"]


def test_a_link_cut_short_by_a_stop_is_answered_once_after_a_restart(tmp_path, standin, pages):
    """Every core busy, `quotebot serve` is stopped while its worker waits for a site: it still stops in time
    (the worker stops the job once the job's share of the stop time is up, and puts it back on the queue), and
    the link is answered once, after the next start."""
    path, team = f"/news/cut-{uuid.uuid4().hex[:8]}", new_team_id()
    page = pages.hold_article(path)
    env = app_env(standin, pages.port, "", tmp_path, QUOTEBOT_STOP_SECONDS="6")  # 2 s for the job
    with processes.busy_cpus():
        with running_app(env, tmp_path) as app:
            ts = share(app.url, team, pages.url(path))
            assert page.requested.wait(120)
            processes.check_stopping_leaves_nothing(app.process, tmp_path)
        assert standin.calls_to("chat.postMessage", thread_ts=ts) == []
        page.released.set()
        with running_app(env, tmp_path) as app:
            standin.wait_for("chat.postMessage", thread_ts=ts, timeout=120)
            answered_later(app.url, standin, team, pages.url("/news/barrier"))  # nothing more was on its way
    [reply] = standin.calls_to("chat.postMessage", thread_ts=ts)
    assert "Helen Okafor" in reply.args["text"]
