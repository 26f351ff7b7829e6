"""A shared link's thread never stays silent: a link queued behind others, or a slow or failing site, gets a reply
within seconds ("queued", "still trying"), edited later (chat.update) into the answer. The running app with two
workers, pages on 127.0.0.1."""
import time

import pytest

from tests.link_jobs import queued
from tests.local_http import serve_article
from tests.slack_app import app_env, new_team_id, running_app, share
from tests.slack_standin import SlackStandIn
from tests.waiting import wait_until

SLOW_NOTICE_SECONDS = 2
FIRST_REPLY_LIMIT = 30  # seconds: what the product promises a shared link's thread
WORKERS = 2
BACKLOG = 50  # links queued ahead
SLOW_SITE_SECONDS = 5


@pytest.fixture(scope="module")
def app_url(standin, pages, redis_url, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("feedback")
    env = app_env(standin, pages.port, redis_url, data_dir, QUOTEBOT_SLOW_NOTICE_SECONDS=str(SLOW_NOTICE_SECONDS))
    with running_app(env, data_dir, workers=WORKERS) as app:
        yield app.url


def notice_then_answer(standin: SlackStandIn, ts: str):
    """The thread's one reply (the notice), and the edit that turned it into the answer."""
    [notice] = standin.wait_for("chat.postMessage", thread_ts=ts, timeout=FIRST_REPLY_LIMIT)
    assert "keep trying" in notice.args["text"] and "Helen Okafor" not in notice.args["text"]
    [answer] = standin.wait_for("chat.update", ts=notice.reply["ts"], timeout=90)
    assert answer.args["channel"] == notice.args["channel"]
    return notice, answer


def test_a_failing_site_is_told_at_once_and_the_notice_becomes_the_article(app_url, standin, pages):
    team = new_team_id()
    path, answers = f"/news/flaky-{team}", iter([503])

    def unavailable_once(request):
        if next(answers, 200) == 200:
            return serve_article(request)
        request.send_response(503)
        request.send_header("Content-Length", "4")
        request.end_headers()
        request.wfile.write(b"busy")

    pages.handle(path, unavailable_once)
    ts = share(app_url, team, pages.url(path))
    notice, answer = notice_then_answer(standin, ts)
    assert "503" in notice.args["text"]
    assert "Helen Okafor" in answer.args["text"] and answer.args["blocks"]
    assert len(standin.calls_to("chat.postMessage", thread_ts=ts)) == 1
    assert pages.paths().count(path) == 2


def test_a_slow_site_is_told_within_seconds_then_the_notice_becomes_the_article(app_url, standin, pages):
    team = new_team_id()
    path = f"/news/slow-{team}"
    page = pages.hold_article(path)  # answers only once the thread has heard
    ts = share(app_url, team, pages.url(path))
    [notice] = standin.wait_for("chat.postMessage", thread_ts=ts, timeout=FIRST_REPLY_LIMIT)
    page.released.set()
    assert "is slow to answer" in notice.args["text"]
    notice, answer = notice_then_answer(standin, ts)
    assert "Helen Okafor" in answer.args["text"]
    assert pages.paths().count(path) == 1


def slow_site(request):
    """A site that takes SLOW_SITE_SECONDS to answer."""
    time.sleep(SLOW_SITE_SECONDS)
    serve_article(request)


def test_a_link_behind_a_backlog_hears_at_once_how_many_are_ahead_then_the_notice_becomes_the_article(
        app_url, standin, pages, redis_url):
    busy, team = new_team_id(), new_team_id()
    held = [pages.hold_article(f"/news/held-{busy}-{n}") for n in range(WORKERS)]
    pages.handle(f"/news/slow-{busy}", slow_site)
    for n in range(WORKERS):
        share(app_url, busy, pages.url(f"/news/held-{busy}-{n}"))
    for page in held:  # every worker is busy
        assert page.requested.wait(60)
    for _ in range(BACKLOG):
        share(app_url, busy, pages.url(f"/news/slow-{busy}"))
    wait_until(lambda: queued(redis_url) == BACKLOG, 60, lambda: f"{queued(redis_url)} links queued")
    ts = share(app_url, team, pages.url("/news/barrier"))
    [notice] = standin.wait_for("chat.postMessage", thread_ts=ts, timeout=FIRST_REPLY_LIMIT)
    assert f"is queued behind {BACKLOG} other links" in notice.args["text"]
    for page in held:
        page.released.set()
    [answer] = standin.wait_for("chat.update", ts=notice.reply["ts"], timeout=120)
    assert "Helen Okafor" in answer.args["text"] and answer.args["blocks"]
    assert len(standin.calls_to("chat.postMessage", thread_ts=ts)) == 1
