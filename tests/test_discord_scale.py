"""Discord at scale: the bot in two Gateway shards run by two processes, as on two machines (`quotebot discord
--shards 2 --shard-ids 0`, and `--shard-ids 1`), each server's events arriving on the shard it maps to and answered
once. The real `quotebot discord` processes and two workers against the Discord stand-in."""
import pytest

from handlers.cli import main
from tests.discord_bot import bot_env, discord_accepted_everything, discord_standin, running_bot  # noqa: F401
from tests.discord_standin import EPHEMERAL, shard_of

SHARDS = 2
WORKERS = 2
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


@pytest.mark.parametrize("args", [["--shard-ids", "0"], ["--shards", "2", "--shard-ids", "0,2"],
                                  ["--shards", "2", "--shard-ids", "one"]])
def test_shard_ids_need_the_shard_count_and_lie_below_it(args, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["discord", *args])
    assert exit.value.code == 2 and "shard" in capsys.readouterr().err
