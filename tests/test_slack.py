"""The Slack app end to end: signed requests to the running app, replies read from the Web API stand-in."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from importlib import resources

import pytest

from tests.local_http import LocalServer
from tests.slack_requests import message_event, post_signed, slash_command
from tests.slack_standin import SlackStandIn

SECRET = "test-signing-secret"
ARTICLE = resources.files("handlers").joinpath("demo_article.html").read_bytes()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def pages():
    with LocalServer() as server:
        server.route("/news/barrier", ARTICLE)
        yield server


@pytest.fixture(scope="module")
def standin():
    server = SlackStandIn().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def app_url(standin, pages, redis_url, tmp_path_factory):
    """`quotebot serve` in HTTP mode, with its worker, pointed at the stand-in and the test Redis."""
    port, data_dir = free_port(), tmp_path_factory.mktemp("app-data")
    env = {**os.environ, "SLACK_API_URL": standin.api_url, "SLACK_BOT_TOKEN": "xoxb-test",
           "SLACK_SIGNING_SECRET": SECRET, "REDIS_URL": redis_url, "QUOTEBOT_DATA_DIR": str(data_dir),
           "QUOTEBOT_ALLOW_PRIVATE_URLS": "1", "QUOTEBOT_ALLOWED_PORTS": json.dumps([pages.port])}
    log = open(data_dir / "serve.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "handlers.cli", "serve", "--port", str(port)],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_healthy(url, process, data_dir / "serve.log")
    yield url
    process.terminate()
    process.wait(timeout=20)


def wait_until_healthy(url: str, process: subprocess.Popen, log_path, timeout: float = 60) -> None:
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


@pytest.fixture
def team_id():
    return f"T{uuid.uuid4().hex[:8].upper()}"


def share(app_url, team_id, url, ts=None, event_id=None, headers=None, **event_fields):
    ts = ts or f"{time.time():.6f}"
    body = message_event(team_id, "CNEWS", ts, url, event_id or f"Ev{uuid.uuid4().hex[:10]}", **event_fields)
    status, _, elapsed = post_signed(app_url, body, "application/json", SECRET, headers)
    assert status == 200 and elapsed < 3
    return ts


def ask_and_wait(app_url, standin, team_id, text):
    name = uuid.uuid4().hex
    status, _, elapsed = post_signed(app_url, slash_command(team_id, text, standin.response_url(name)),
                                     "application/x-www-form-urlencoded", SECRET)
    assert status == 200 and elapsed < 3
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        calls = [c for c in standin.calls_to("response_url") if c.path.endswith(name)]
        if calls:
            return calls[0].args
        time.sleep(0.05)
    raise AssertionError("no answer to /quotes")


def test_shared_link_gets_a_thread_reply_naming_the_speakers(app_url, standin, pages, team_id):
    url = pages.url("/news/barrier?utm_source=share")
    ts = share(app_url, team_id, url)
    [reply] = standin.wait_for("chat.postMessage", thread_ts=ts)
    assert reply.args["channel"] == "CNEWS"
    text = reply.args["text"]
    assert "Riverside council approves flood barrier" in text and "The Riverside Ledger" in text
    for name in ("Helen Okafor", "Priya Raman", "Daniel Whitcombe"):
        assert name in text


def test_quotes_command_answers_with_the_speakers_quotes(app_url, standin, pages, team_id):
    ts = share(app_url, team_id, pages.url("/news/barrier"))
    standin.wait_for("chat.postMessage", thread_ts=ts)
    answer = ask_and_wait(app_url, standin, team_id, "RAMAN")
    assert answer["response_type"] == "ephemeral"
    rendered = json.dumps(answer["blocks"], ensure_ascii=False)
    assert "underestimated the price of steel by a wide margin." in rendered
    assert "*Priya Raman*, Councillor" in rendered
    assert pages.url("/news/barrier") in rendered and "shared by <@UALICE>" in rendered
    assert "Okafor" not in rendered


def test_quotes_without_a_name_or_with_help_shows_usage(app_url, standin, team_id):
    for text in ("", "help"):
        assert "Usage" in ask_and_wait(app_url, standin, team_id, text)["text"]


def test_unknown_name_suggests_close_speakers(app_url, standin, pages, team_id):
    ts = share(app_url, team_id, pages.url("/news/barrier"))
    standin.wait_for("chat.postMessage", thread_ts=ts)
    answer = ask_and_wait(app_url, standin, team_id, "okafro")
    assert "No quotes" in answer["text"] and "Helen Okafor" in answer["text"]


def test_unreadable_link_gets_a_short_reason_in_the_thread(app_url, standin, pages, team_id):
    ts = share(app_url, team_id, pages.url("/missing"))
    [reply] = standin.wait_for("chat.postMessage", thread_ts=ts)
    assert "couldn't read" in reply.args["text"] and "404" in reply.args["text"]
    assert "Traceback" not in reply.args["text"]


def test_slack_retry_of_a_handled_event_is_not_processed_again(app_url, standin, pages, team_id):
    ts, event_id = f"{time.time():.6f}", "EvRETRIED1"
    share(app_url, team_id, pages.url("/news/barrier"), ts=ts, event_id=event_id)
    share(app_url, team_id, pages.url("/news/barrier"), ts=ts, event_id=event_id,
          headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    standin.wait_for("chat.postMessage", thread_ts=ts)
    time.sleep(1.5)
    assert len(standin.calls_to("chat.postMessage", thread_ts=ts)) == 1


def test_same_link_from_two_messages_is_fetched_once_and_both_get_replies(app_url, standin, pages, team_id):
    path = f"/news/once-{team_id}"
    pages.route(path, ARTICLE)
    first = share(app_url, team_id, pages.url(path))
    standin.wait_for("chat.postMessage", thread_ts=first)
    second = share(app_url, team_id, pages.url(path + "?utm_campaign=again"))
    [reply] = standin.wait_for("chat.postMessage", thread_ts=second)
    assert "Helen Okafor" in reply.args["text"]
    assert pages.paths().count(path) == 1 and len([p for p in pages.paths() if p.startswith(path)]) == 1


def test_bot_messages_and_edits_are_ignored(app_url, standin, pages, team_id):
    own = share(app_url, team_id, pages.url("/news/barrier"), bot_id="BQUOTEBOT")
    edited = share(app_url, team_id, pages.url("/news/barrier"), subtype="message_changed")
    time.sleep(2)
    assert standin.calls_to("chat.postMessage", thread_ts=own) == []
    assert standin.calls_to("chat.postMessage", thread_ts=edited) == []


def test_bad_signature_is_refused(app_url):
    body = message_event("TBAD", "CNEWS", "1.0", "http://127.0.0.1/", "EvBAD")
    status, _, _ = post_signed(app_url, body, "application/json", "not-the-secret")
    assert status == 401


def test_health_check(app_url):
    with urllib.request.urlopen(app_url + "/healthz", timeout=2) as response:
        assert response.status == 200
