"""Polling watched feeds, in this process against a real Redis and an outlet on 127.0.0.1 whose feeds change between
polls: first polls that take only the newest items, conditional GET, Retry-After, back-off and pause, one fetch for
every watching workspace, items known across feeds, hostile answers refused, a workspace purged while its item is
read. The feeds' store on a single Redis and on a Redis Cluster."""
import time

import pytest

from bot.feeds.polling import PAUSE_AFTER, Poller
from bot.fetch import FetchError
from bot.ingest import Ingestor
from bot.store import FeedStore, Keys, Share, Watch, WorkspaceGone, feed_id, fenced
from config.settings import Settings
from tests.feed_server import Outlet, harbour_story
from tests.redis_process import free_port

pytestmark = pytest.mark.on_a_cluster_too

INTERVAL = 60
FIRST_ITEMS = 3


@pytest.fixture(scope="module")
def outlet(redis_client):
    """The outlet; its feeds are forgotten afterwards, so that no worker of a later test module schedules them."""
    with Outlet() as server:
        yield server
    feeds = FeedStore(redis_client)
    for fid in feeds.every_feed():
        state = feeds.feed(fid)
        if state is None or state.url.startswith(server.url("/")):
            feeds.drop_feed(fid)


@pytest.fixture
def settings(outlet) -> Settings:
    return Settings(QUOTEBOT_ALLOW_PRIVATE_URLS=True, QUOTEBOT_ALLOWED_PORTS=[outlet.port],
                    QUOTEBOT_FEED_INTERVAL_SECONDS=INTERVAL, QUOTEBOT_FEED_FIRST_ITEMS=FIRST_ITEMS,
                    QUOTEBOT_FETCH_TOTAL_TIMEOUT=5)


@pytest.fixture
def feeds(store_redis) -> FeedStore:
    return FeedStore(store_redis)


@pytest.fixture
def poller(feeds, settings) -> Poller:
    return Poller(feeds, settings, random_fraction=lambda: 0.5)


@pytest.fixture
def path(team_id) -> str:
    """A feed path of this test's own (feeds are shared by URL across workspaces)."""
    return f"/feeds/{team_id}.xml"


def stories(first: int, count: int) -> list:
    return [harbour_story(number) for number in range(first + count - 1, first - 1, -1)]  # newest first


def test_the_first_poll_takes_the_newest_items_later_polls_the_new_ones_and_an_unchanged_feed_answers_304(
        outlet, poller, feeds, team_id, path):
    url = outlet.publish(path, "rss", "Harbour Courier", stories(100, 5))
    watched, first = poller.watch(team_id, url, "CNEWS", "all", "UALICE")
    assert (watched.title, watched.url, watched.mode) == ("Harbour Courier", url, "all")
    take = first.takes[team_id]
    assert [item.url for item in take.items] == [outlet.url(f"/harbour/{n}") for n in (104, 103, 102)]
    assert (take.new, take.skipped) == (5, 2)

    outlet.publish(path, "rss", "Harbour Courier", stories(100, 7))  # two new stories on top
    changed = poller.poll(watched.fid, force=True)
    assert [item.url for item in changed.takes[team_id].items] == [outlet.url(f"/harbour/{n}") for n in (106, 105)]
    unchanged = poller.poll(watched.fid, force=True)
    assert unchanged.polled and unchanged.takes == {} and unchanged.state.last_status == "not modified"
    sent = outlet.asked(path)
    assert [visit.status for visit in sent] == [200, 200, 304]
    # Each poll sent back the ETag of the answer before; the 304 says the last one was the feed's current ETag.
    assert "if-none-match" not in sent[0].headers
    assert sent[1].headers["if-none-match"] != sent[2].headers["if-none-match"]
    assert [visit.path for visit in outlet.visits if visit.path.startswith("/harbour/")] == []  # items are jobs'


def test_a_poll_not_yet_due_sends_nothing(outlet, poller, team_id, path):
    watched, _ = poller.watch(team_id, outlet.publish(path, "atom", "Coastline Daily", stories(200, 2)), None,
                              "silent", None)
    outcome = poller.poll(watched.fid)
    assert not outcome.polled and len(outlet.asked(path)) == 1
    assert INTERVAL <= outcome.state.next_poll - time.time() <= INTERVAL * 1.1


def test_due_feeds_are_claimed_once_and_come_due_again_when_their_poll_never_ends(outlet, poller, feeds, team_id,
                                                                                  path):
    watched, _ = poller.watch(team_id, outlet.publish(path, "rss", "Coastline Daily", stories(250, 1)), None,
                              "silent", None)
    assert feeds.due_times() and watched.fid not in feeds.claim_due(time.time(), 10_000, lease=30)  # not yet due
    feeds.set_due(watched.fid, time.time())
    now = time.time()
    assert watched.fid in feeds.claim_due(now, 10_000, lease=30)
    assert watched.fid not in feeds.claim_due(now + 29, 10_000, lease=30)  # claimed: no one else polls it
    assert watched.fid in feeds.claim_due(now + 31, 10_000, lease=30)  # its claimer died: due again
    poller.poll(watched.fid, force=True)
    assert watched.fid not in feeds.claim_due(now + 31, 10_000, lease=30)  # polled: due again in an interval


def test_retry_after_is_waited_out_even_by_a_forced_poll(outlet, poller, team_id, path):
    watched, _ = poller.watch(team_id, outlet.publish(path, "json", "Coastline Daily", stories(300, 2)), None,
                              "all", None)
    outlet.answer_next(path, 429, {"Retry-After": "2"})
    limited = poller.poll(watched.fid, force=True)
    assert limited.error.retry_after == 2 and limited.state.next_poll - time.time() >= INTERVAL
    assert not poller.poll(watched.fid, force=True).polled  # asked too soon: no request
    assert len(outlet.asked(path)) == 2
    time.sleep(2.1)
    assert poller.poll(watched.fid, force=True).state.last_status == "not modified"


def test_errors_back_off_doubling_and_ten_in_a_row_pause_the_feed(outlet, poller, team_id, path):
    watched, _ = poller.watch(team_id, outlet.publish(path, "rss1", "Island Post", stories(400, 2)), None, "all",
                              None)
    waits = []
    for failure in range(1, PAUSE_AFTER + 1):
        outlet.answer_next(path, 500)
        outcome = poller.poll(watched.fid, force=True)
        assert outcome.error.reason == "The page answered 500 Internal Server Error."
        assert outcome.state.errors == failure and outcome.paused_now == (failure == PAUSE_AFTER)
        waits.append(outcome.state.next_poll and outcome.state.next_poll - outcome.state.last_polled)
    assert waits[0] == pytest.approx(2 * INTERVAL * 1.05, abs=1) and waits[1] == pytest.approx(4 * INTERVAL * 1.05,
                                                                                            abs=1)
    assert waits[-1] is None and outcome.state.paused
    assert not poller.poll(watched.fid, force=True).polled and len(outlet.asked(path)) == PAUSE_AFTER + 1
    poller.watch(team_id, outlet.url(path), None, "all", None)  # watched again: resumed
    assert poller.poll(watched.fid).state.last_status == "not modified"


def test_one_fetch_serves_every_workspace_and_each_takes_its_own_first_items(outlet, poller, feeds, team_id, path):
    url = outlet.publish(path, "news-sitemap", "Harbour Courier", stories(500, 4))
    first, _ = poller.watch(team_id, url, "CNEWS", "all", None)
    other = f"{team_id}-B"
    _, joined = poller.watch(other, url, "CDESK", "digest", None)
    assert joined is None and len(outlet.asked(path)) == 1  # known already: no request, polled on its schedule
    outlet.publish(path, "news-sitemap", "Harbour Courier", stories(500, 5))
    polled = poller.poll(first.fid, force=True)
    assert len(outlet.asked(path)) == 2
    assert [item.url for item in polled.takes[team_id].items] == [outlet.url("/harbour/504")]
    assert [item.url for item in polled.takes[other].items] == [outlet.url(f"/harbour/{n}") for n in (504, 503, 502)]
    assert feeds.watchers(first.fid) == {team_id, other}

    feeds.forget_workspace(other)
    feeds.unwatch(team_id, first.fid)
    assert poller.poll(first.fid, force=True) is None and feeds.feed(first.fid) is None  # nobody watches: forgotten
    assert first.fid not in feeds.every_feed()


def test_an_item_known_from_another_feed_by_url_or_guid_is_not_taken_again(outlet, poller, team_id, path):
    poller.watch(team_id, outlet.publish(path, "rss", "Harbour Courier", stories(600, 2)), None, "all", None)
    # The same two stories in another feed, one of them under a tracking parameter, and one new story.
    other = outlet.publish(path + "-atom", "atom", "Harbour Courier (Atom)", stories(600, 3))
    outlet.publish(path + "-atom", "atom", "Harbour Courier (Atom)", stories(600, 3))
    _, first = poller.watch(team_id, other.replace(".xml-atom", ".xml-atom?utm_source=x"), None, "all", None)
    assert [item.url for item in first.takes[team_id].items] == [outlet.url("/harbour/602")]


def test_a_feed_item_is_read_once_for_every_workspace_and_each_keeps_its_own_copy(outlet, settings, feeds, store, nlp,
                                                                                 team_id):
    story = harbour_story(700, speaker="Noor Haddad")
    path = f"{story.path}/{team_id}"  # of this test's own: it counts the requests for it
    outlet.page(path, story.html())
    ingestor, poller, other = Ingestor(store, nlp, settings), Poller(feeds, settings), f"{team_id}-B"
    results = ingestor.ingest_into([team_id, other], outlet.url(path),
                                   lambda team: Share(by="feed: Harbour Courier", channel=f"C-{team}", via="feed"),
                                   read=poller.sources.read_article)
    assert len(outlet.asked(path)) == 1
    for team in (team_id, other):
        article, [quote] = store.get_article(team, outlet.url(path))
        assert (article.via, article.shared_by, article.channel) == ("feed", "feed: Harbour Courier", f"C-{team}")
        assert quote.speaker == "Noor Haddad" and not results[team].already_known
    assert store.quote_count(team_id) == store.quote_count(other) == 1  # not shared: each workspace numbers its own


def test_a_workspace_purged_while_a_feed_item_is_read_for_it_keeps_nothing_and_the_others_keep_theirs(
        outlet, settings, feeds, store, store_redis, nlp, team_id):
    story = harbour_story(710, speaker="Noor Haddad")
    outlet.page(story.path, story.html())
    poller, gone, other = Poller(feeds, settings), team_id, f"{team_id}-B"
    for team in (gone, other):
        feeds.watch(team, Watch(feed_id(outlet.url("/feeds/purged.xml")), outlet.url("/feeds/purged.xml"),
                                "Harbour Courier", f"C-{team}", "all", outlet.url("/feeds/purged.xml")))
    generations = {team: feeds.fenced_watch(team, feed_id(outlet.url("/feeds/purged.xml")))[0]
                   for team in (gone, other)}  # as the item's job reads them

    def read_while_purged(url, settings):
        feeds.forget_workspace(gone)
        store.purge_workspace(gone)
        return poller.sources.read_article(url, settings)

    results = Ingestor(store, nlp, settings).ingest_into(
        [gone, other], outlet.url(story.path), lambda team: Share(by="feed: Harbour Courier", via="feed"),
        read=read_while_purged, generations=generations)
    assert list(results) == [other] and store.quote_count(other) == 1
    with pytest.raises(WorkspaceGone), fenced(gone, generations[gone]):
        feeds.count_article(gone, feed_id(outlet.url("/feeds/purged.xml")))
    assert set(store_redis.scan_iter(match=Keys(gone).everything())) == {Keys(gone).generation().encode()}


@pytest.mark.parametrize("answer, reason", [
    ("redirect loop", "redirects in a loop"),
    ("too large", "larger than"),
    ("private address", "private network address"),
    ("closed port", "couldn't connect"),
])
def test_hostile_or_broken_sources_are_refused_without_harm(outlet, settings, feeds, team_id, answer, reason):
    path = f"/hostile/{team_id}"
    if answer == "redirect loop":
        outlet.server.redirect(path, path + "-again")
        outlet.server.redirect(path + "-again", path)
    elif answer == "too large":
        outlet.page(path, "<rss>" + "x" * 200_000 + "</rss>", "application/rss+xml")
        settings = settings.model_copy(update={"fetch_max_bytes": 100_000})
    elif answer == "private address":
        settings = settings.model_copy(update={"allow_private_urls": False})
    url = outlet.url(path) if answer != "closed port" else f"http://127.0.0.1:{free_port()}/feed"
    if answer == "closed port":
        settings = settings.model_copy(update={"allowed_ports": [int(url.split(":")[2].split("/")[0])]})
    with pytest.raises(FetchError) as refused:
        Poller(feeds, settings).watch(team_id, url, None, "all", None)
    assert reason in refused.value.reason
    assert feeds.watches(team_id) == [] and feeds.feed(feed_id(url)) is None


def test_keys_of_a_feed_and_of_a_workspace_never_share_a_hash_tag(poller, outlet, store_redis, team_id, path):
    watched, _ = poller.watch(team_id, outlet.publish(path, "rss", "Harbour Courier", stories(800, 1)), "C", "all",
                              None)
    tags = {key.decode().split("}")[0] + "}" for key in store_redis.scan_iter(match="qb:{*", count=1000)
            if team_id in key.decode() or watched.fid in key.decode()}
    assert tags == {Keys(team_id).prefix, f"qb:{{feed:{watched.fid}}}"}
