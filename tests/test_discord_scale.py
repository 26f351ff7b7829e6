"""Discord at scale: the bot in two Gateway shards run by two processes, as on two machines (`quotebot discord
--shards 2 --shard-ids 0`, and `--shard-ids 1`), each server's events arriving on the shard it maps to and answered
once; a link shared behind a backlog told at once how many are ahead, then that notice edited into the answer. The
real `quotebot discord` processes and two workers against the Discord stand-in."""
import time

import pytest

from handlers.cli import main
from tests.discord_bot import bot_env, discord_accepted_everything, discord_standin, running_bot  # noqa: F401
from tests.discord_standin import EPHEMERAL, shard_of
from tests.link_jobs import queued
from tests.local_http import serve_article
from tests.waiting import wait_until

SHARDS = 2
WORKERS = 2
BACKLOG = 50  # links queued ahead
SLOW_SITE_SECONDS = 5
FIRST_REPLY_LIMIT = 30  # seconds: what the product promises a shared link's thread
TITLE = "Riverside council approves flood barrier after stormy meeting"


@pytest.fixture(scope="module")
def bot(standin, pages, redis_url, tmp_path_factory):
    """Shard 0 and the workers in one process, shard 1 in another."""
    data_dir = tmp_path_factory.mktemp("discord-scale")
    env = bot_env(standin, pages.port, redis_url, data_dir)
    with running_bot(standin, env, data_dir, workers=WORKERS, args=("discord", "--shards", str(SHARDS),
                                                                    "--shard-ids", "0")), \
            running_bot(standin, env, data_dir, workers=0, args=("discord", "--shards", str(SHARDS),
                                                                 "--shard-ids", "1")):
        yield


def servers_on_each_shard(standin) -> list[dict]:
    """A new server for each shard, in shard order."""
    found: dict[int, dict] = {}
    while len(found) < SHARDS:
        guild = standin.add_guild()
        found.setdefault(shard_of(int(guild["id"]), SHARDS), guild)
    return [found[shard] for shard in range(SHARDS)]


def test_each_server_s_events_arrive_on_its_own_shard_and_are_answered_once(standin, pages, bot):
    assert sorted(identify["shard"] for identify in standin.identifies) == [[0, SHARDS], [1, SHARDS]]
    guilds = servers_on_each_shard(standin)
    messages = [standin.post(guild, f"Worth reading {pages.url('/news/barrier')}") for guild in guilds]
    for guild, message in zip(guilds, messages):
        [reply] = standin.wait_replies(message)
        assert reply["embeds"][0]["title"] == TITLE
        answer = standin.answer(standin.command(guild, "quotes", [{"name": "name", "type": 3, "value": "raman"}]))
        assert answer["data"]["content"] == "2 quotes from Priya Raman." and answer["data"]["flags"] & EPHEMERAL
    for shard, (guild, message) in enumerate(zip(guilds, messages)):
        assert [(event, on) for event, server, on in standin.deliveries if server == guild["id"]] == [
            ("GUILD_CREATE", shard), ("MESSAGE_CREATE", shard), ("INTERACTION_CREATE", shard)]
        assert len(standin.replies_to(message)) == 1


def slow_site(request):
    """A site that takes SLOW_SITE_SECONDS to answer."""
    time.sleep(SLOW_SITE_SECONDS)
    serve_article(request)


def test_a_link_behind_a_backlog_hears_at_once_how_many_are_ahead_then_the_notice_becomes_the_article(
        standin, pages, bot, redis_url):
    busy, guild = servers_on_each_shard(standin)
    held_paths, slow_path = [f"/news/held-{busy['id']}-{n}" for n in range(WORKERS)], f"/news/slow-{busy['id']}"
    held = [pages.hold_article(path) for path in held_paths]
    pages.handle(slow_path, slow_site)
    for path in held_paths:
        standin.post(busy, pages.url(path))
    for page in held:  # every worker is busy
        assert page.requested.wait(60)
    for _ in range(BACKLOG):
        standin.post(busy, f"Also {pages.url(slow_path)}")
    wait_until(lambda: queued(redis_url) == BACKLOG, 60, lambda: f"{queued(redis_url)} links queued")
    message = standin.post(guild, f"Worth reading {pages.url('/news/barrier')}")
    [notice] = standin.wait_replies(message, timeout=FIRST_REPLY_LIMIT)
    assert f"is queued behind {BACKLOG} other links" in notice["content"]
    for page in held:
        page.released.set()
    [posted] = standin.bot_replies(message)
    standin.wait_for("PATCH", rf"/channels/{message['channel_id']}/messages/{posted['id']}", timeout=120)
    [reply] = standin.bot_replies(message)
    assert reply["embeds"][0]["title"] == TITLE and not reply["content"] and reply["edited_timestamp"]
    assert len(standin.replies_to(message)) == 1


@pytest.mark.parametrize("args", [["--shard-ids", "0"], ["--shards", "2", "--shard-ids", "0,2"],
                                  ["--shards", "2", "--shard-ids", "one"]])
def test_shard_ids_need_the_shard_count_and_lie_below_it(args, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["discord", *args])
    assert exit.value.code == 2 and "shard" in capsys.readouterr().err
