"""Reading a speaker's packed timeline: newest quotes first, each once, pages that always cut alike."""
import numpy as np
import pytest

from bot.store.records import TIMELINE_ENTRY
from bot.store.timeline import distinct_count, newest_quotes


def timeline(*entries):
    """(minute, place, quote) triples; the source does not order anything."""
    return np.array([(minute, place, 1, quote) for minute, place, quote in entries], TIMELINE_ENTRY)


def test_newer_articles_first_and_an_article_in_order():
    entries = timeline((100, 0, 1), (300, 1, 5), (300, 0, 4), (200, 0, 2))
    assert newest_quotes(entries, 10) == [4, 5, 2, 1]


def test_a_quote_in_several_articles_comes_once_at_its_newest():
    entries = timeline((100, 0, 1), (500, 3, 1), (300, 0, 2), (400, 0, 3))
    assert newest_quotes(entries, 2) == [1, 3]
    assert distinct_count(entries["quote"]) == 3


def test_pages_of_many_ties_cut_the_same_way_every_time():
    rng = np.random.default_rng(3)
    entries = timeline(*[(int(m), 0, q) for q, m in enumerate(rng.integers(0, 3, 400), start=1)])
    first, again = newest_quotes(entries, 30), newest_quotes(entries[::-1].copy(), 30)
    assert first == again and len(set(first)) == 30
    assert newest_quotes(entries, 400) == sorted(range(1, 401), key=lambda q: (-int(entries["minute"][q - 1]), q))


def test_enough_different_quotes_are_found_when_one_quote_ran_many_times():
    entries = timeline(*[(1000 + n, 0, 7) for n in range(100)], (5, 0, 8), (4, 0, 9))
    assert newest_quotes(entries, 3) == [7, 8, 9]


def test_an_empty_timeline():
    assert newest_quotes(timeline(), 5) == [] and distinct_count(timeline()["quote"]) == 0


@pytest.mark.parametrize("quotes", [[3, 9, 3, 4, 9, 9], [3, 9_000_000, 3, 4, 9_000_000, 9_000_000]],
                         ids=["numbers close together", "a few numbers among many"])
def test_different_quotes_are_counted_once_each(quotes):
    assert distinct_count(np.array(quotes, "<u4")) == 3
