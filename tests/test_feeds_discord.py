"""Watched feeds end to end on Discord: the real `quotebot discord` (and its worker) against the Discord stand-in and
an outlet on 127.0.0.1, on a Redis of the module's own; what the channels and followers heard is read from the
stand-in."""
import pytest
import redis

from bot.store import FeedKeys, Keys, feed_id
from handlers.discord import workspace_id
from handlers.feeds import item_job_id
from tests import newsroom, processes
from tests.discord_bot import bot_env, discord_accepted_everything, discord_standin, running_bot  # noqa: F401
from tests.discord_standin import EPHEMERAL, user
from tests.feed_server import Outlet, harbour_story
from tests.link_jobs import wait_until_finished
from tests.newsroom import CUTS, REVIEW_PROMISED
from tests.redis_process import RedisProcess
from tests.waiting import wait_until


@pytest.fixture(scope="module")
def outlet():
    with Outlet() as server:
        newsroom.serve_story(server.server)
        yield server


@pytest.fixture(scope="module")
def env(standin, outlet, tmp_path_factory):
    server = RedisProcess(tmp_path_factory.mktemp("feeds-redis")).start()
    try:
        data_dir = tmp_path_factory.mktemp("feeds-discord")
        env = bot_env(standin, outlet.port, server.url, data_dir, QUOTEBOT_FEED_FIRST_ITEMS="2")
        with running_bot(standin, env, data_dir):
            yield env
    finally:
        server.stop()


@pytest.fixture
def guild(standin, env):
    return standin.add_guild(channels=("news", "desk"))


def quotebot(standin, guild, subcommand, channel=None, who=None, **given) -> str:
    """`/quotebot SUBCOMMAND` with these options in a channel; the private answer's text."""
    options = [{"name": name, "type": 3, "value": value} for name, value in given.items()]
    interaction = standin.command(guild, "quotebot", [{"name": subcommand, "type": 1, "options": options}],
                                  who=who, channel=channel)
    answer = standin.answer(interaction)
    assert answer["type"] == 4 and answer["data"]["flags"] & EPHEMERAL, answer
    return answer["data"]["content"]


def channel_messages(standin, channel, count=1) -> list[dict]:
    """The bot's messages in a channel that answer no message (feed news), once there are `count`."""
    def posted():
        found = [call.json for call in standin.calls_to("POST", rf"/channels/{channel['id']}/messages")
                 if call.status == 200 and not call.json.get("message_reference")]
        return found if len(found) >= count else None

    return wait_until(posted, 60, lambda: f"channel {channel['name']}: {standin.calls_to('POST', '.*')}")


def test_a_watched_feed_posts_its_articles_in_the_channel_and_is_listed_then_unwatched(standin, outlet, guild):
    news = guild["channels"][0]
    path = f"/{guild['id']}/feed.atom"
    feed = outlet.publish(path, "atom", "Harbour Courier", [harbour_story(3), harbour_story(2), harbour_story(1)])
    assert quotebot(standin, guild, "watch", channel=news, url=feed) == (
        f"Watching **Harbour Courier** ({feed}): I check it every 10 minutes, and every new article with quotes is "
        f"posted in <#{news['id']}>.")
    posts = channel_messages(standin, news, 2)
    assert {post["embeds"][0]["title"] for post in posts} == {"Harbour wall section 3 to be repaired",
                                                              "Harbour wall section 2 to be repaired"}
    assert all(post["content"] == "New in **Harbour Courier**:" for post in posts)
    assert posts[0]["embeds"][0]["description"].startswith("1 quote from 1 speaker: Ines Moreau")
    listed = quotebot(standin, guild, "watching")
    assert listed.startswith(f"1 feed watched here:\n[Harbour Courier]({feed}) · <#{news['id']}>, all · 2 articles read")
    assert quotebot(standin, guild, "unwatch", url=feed) == "I no longer watch **Harbour Courier** here."
    assert quotebot(standin, guild, "watching") == "No feed is watched here yet: `/quotes watch URL` with an " \
                                                   "outlet's feed, sitemap or page."


def test_a_silent_feed_posts_nothing_and_its_new_quotes_reach_followers(standin, outlet, guild, env):
    desk, carol = guild["channels"][1], user(standin.new_id(), "carol")
    path = f"/{guild['id']}/sitemap.xml"
    outlet.publish(path, "sitemap", "Northern Wire", [CUTS])
    assert quotebot(standin, guild, "watch", channel=desk, url=outlet.url(path), mode="silent").endswith(
        "its quotes are kept for lookups and follows; nothing is posted.")
    wait_until_finished(env["REDIS_URL"], item_job_id(feed_id(outlet.url(path)), outlet.url(CUTS.path)), 60)
    assert quotebot(standin, guild, "follow", who=carol, name="quintero").startswith(
        "You'll get a message when **Marta Quintero**")
    outlet.publish(path, "sitemap", "Northern Wire", [REVIEW_PROMISED, CUTS])
    assert processes.output(["feeds", "poll", "--team", workspace_id(int(guild["id"]))], env) == (
        "127.0.0.1 sitemap: 1 new item, 1 ingested, 0 skipped, 0 errors\n")  # a sitemap is named by its host
    [news] = wait_until(lambda: standin.direct_messages(carol["id"]), 60, lambda: "no direct message")
    assert news["content"].startswith("New from **Marta Quintero**: 2 quotes.")
    assert standin.calls_to("POST", rf"/channels/{desk['id']}/messages") == []


def test_a_server_that_removes_the_bot_watches_nothing_any_more(standin, outlet, guild, env):
    path = f"/{guild['id']}/feed.json"
    feed = outlet.publish(path, "json", "Island Post", [harbour_story(80)])
    quotebot(standin, guild, "watch", url=feed, mode="silent")
    workspace, fid = workspace_id(int(guild["id"])), feed_id(feed)
    with redis.Redis.from_url(env["REDIS_URL"]) as client:
        assert client.smembers(FeedKeys(fid).watchers()) == {workspace.encode()}
        standin.remove_bot(guild)
        wait_until(lambda: not client.smembers(FeedKeys(fid).watchers()), 30,
                   lambda: client.smembers(FeedKeys(fid).watchers()))
        assert not client.exists(Keys(workspace).feeds())
