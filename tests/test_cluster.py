"""QuoteBot on a Redis Cluster of its own (three masters, a replica each), end to end: workspaces spread over the
masters share links, look up, ask who said a quote and export through the signed Slack endpoint and a worker; the
master of one workspace's slot is killed and that workspace's lookups answer again, with every quote, once its
replica has taken over; an uninstall purges each workspace from the cluster. The job queue stays on REDIS_URL."""
import time

import pytest
from redis.crc import key_slot

from bot.redis_conn import connect_cluster
from bot.store import Keys
from tests.redis_cluster import running_cluster
from tests.slack_app import app_env, ask, new_team_id, running_app, send_event, share
from tests.slack_standin import dm_channel
from tests.waiting import wait_until

FAILOVER_LIMIT = 10  # seconds from a master's death until its workspaces' lookups answer again
SPEAKERS = {"okafor": "3 quotes from Helen Okafor", "raman": "2 quotes from Priya Raman",
            "whitcombe": "1 quote from Daniel Whitcombe", "shop owners": "1 quote from shop owners"}


@pytest.fixture
def cluster(tmp_path):
    """A cluster of this test's own: it kills one of its masters."""
    with running_cluster(tmp_path / "cluster") as started:
        yield started


def workspaces_on_every_master(cluster) -> list[str]:
    """One new workspace whose hash tag lands on each master."""
    found: dict[int, str] = {}
    while len(found) < len(cluster.masters):
        team = new_team_id()
        found.setdefault(cluster.master_of(Keys(team).counters()).port, team)
    return list(found.values())


def lookups_answer_every_quote(app_url: str, standin, team: str) -> bool:
    try:
        return all(ask(app_url, standin, team, name)["text"].startswith(found) for name, found in SPEAKERS.items())
    except AssertionError:  # no answer yet
        return False


def test_workspaces_over_several_masters_end_to_end_through_a_failover(tmp_path, cluster, standin, pages, redis_url):
    teams = workspaces_on_every_master(cluster)
    assert len({key_slot(Keys(team).counters().encode()) for team in teams}) == 3
    env = app_env(standin, pages.port, redis_url, tmp_path, QUOTEBOT_REDIS_CLUSTER_URL=cluster.url)
    data = connect_cluster(cluster.url)
    with running_app(env, tmp_path) as app:
        for team in teams:
            ts = share(app.url, team, pages.url("/news/barrier"))
            [reply] = standin.wait_for("chat.postMessage", thread_ts=ts)
            assert "7 quotes from 4 speakers" in reply.args["text"]
            assert lookups_answer_every_quote(app.url, standin, team)
            who = ask(app.url, standin, team, "“underestimated the price of steel”")
            assert who["text"] == "1 quote with the words “underestimated the price of steel”."
            ask(app.url, standin, team, "export", user=f"U{team}")
            [export] = standin.wait_for("files.completeUploadExternal", channel_id=dm_channel(f"U{team}"))
            assert export.args["initial_comment"].startswith("Your export of every quote here: 7 rows")
        assert all(data.exists(Keys(team).counters()) for team in teams)  # the data is in the cluster

        doomed, others = teams[0], teams[1:]
        cluster.kill(cluster.master_of(Keys(doomed).counters()))
        killed_at = time.monotonic()
        wait_until(lambda: lookups_answer_every_quote(app.url, standin, doomed), 3 * FAILOVER_LIMIT,
                   lambda: f"{doomed}'s lookups did not answer again")
        assert time.monotonic() - killed_at <= FAILOVER_LIMIT
        for team in others:
            assert lookups_answer_every_quote(app.url, standin, team)

        for team in teams:
            send_event(app.url, team, {"type": "app_uninstalled"})
        for team in teams:
            keys = Keys(team)
            wait_until(lambda: set(data.scan_iter(match=keys.everything())) == {keys.generation().encode()}, 30,
                       lambda: f"{team} still has {sorted(data.scan_iter(match=keys.everything()))[:5]}…")
    data.close()
