"""A shared link's thread never stays silent: a slow or failing site gets a "still trying" reply within
seconds, edited later (chat.update) into the answer. The running app, pages on 127.0.0.1."""
import pytest

from tests.local_http import serve_article
from tests.slack_app import app_env, new_team_id, running_app, share
from tests.slack_standin import SlackStandIn

SLOW_NOTICE_SECONDS = 2
FIRST_REPLY_LIMIT = 30  # seconds: what the product promises a shared link's thread


@pytest.fixture(scope="module")
def app_url(standin, pages, redis_url, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("feedback")
    env = app_env(standin, pages.port, redis_url, data_dir, QUOTEBOT_SLOW_NOTICE_SECONDS=str(SLOW_NOTICE_SECONDS))
    with running_app(env, data_dir) as app:
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
