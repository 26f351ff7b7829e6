"""What operators see of a running app: Prometheus metrics at /metrics summed over the web process and
its worker, and JSON log lines that say which workspace, channel, link and job they are about."""
import functools
import json
import re

import pytest

from tests.prometheus import growth, scrape
from tests.slack_app import app_env, ask, new_team_id, running_app, share
from tests.waiting import wait_until


@pytest.fixture(scope="module")
def app(standin, pages, redis_url, tmp_path_factory):
    """The app with JSON logs; yields its URL and its log file."""
    data_dir = tmp_path_factory.mktemp("operations")
    env = app_env(standin, pages.port, redis_url, data_dir, QUOTEBOT_LOG_FORMAT="json")
    with running_app(env, data_dir) as app:
        yield app.url, data_dir / "serve.log"


def test_metrics_count_a_real_ingest_a_failure_a_lookup_and_a_slack_error(app, standin, pages):
    app_url, _ = app
    team = new_team_id()
    before = scrape(app_url)
    standin.rate_limited_posts = 1
    ts = share(app_url, team, pages.url("/news/barrier"))
    [_, reply] = standin.wait_for("chat.postMessage", count=2, thread_ts=ts)  # rate-limited, then delivered
    standin.wait_for("chat.postMessage", thread_ts=share(app_url, team, pages.url("/missing")))
    ask(app_url, standin, team, "okafor")
    after = scrape(app_url)
    grew = functools.partial(growth, before, after)
    assert grew("quotebot_links_received_total", platform="slack") == 2
    assert grew("quotebot_articles_ingested_total") == 1
    assert grew("quotebot_quotes_stored_total") == int(re.search(r"(\d+) quotes", reply.args["text"]).group(1))
    assert grew("quotebot_articles_failed_total", reason="http_status") == 1
    assert grew("quotebot_extraction_seconds_count") == 1
    assert grew("quotebot_lookups_total", outcome="found") == 1 and grew("quotebot_lookup_seconds_count") == 1
    assert grew("quotebot_slack_api_errors_total", method="chat.postMessage", error="ratelimited") == 1
    assert ("quotebot_queue_jobs", (("state", "queued"),)) in after


def test_json_logs_name_the_workspace_channel_link_and_job(app, standin, pages):
    app_url, log_path = app
    team = new_team_id()
    share(app_url, team, pages.url("/news/barrier"))

    def about_the_link() -> list[dict]:
        written = log_path.read_text()
        entries = [json.loads(line) for line in written[:written.rfind("\n") + 1].splitlines() if line.strip()]
        return [entry for entry in entries if entry.get("team") == team and entry.get("job_id")]

    # The job's last line says what it answered (after posting the reply): by then all of its lines are in.
    wait_until(lambda: any(entry["message"].startswith("answered:") for entry in about_the_link()), 60,
               lambda: log_path.read_text()[-3000:])
    entries = about_the_link()
    assert all(entry["channel"] == "CNEWS" and entry["url"] == pages.url("/news/barrier") for entry in entries)
    assert {"time", "level", "logger", "message"} <= set(entries[0])
