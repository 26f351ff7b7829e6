"""How the store keeps quotes and timelines: a speaker's timeline read a span at a time, newest first, pages that
agree with reading it all, filtered totals counted or (beyond what is read) estimated and said to be; and data
kept in the earlier layout (a key per quote record, a timeline in one string) moved when a store is opened."""
import random

import numpy as np
import pytest

from bot.lookup import lookup
from bot.models import Article, Quote, SpeakerKind
from bot.store import Keys, QuoteStore, Share, quote_store
from bot.store.migration import LAYOUT
from bot.store.records import TIMELINE_ENTRY

pytestmark = pytest.mark.on_a_cluster_too


def dated_article(number: int, day: str, outlet: str = "The Harbour Ledger") -> Article:
    return Article(url=f"https://ledger.example/{number}", text="", title=f"Story {number}", outlet=outlet, date=day)


def said(text: str, speaker: str = "Marguerite Oyelaran") -> Quote:
    return Quote(text=text, start=0, end=len(text), speaker=speaker, speaker_kind=SpeakerKind.PERSON)


@pytest.fixture
def decade(store, team_id) -> dict[str, str]:
    """Forty articles over ten years, shared in no order of their dates, a quote each by the same speaker (one of
    them run again by a later article); returns quote text -> the date of the newest article it ran in."""
    rng = random.Random(7)
    days = sorted({f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                   for _ in range(60)})[:40]
    newest = {}
    for number, day in rng.sample(list(enumerate(days)), len(days)):
        text = f"Dredging the channel is the plan for season {number}."
        store.save_article(team_id, dated_article(number, day), [said(text)], Share("U1"))
        newest[text] = day
    store.save_article(team_id, dated_article(99, "2025-06-01", "Coastal Wire"),
                       [said("Dredging the channel is the plan for season 3.")], Share("U1"))
    newest["Dredging the channel is the plan for season 3."] = "2025-06-01"
    return newest


def pages_of(store, team_id, query, page_size=6):
    first = lookup(store, team_id, query, page_size=page_size)
    return first, [q for n in range(1, first.pages + 1) for q in lookup(store, team_id, query, page=n,
                                                                           page_size=page_size).quotes]


def test_a_timeline_spans_the_years_and_pages_read_a_little_at_a_time_newest_first(store, team_id, decade,
                                                                                   monkeypatch):
    spans = store.redis.hkeys(Keys(team_id).speaker_timeline("marguerite oyelaran"))
    assert len(spans) >= 20  # a decade in spans of about three months
    monkeypatch.setattr(quote_store, "FIRST_READ_BYTES", 1)  # a span at first, then more each time
    first, shown = pages_of(store, team_id, "oyelaran")
    assert (first.total, first.total_is_exact) == (40, True)
    assert [q.text for q in shown] == sorted(decade, key=decade.get, reverse=True)  # the dates are all different
    assert len({q.text for q in shown}) == 40  # the quote run twice counts once, by its newest article
    assert shown[0].text == "Dredging the channel is the plan for season 3."


def test_a_filtered_lookup_counts_every_quote_it_can_read_and_estimates_beyond(store, team_id, decade, monkeypatch):
    since = "2019-01-01"
    expected = sorted((text for text, day in decade.items() if day >= since), key=decade.get, reverse=True)
    first, shown = pages_of(store, team_id, f"oyelaran since:{since}")
    assert (first.total, first.total_is_exact) == (len(expected), True)
    assert [q.text for q in shown] == expected

    monkeypatch.setattr(quote_store, "FIRST_READ_BYTES", 1)
    monkeypatch.setattr(quote_store, "MAX_COUNTED_BYTES", 6 * TIMELINE_ENTRY.itemsize)
    estimated = lookup(store, team_id, f"oyelaran since:{since}", page_size=3)
    assert not estimated.total_is_exact
    assert 0.5 * len(expected) <= estimated.total <= 1.5 * len(expected)
    assert [q.text for q in estimated.quotes] == expected[:3]  # the page itself is exact


def to_first_layout(client, keys: Keys) -> None:
    """What a store of layout 1 held: each quote record under a key of its own, each timeline one string."""
    for key in list(client.scan_iter(match=keys.everything())):
        key = key.decode()
        if ":quotes:" in key:
            for qid, record in client.hgetall(key).items():
                client.set(f"{keys.prefix}:quote:{qid.decode()}", record)
            client.delete(key)
        elif key.endswith(":timeline"):
            spans = client.hgetall(key)
            client.delete(key)
            client.set(key, b"".join(spans[span] for span in sorted(spans, key=int, reverse=True)))
    client.set(Keys.layout(), 1)


def test_a_store_kept_in_the_first_layout_is_moved_to_this_one_when_opened(store, team_id, decade):
    keys = Keys(team_id)
    before = pages_of(store, team_id, "oyelaran since:2018-06-01")[1]
    to_first_layout(store.redis, keys)
    stale_hash = keys.quotes(1)
    store.redis.hset(stale_hash, "1", store.redis.get(f"{keys.prefix}:quote:1"))  # written again since: it stays
    store.redis.set(f"{keys.prefix}:quote:1", b'{"t":"stale","a":[]}')

    reopened = QuoteStore(store.redis)
    assert int(store.redis.get(Keys.layout())) == LAYOUT
    assert not list(store.redis.scan_iter(match=f"{keys.prefix}:quote:*"))
    assert store.redis.type(keys.speaker_timeline("marguerite oyelaran")) == b"hash"
    after = pages_of(reopened, team_id, "oyelaran since:2018-06-01")[1]
    assert [(q.id, q.text, q.speaker) for q in after] == [(q.id, q.text, q.speaker) for q in before]
    assert "stale" not in {q.text for q in after}
    entries = np.frombuffer(b"".join(store.redis.hvals(keys.speaker_timeline("marguerite oyelaran"))), TIMELINE_ENTRY)
    assert len(entries) == 41  # every entry kept: 40 articles, one of them with a quote run again
