"""Reading a fetched document as a feed: every format, the feed an outlet's page links to, and hostile documents
refused without harm."""
import resource

import pytest

from bot.feeds.documents import MAX_ITEMS, FeedError, FeedLink, read_document
from bot.fetch import Page
from tests.feed_server import CONTENT_TYPES, document

BASE = "https://outlet.example/"
LINKS = [(f"https://outlet.example/news/{n}?utm_source=feed", f"Story {n}") for n in range(3)]


def page(text: str, content_type: str = "application/xml", url: str = BASE + "feed") -> Page:
    return Page(url, url, content_type, text)


@pytest.mark.parametrize("kind", sorted(CONTENT_TYPES))
def test_each_format_gives_its_items_newest_first_by_canonical_url(kind):
    feed = read_document(page(document(kind, "Harbour Courier", LINKS), CONTENT_TYPES[kind]))
    assert [item.url for item in feed.items] == [f"https://outlet.example/news/{n}" for n in range(3)]
    assert feed.title == ("outlet.example sitemap" if "sitemap" in kind else "Harbour Courier")
    if kind in ("rss", "json"):
        assert feed.items[0].guid == LINKS[0][0] + "#id"
    if kind in ("rss", "atom", "news-sitemap"):
        assert feed.items[0].published > feed.items[1].published


def test_items_are_ordered_by_date_when_every_one_has_one():
    oldest_first = document("atom", "Harbour Courier", LINKS).replace("2025-05-28", "2025-05-01")
    assert [item.url[-1] for item in read_document(page(oldest_first)).items] == ["1", "2", "0"]


def test_an_outlets_page_names_its_feed():
    html = ('<!DOCTYPE html><html><head><link rel="stylesheet" href="/s.css">'
            '<link rel="alternate" type="application/atom+xml" title="News" href="/feeds/news.atom"></head>'
            "<body><p>Front page</p></body></html>")
    assert read_document(page(html, "text/html", BASE)) == FeedLink("https://outlet.example/feeds/news.atom")


@pytest.mark.parametrize("text, content_type, reason", [
    ("<html><body><p>No feed here.</p></body></html>", "text/html", "doesn't link to a feed"),
    ('<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</channel></rss>', "application/rss+xml",
     "isn't well-formed XML"),
    ('<?xml version="1.0"?><catalog><book/></catalog>', "application/xml", "neither a feed nor a sitemap"),
    ('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://outlet.example/a.xml'
     "</loc></sitemap></sitemapindex>", "application/xml", "sitemap index"),
    ('{"items": []}', "application/json", "isn't a JSON Feed"),
    ("Just some words.", "text/plain", "neither a feed nor a page"),
])
def test_what_is_not_a_readable_feed_says_why(text, content_type, reason):
    with pytest.raises(FeedError) as refused:
        read_document(page(text, content_type))
    assert reason in refused.value.reason and refused.value.permanent


def test_a_billion_laughs_is_refused_without_expanding_it():
    entities = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e0 "ha">{entities}]>'
            '<rss version="2.0"><channel><title>&e9;</title></channel></rss>')
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(FeedError, match="declares XML entities"):
        read_document(page(bomb))
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # kB: 10⁹ "ha"s were never built


def test_an_external_entity_is_refused_and_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not leak")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'
           "<rss version=\"2.0\"><channel><title>&leak;</title></channel></rss>")
    with pytest.raises(FeedError, match="declares XML entities"):
        read_document(page(xxe))


def test_a_feed_of_too_many_items_is_refused():
    flood = document("rss", "Flood", [(f"https://outlet.example/{n}", "x") for n in range(100_000)])
    with pytest.raises(FeedError, match=f"more than {MAX_ITEMS} items"):
        read_document(page(flood))


def test_items_without_a_web_link_are_left_out_and_a_repeated_one_counts_once():
    links = [("mailto:desk@outlet.example", "Write to us"), ("/news/7", "Relative"), ("/news/7#comments", "Again")]
    feed = read_document(page(document("rss", "Harbour Courier", links)))
    assert [item.url for item in feed.items] == ["https://outlet.example/news/7"]
