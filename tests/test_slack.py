"""The Slack app end to end: signed requests to the running app, replies read from the Web API stand-in."""
import json
import time
import urllib.request

import pytest

from tests.local_http import ARTICLE
from tests.link_jobs import forget_finished_job, job_exists
from tests.slack_app import (CHANNEL, SECRET, answered_later, app_env, ask, new_team_id, running_app, share,
                             share_job_id)
from tests.slack_requests import message_event, post_signed

SLACK_ACK_LIMIT = 3  # seconds Slack waits for an acknowledgement before it retries and tells the user


@pytest.fixture(scope="module")
def app_url(standin, pages, redis_url, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("app")
    with running_app(app_env(standin, pages.port, redis_url, data_dir), data_dir) as app:
        yield app.url


@pytest.fixture
def shared_article(app_url, standin, pages, team_id):
    """The example article shared in this test's workspace, once its thread reply is in."""
    ts = share(app_url, team_id, pages.url("/news/barrier"))
    standin.wait_for("chat.postMessage", thread_ts=ts)
    return ts


def test_shared_link_gets_a_thread_reply_naming_the_speakers(app_url, standin, pages, team_id):
    ts = share(app_url, team_id, pages.url("/news/barrier?utm_source=share"))
    [reply] = standin.wait_for("chat.postMessage", thread_ts=ts)
    assert reply.args["channel"] == "CNEWS"
    text = reply.args["text"]
    assert "Riverside council approves flood barrier" in text and "The Riverside Ledger" in text
    for name in ("Helen Okafor (3)", "Priya Raman (2)", "Daniel Whitcombe"):
        assert name in text


UNCLEAR_PAGE = ("<html><head><title>Ferry stays docked</title></head><body><article><h1>Ferry stays docked</h1>"
                "<p>“The ferry will not run again until the county pays for a new ramp at the landing,” he said.</p>"
                "<p>Ida Moss, who runs the island shop, was blunter. “Nobody asked the islanders what they wanted "
                "from the crossing,” Moss said.</p></article></body></html>").encode()


def test_a_quote_whose_speaker_is_unclear_is_shown_so_and_found_by_its_words(app_url, standin, pages, team_id):
    pages.route("/news/ferry", UNCLEAR_PAGE)
    ts = share(app_url, team_id, pages.url("/news/ferry"))
    [reply] = standin.wait_for("chat.postMessage", thread_ts=ts)
    assert "2 quotes from 1 speaker: Ida Moss (1 with the speaker unclear)" in reply.args["text"]
    rendered = json.dumps(ask(app_url, standin, team_id, "“until the county pays for a new ramp”")["blocks"],
                          ensure_ascii=False)
    assert "speaker unclear (“he”)" in rendered and "Moss" not in rendered


def test_quotes_command_answers_with_the_speakers_quotes(app_url, standin, pages, team_id, shared_article):
    answer = ask(app_url, standin, team_id, "RAMAN")
    assert answer["response_type"] == "ephemeral"
    rendered = json.dumps(answer["blocks"], ensure_ascii=False)
    assert "underestimated the price of steel by a wide margin." in rendered
    assert "*Priya Raman*, Councillor" in rendered
    assert pages.url("/news/barrier") in rendered and "shared by <@UALICE>" in rendered
    assert "Okafor" not in rendered


def test_quotes_without_a_name_or_with_help_shows_usage(app_url, standin, team_id):
    for text in ("", "help"):
        assert "Usage" in ask(app_url, standin, team_id, text)["text"]


def test_unknown_name_suggests_close_speakers(app_url, standin, team_id, shared_article):
    answer = ask(app_url, standin, team_id, "okafro")
    assert "No quotes" in answer["text"] and "Helen Okafor" in answer["text"]


def test_other_workspaces_see_nothing(app_url, standin, shared_article):
    answer = ask(app_url, standin, new_team_id(), "okafor")
    assert "No quotes" in answer["text"] and "Did you mean" not in answer["text"]
    assert answer.get("blocks", [])[1:] == []


@pytest.mark.parametrize("path, reason", [("/missing", "404"), ("/docs/report.pdf", "PDF")])
def test_unreadable_link_gets_a_short_reason_in_the_thread(app_url, standin, pages, team_id, path, reason):
    ts = share(app_url, team_id, pages.url(path))
    [reply] = standin.wait_for("chat.postMessage", thread_ts=ts)
    assert "couldn't read" in reply.args["text"] and reason in reply.args["text"]
    assert "Traceback" not in reply.args["text"]


def test_a_share_is_acknowledged_in_time_while_its_page_is_still_loading(app_url, standin, pages, team_id):
    path, ts = f"/news/slow-{team_id}", f"{time.time():.6f}"
    page = pages.hold_article(path)
    try:
        body = message_event(team_id, CHANNEL, ts, pages.url(path), f"Ev{team_id}")
        status, _, elapsed = post_signed(app_url, body, "application/json", SECRET)
        assert status == 200 and elapsed < SLACK_ACK_LIMIT, (status, elapsed)
        assert page.requested.wait(30)  # the page is only released once the acknowledgement is in
    finally:
        page.released.set()
    [reply] = standin.wait_for("chat.postMessage", thread_ts=ts)
    assert "Helen Okafor" in reply.args["text"]


def test_slack_retry_of_a_handled_event_is_not_processed_again(app_url, standin, pages, team_id, redis_url):
    url, event_id = pages.url("/news/barrier"), f"Ev{team_id}"
    ts = share(app_url, team_id, url, event_id=event_id)
    standin.wait_for("chat.postMessage", thread_ts=ts)
    # Slack retries for up to an hour; by then the queue may have forgotten the finished job, so only the
    # event's own record stops a second reply.
    forget_finished_job(redis_url, share_job_id(team_id, url, ts))
    share(app_url, team_id, url, ts=ts, event_id=event_id,
          headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    answered_later(app_url, standin, team_id, url)
    assert not job_exists(redis_url, share_job_id(team_id, url, ts))
    assert len(standin.calls_to("chat.postMessage", thread_ts=ts)) == 1


def test_same_link_from_many_messages_is_fetched_once_and_each_gets_a_reply(app_url, standin, pages, team_id):
    path = f"/news/once-{team_id}"
    pages.route(path, ARTICLE)
    threads = [share(app_url, team_id, pages.url(f"{path}?utm_campaign=c{n}")) for n in range(4)]
    for ts in threads:
        [reply] = standin.wait_for("chat.postMessage", thread_ts=ts)
        assert "Helen Okafor" in reply.args["text"]
    assert len([p for p in pages.paths() if p.startswith(path)]) == 1


def test_replies_survive_slack_rate_limits(app_url, standin, pages, team_id):
    standin.rate_limited_posts = 1
    ts = share(app_url, team_id, pages.url("/news/barrier"))
    limited, delivered = standin.wait_for("chat.postMessage", count=2, thread_ts=ts)
    assert limited.args == delivered.args and "Helen Okafor" in delivered.args["text"]


def test_bot_messages_and_edits_are_ignored(app_url, standin, pages, team_id, redis_url):
    url = pages.url("/news/barrier")
    ignored = [share(app_url, team_id, url, bot_id="BQUOTEBOT"),  # our own reply
               share(app_url, team_id, url, bot_id="BNEWSFEED", user="UFEEDBOT"),  # another app's post
               share(app_url, team_id, url, subtype="message_changed")]
    answered_later(app_url, standin, team_id, url)
    for ts in ignored:
        assert not job_exists(redis_url, share_job_id(team_id, url, ts))
        assert standin.calls_to("chat.postMessage", thread_ts=ts) == []


def test_bad_signature_is_refused(app_url):
    body = message_event("TBAD", "CNEWS", "1.0", "http://127.0.0.1/", "EvBAD")
    status, _, _ = post_signed(app_url, body, "application/json", "not-the-secret")
    assert status == 401


def test_health_check(app_url):
    with urllib.request.urlopen(app_url + "/healthz", timeout=2) as response:
        assert response.status == 200
