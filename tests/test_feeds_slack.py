"""Watched feeds end to end on Slack and the command line: the real `quotebot serve` (two workers) and `quotebot feeds`
against the Slack stand-in and an outlet on 127.0.0.1 whose feeds change between polls, on a Redis of the module's
own (its queue and schedules are asserted on). What the channels heard is read from the stand-in, what the outlet
was asked from its records."""
import json
import time
from datetime import datetime
from pathlib import Path

import pytest
import redis
import rq

from bot.queue import QUEUE_NAME
from bot.store import FeedKeys, Keys, feed_id
from handlers import present
from handlers.feeds import POLL_SLOT_SECONDS, item_job_id
from tests import newsroom, processes
from tests.feed_server import Outlet, harbour_story
from tests.link_jobs import wait_until_finished
from tests.newsroom import CUTS, REVIEW_PROMISED
from tests.redis_process import RedisProcess
from tests.slack_app import app_env, ask, new_team_id, running_app, send_event, worker_process
from tests.slack_standin import dm_channel
from tests.waiting import wait_until

FIRST_ITEMS = 3
INTERVAL = 60
SLOT = POLL_SLOT_SECONDS


@pytest.fixture(scope="module")
def outlet():
    with Outlet() as server:
        server.article_delay = 0.2  # long enough that two requests at once to the outlet would overlap
        yield server


@pytest.fixture(scope="module")
def private_redis(tmp_path_factory):
    server = RedisProcess(tmp_path_factory.mktemp("feeds-redis")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def env(standin, outlet, private_redis, tmp_path_factory) -> dict:
    return app_env(standin, outlet.port, private_redis.url, tmp_path_factory.mktemp("feeds-app"),
                   QUOTEBOT_FEED_FIRST_ITEMS=str(FIRST_ITEMS), QUOTEBOT_FEED_INTERVAL_SECONDS=str(INTERVAL),
                   QUOTEBOT_FOLLOW_QUIET_SECONDS="30")


@pytest.fixture(scope="module")
def app_url(env):
    data_dir = env["QUOTEBOT_DATA_DIR"]
    with running_app(env, Path(data_dir), workers=2) as app:
        yield app.url


@pytest.fixture(scope="module")
def client(private_redis):
    with redis.Redis.from_url(private_redis.url) as connection:
        yield connection


@pytest.fixture
def team_id():
    return new_team_id()


def feeds_cli(env, *args) -> str:
    return processes.output(["feeds", *args], env)


def channel_posts(standin, channel: str, count: int, timeout: float = 60) -> list[dict]:
    return [call.args for call in standin.wait_for("chat.postMessage", count, timeout=timeout, channel=channel)]


def test_an_all_mode_channel_hears_each_new_article_with_quotes_read_once_and_one_request_at_a_time(
        app_url, standin, outlet, env, team_id):
    no_quotes = newsroom.Story("/harbour/quiet", "Harbour closed for the regatta", "Harbour Courier", "2025-05-20",
                               ("The harbour will be closed to traffic on Saturday for the regatta.",))
    feed = outlet.publish(f"/{team_id}/rss.xml", "rss", "Harbour Courier",
                          [harbour_story(11), no_quotes, harbour_story(10), harbour_story(9), harbour_story(8)])
    answer = ask(app_url, standin, team_id, f"watch <{outlet.url('/')}{team_id}/rss.xml>", channel="CALL")
    assert answer["text"] == (f"Watching *Harbour Courier* ({feed}): I check it every minute, and every new article "
                              "with quotes is posted in <#CALL>.")
    posts = channel_posts(standin, "CALL", 2)
    assert sorted(post["blocks"][1]["text"]["text"] for post in posts) == [
        f"*Harbour wall section {n} to be repaired* (Harbour Courier) — 1 quote from 1 speaker: Ines Moreau"
        for n in (10, 11)]
    assert all(post["text"].startswith("New in *Harbour Courier*:") for post in posts)
    assert {post["blocks"][-1]["elements"][0]["text"] for post in posts} == {
        f"<{outlet.url(f'/harbour/{n}')}|Harbour wall section {n} to be repaired>" for n in (10, 11)}

    outlet.publish(f"/{team_id}/rss.xml", "rss", "Harbour Courier", [harbour_story(12), harbour_story(11)])
    assert feeds_cli(env, "poll", "--team", team_id) == "Harbour Courier: 1 new item, 1 ingested, 0 skipped, 0 errors\n"
    assert "section 12" in channel_posts(standin, "CALL", 3)[-1]["blocks"][1]["text"]["text"]
    for path in ("/harbour/12", "/harbour/11", "/harbour/10", "/harbour/quiet"):
        assert len(outlet.asked(path)) == 1, path  # each article read once
    assert outlet.asked("/harbour/9") == []  # beyond the newest three of the first poll
    assert outlet.overlapping() == []

    [listed] = json.loads(feeds_cli(env, "list", "--team", team_id, "--json"))
    assert {key: listed[key] for key in ("url", "title", "channel", "mode", "items_seen", "articles_ingested",
                                         "errors_in_a_row", "last_status")} == {
        "url": feed, "title": "Harbour Courier", "channel": "CALL", "mode": "all", "items_seen": 6,
        "articles_ingested": 4, "errors_in_a_row": 0, "last_status": "ok"}
    assert 0 < datetime.fromisoformat(listed["next_poll"]).timestamp() - time.time() <= INTERVAL * 1.1
    found = json.loads(processes.output(["quotes", "moreau", "--json", "--team", team_id], env))
    assert {(article["shared_by"], article["via"]) for quote in found["quotes"] for article in quote["articles"]} == {
        ("feed: Harbour Courier", "feed")}


def test_a_silent_feed_posts_nothing_yet_its_quotes_are_looked_up_and_followers_hear(app_url, standin, outlet, env,
                                                                                     team_id):
    newsroom.serve_story(outlet.server)
    path = f"/{team_id}/atom.xml"
    outlet.publish(path, "atom", "Northern Wire", [CUTS])
    assert "its quotes are kept for lookups and follows; nothing is posted" in ask(
        app_url, standin, team_id, f"watch {outlet.url(path)} silent", channel="CQUIET")["text"]
    wait_until_finished(env["REDIS_URL"], item_job_id(feed_id(outlet.url(path)), outlet.url(CUTS.path)), 60)
    assert "Marta Quintero" in ask(app_url, standin, team_id, "quintero")["text"]
    ask(app_url, standin, team_id, "follow quintero", user="UFAN")
    outlet.publish(path, "atom", "Northern Wire", [REVIEW_PROMISED, CUTS])
    feeds_cli(env, "poll", "--team", team_id)
    [news] = standin.wait_for("chat.postMessage", channel=dm_channel("UFAN"))
    assert news.args["text"] == "New from *Marta Quintero*: 2 quotes."
    assert newsroom.REVIEW in json.dumps(news.args["blocks"], ensure_ascii=False)
    assert standin.calls_to("chat.postMessage", channel="CQUIET") == []


def test_a_digest_channel_hears_once_a_day_of_the_new_articles_and_who_was_quoted_most(app_url, standin, outlet,
                                                                                      client, team_id):
    path = f"/{team_id}/sitemap.xml"
    outlet.publish(path, "news-sitemap", "Harbour Courier",
                   [harbour_story(22, "Ana Silva"), harbour_story(21), harbour_story(20, "Ana Silva")])
    assert "<#CDIGEST> gets a digest of its new articles every day at 08:00 UTC" in ask(
        app_url, standin, team_id, f"watch {outlet.url(path)} digest", channel="CDIGEST")["text"]
    queue = rq.Queue(QUEUE_NAME, connection=client)

    def digest_job():
        return next((job_id for job_id in queue.scheduled_job_registry.get_job_ids()
                     if job_id.startswith(f"feed-digest-{team_id}-CDIGEST-")), None)

    job_id = wait_until(digest_job, 60, lambda: "no digest was scheduled")
    due = queue.scheduled_job_registry.get_scheduled_time(job_id)
    assert due.hour == 8 and due.minute == 0 and 0 < due.timestamp() - time.time() <= 86400
    wait_until(lambda: len(client.lrange(Keys(team_id).feed_digest("CDIGEST"), 0, -1)) == 3, 60,
               lambda: "the articles were not held for the digest")
    assert standin.calls_to("chat.postMessage", channel="CDIGEST") == []
    queue.scheduled_job_registry.remove(job_id)
    queue.enqueue_job(queue.fetch_job(job_id))  # the digest hour, come early
    [digest] = channel_posts(standin, "CDIGEST", 1)
    lines = digest["text"].splitlines()
    assert lines[:2] == ["From the feeds watched here: 3 new articles.", "Quoted most: *Ana Silva* (2), *Ines Moreau*."]
    assert sorted(line.split("|")[1].split(">")[0] for line in lines[2:]) == [
        f"Harbour wall section {n} to be repaired" for n in (20, 21, 22)]


def test_watching_lists_unwatch_ends_and_what_is_no_feed_is_refused(app_url, standin, outlet, team_id):
    front = outlet.url(f"/{team_id}/front")
    outlet.page(f"/{team_id}/front", "<html><head><title>Front</title></head><body><p>News.</p></body></html>")
    assert ask(app_url, standin, team_id, f"watch {front}")["text"] == (
        f"I can't watch <{front}|{front}>: That page doesn't link to a feed (RSS, Atom or JSON Feed).")
    path = f"/{team_id}/news.json"
    outlet.publish(path, "json", "Island Post", [harbour_story(30)])
    outlet.page(f"/{team_id}/home", f'<html><head><link rel="alternate" type="application/feed+json" '
                                    f'href="{path}"></head><body>Island Post</body></html>')
    ask(app_url, standin, team_id, f"watch {outlet.url(f'/{team_id}/home')} digest")
    listed = ask(app_url, standin, team_id, "watching")["text"]
    assert listed.startswith(f"1 feed watched here:\n<{outlet.url(path)}|Island Post> · <#CNEWS>, digest · ")
    assert ask(app_url, standin, team_id, f"unwatch {outlet.url(f'/{team_id}/home')}")["text"] == (
        "I no longer watch *Island Post* here.")
    assert ask(app_url, standin, team_id, "watching")["text"] == present.NOT_WATCHING_ANY_FEED
    assert "`/quotes watch URL`" in ask(app_url, standin, team_id, "help")["text"]


def test_ten_failures_pause_a_feed_and_its_channel_is_told_once(app_url, standin, outlet, env, client, team_id):
    path = f"/{team_id}/rss.xml"
    outlet.publish(path, "rss", "Coastline Daily", [harbour_story(40)])
    ask(app_url, standin, team_id, f"watch {outlet.url(path)} silent", channel="CPAUSE")
    fid = feed_id(outlet.url(path))
    client.hset(FeedKeys(fid).state(), "errors", 9)  # nine failures in a row already
    outlet.answer_next(path, 500)
    assert feeds_cli(env, "poll", "--team", team_id) == (
        "Coastline Daily: 0 new items, 0 ingested, 0 skipped, 1 error (The page answered 500 Internal Server "
        "Error.); paused after 10 failures in a row\n")
    assert feeds_cli(env, "poll", "--team", team_id).startswith("Coastline Daily: paused after 10 failures in a row")
    [told] = channel_posts(standin, "CPAUSE", 1)
    assert told["text"] == (f"I stopped watching *Coastline Daily* ({outlet.url(path)}) after 10 failures in a row; "
                            f"the last: The page answered 500 Internal Server Error. `/quotes watch {outlet.url(path)}` "
                            "starts again.")
    assert len(outlet.asked(path)) == 2


def test_each_poll_sets_when_its_feed_is_due_with_its_job_and_workers_rebuild_lost_schedules(
        app_url, standin, outlet, env, client, team_id):
    path = f"/{team_id}/rss.xml"
    outlet.publish(path, "rss", "Island Post", [harbour_story(50)])
    ask(app_url, standin, team_id, f"watch {outlet.url(path)} silent")
    fid, queue = feed_id(outlet.url(path)), rq.Queue(QUEUE_NAME, connection=client)

    def scheduled(due: float) -> bool:
        """A poll job is scheduled for no earlier than `due`, and within a slot of it."""
        return any(job_id.startswith("feed-polls-")
                   and 0 <= queue.scheduled_job_registry.get_scheduled_time(job_id).timestamp() - due <= SLOT + 2
                   for job_id in queue.scheduled_job_registry.get_job_ids())

    due = client.zscore(FeedKeys.due(), fid)
    assert INTERVAL - 2 <= due - time.time() <= INTERVAL * 1.1 and scheduled(due)

    for job_id in queue.scheduled_job_registry.get_job_ids():  # the schedules are lost, and the feed is due now
        queue.fetch_job(job_id).delete()
    client.zrem(FeedKeys.due(), fid)
    client.hset(FeedKeys(fid).state(), "next_poll", time.time())
    with worker_process(env, Path(env["QUOTEBOT_DATA_DIR"])):  # a worker starting rebuilds them
        wait_until(lambda: len(outlet.asked(path)) == 2, 60, lambda: f"the feed was never polled: {outlet.visits}")
    polled = outlet.asked(path)[1]
    assert polled.status == 304 and polled.headers["if-none-match"]
    due = wait_until(lambda: (at := client.zscore(FeedKeys.due(), fid)) and at > time.time() + 10 and at, 30,
                     lambda: "the poll set no next time")
    assert due - time.time() >= INTERVAL - 5 and scheduled(due)


def test_an_uninstall_ends_the_workspaces_watches(app_url, standin, outlet, client, team_id):
    path = f"/{team_id}/rss.xml"
    outlet.publish(path, "rss", "Harbour Courier", [harbour_story(60)])
    ask(app_url, standin, team_id, f"watch {outlet.url(path)} silent")
    others = new_team_id()
    ask(app_url, standin, others, f"watch {outlet.url(path)} silent")
    fid = feed_id(outlet.url(path))
    send_event(app_url, team_id, {"type": "app_uninstalled"})
    wait_until(lambda: client.smembers(FeedKeys(fid).watchers()) == {others.encode()}, 30,
               lambda: client.smembers(FeedKeys(fid).watchers()))
    kept = {Keys(team_id).generation().encode()}  # what a purge keeps: the workspace's generation
    wait_until(lambda: set(client.scan_iter(match=Keys(team_id).everything())) == kept, 30,
               lambda: list(client.scan_iter(match=Keys(team_id).everything())))
    assert client.hexists(Keys(others).feeds(), fid)


def test_the_command_line_adds_lists_and_removes_feeds(outlet, env, client, team_id):
    path = f"/{team_id}/feed.rss"
    feed = outlet.publish(path, "rss1", "Coastline Daily", [harbour_story(70)])
    outlet.page(f"/{team_id}/", f'<html><head><link rel="alternate" type="application/rss+xml" href="{path}">'
                                "</head><body>Coastline Daily</body></html>")
    assert feeds_cli(env, "add", outlet.url(f"/{team_id}/"), "--team", team_id, "--channel", "CNEWS", "--mode",
                     "digest") == f"Coastline Daily <{feed}>\n"
    assert [(f["url"], f["mode"]) for f in json.loads(feeds_cli(env, "list", "--team", team_id, "--json"))] == [
        (feed, "digest")]
    missing = outlet.url(f"/{team_id}/missing")  # the other reasons are tested in tests/test_feed_documents.py
    refused = processes.run(["feeds", "add", missing, "--team", team_id], env)
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == f"I can't watch {missing}: The page answered 404 Not Found.\n"
    assert feeds_cli(env, "remove", feed, "--team", team_id) == "I no longer watch Coastline Daily here.\n"
    assert not client.exists(Keys(team_id).feeds())
