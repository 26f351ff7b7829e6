"""A fetched document read as a feed: RSS 0.9x/1.0/2.0 and Atom by feedparser, news sitemaps (`<urlset>`) by
defusedxml's ElementTree, JSON Feed by the json module; or an outlet's page naming its feed in a
`<link rel="alternate">`.

Every XML document is first parsed by defusedxml, which refuses entity declarations (billion laughs, external
entities) and malformed XML before feedparser (which would expand entities) ever sees it.
"""
import calendar
import json
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeTree

from bot.fetch import FetchError, Page
from bot.urls import canonical_url

MAX_ITEMS = 1000  # a news feed or sitemap lists its latest few hundred at most; more is a hostile document
FEED_LINK_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json")
_ITEM_TAGS = frozenset({"item", "entry", "url"})  # RSS, Atom, sitemap
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"


class FeedError(FetchError):
    """A document that is not a readable feed; `reason` says why, for the user."""

    def __init__(self, reason: str):
        super().__init__(reason, permanent=True, kind="not_a_feed")


@dataclass(frozen=True)
class Item:
    url: str  # canonical
    guid: str | None  # the item's own id, when the feed gives one
    title: str | None
    published: float | None  # seconds since the epoch


@dataclass(frozen=True)
class Feed:
    url: str  # where the document was fetched
    title: str
    items: list[Item]  # newest first


@dataclass(frozen=True)
class FeedLink:
    """An HTML page naming its feed."""

    url: str


def read_document(page: Page) -> Feed | FeedLink:
    """The feed in a fetched document, or the feed an HTML page links to. Raises FeedError saying why neither."""
    text = page.text.lstrip("\ufeff \t\r\n")
    if text.startswith("{"):
        return _json_feed(page, text)
    if page.content_type in ("text/html", "application/xhtml+xml") or text[:100].lower().startswith(
            ("<!doctype html", "<html")):
        return _linked_feed(page)
    if not text.startswith("<"):
        raise FeedError("That's neither a feed nor a page that links to one.")
    root = _safe_xml(text)
    name = _local(root.tag)
    if sum(1 for element in root.iter() if _local(element.tag) in _ITEM_TAGS) > MAX_ITEMS:
        raise FeedError(f"That feed lists more than {MAX_ITEMS} items.")
    if name == "urlset":
        return _sitemap(page, root)
    if name == "sitemapindex":
        raise FeedError("That's a sitemap index: watch one of the sitemaps it lists.")
    if name in ("rss", "RDF", "feed"):
        return _xml_feed(page, text)
    raise FeedError("That XML is neither a feed nor a sitemap.")


def _safe_xml(text: str) -> Element:
    try:
        return SafeTree.fromstring(text)
    except DefusedXmlException:
        raise FeedError("That feed declares XML entities, which I don't read.") from None
    except ParseError as error:
        raise FeedError(f"That feed isn't well-formed XML ({error}).") from None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _xml_feed(page: Page, text: str) -> Feed:
    parsed = feedparser.parse(text, response_headers={"content-location": page.final_url},
                              sanitize_html=False, resolve_relative_uris=False)
    if not parsed.version:
        raise FeedError("That XML is neither a feed nor a sitemap.")
    items = [_item(page, entry.get("link"), entry.get("id"), entry.get("title"),
                   _epoch(entry.get("published_parsed") or entry.get("updated_parsed")))
             for entry in parsed.entries]
    return _feed(page, parsed.feed.get("title"), items)


def _sitemap(page: Page, root: Element) -> Feed:
    items = []
    for url in root.iter(f"{{{SITEMAP}}}url"):
        news = url.find(f"{{{NEWS}}}news")
        title = news.findtext(f"{{{NEWS}}}title") if news is not None else None
        published = (news.findtext(f"{{{NEWS}}}publication_date") if news is not None else None) \
            or url.findtext(f"{{{SITEMAP}}}lastmod")
        items.append(_item(page, url.findtext(f"{{{SITEMAP}}}loc"), None, title, _iso_epoch(published)))
    return _feed(page, f"{urlsplit(page.final_url).hostname} sitemap", items)


def _json_feed(page: Page, text: str) -> Feed:
    try:
        document = json.loads(text)
    except ValueError:
        raise FeedError("That JSON isn't readable.") from None
    if not (isinstance(document, dict) and "jsonfeed.org" in str(document.get("version"))
            and isinstance(document.get("items"), list)):
        raise FeedError("That JSON isn't a JSON Feed.")
    if len(document["items"]) > MAX_ITEMS:
        raise FeedError(f"That feed lists more than {MAX_ITEMS} items.")
    items = [_item(page, entry.get("url"), entry.get("id") and str(entry["id"]), entry.get("title"),
                   _iso_epoch(entry.get("date_published") or entry.get("date_modified")))
             for entry in document["items"] if isinstance(entry, dict)]
    return _feed(page, document.get("title"), items)


def _item(page: Page, link, guid, title, published: float | None) -> Item | None:
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        url = canonical_url(urljoin(page.final_url, link.strip()))
    except ValueError:
        return None
    if not url.startswith(("http://", "https://")):
        return None
    return Item(url, guid.strip() if isinstance(guid, str) and guid.strip() else None,
                " ".join(title.split()) if isinstance(title, str) and title.strip() else None, published)


def _feed(page: Page, title, items: list[Item | None]) -> Feed:
    """Items with a link, newest first: by date when every one is dated, else in the document's order (feeds list
    their newest first)."""
    found, urls = [], set()
    for item in items:
        if item is not None and item.url not in urls:  # each article once
            urls.add(item.url)
            found.append(item)
    if found and all(item.published is not None for item in found):
        found.sort(key=lambda item: item.published, reverse=True)
    name = " ".join(title.split()) if isinstance(title, str) and title.strip() else urlsplit(page.final_url).hostname
    return Feed(page.final_url, name, found)


def _epoch(parsed) -> float | None:
    return float(calendar.timegm(parsed)) if parsed else None


def _iso_epoch(value) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.timestamp() if moment.tzinfo else calendar.timegm(moment.timetuple())


class _FeedLinks(HTMLParser):
    """The feeds a page names: `<link rel="alternate" type="application/rss+xml" href="…">` and the like."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag != "link":
            return
        fields = {name: (value or "") for name, value in attrs}
        rels = fields.get("rel", "").lower().split()
        if "alternate" in rels and fields.get("type", "").lower().strip() in FEED_LINK_TYPES and fields.get("href"):
            self.found.append(fields["href"].strip())


def _linked_feed(page: Page) -> FeedLink:
    parser = _FeedLinks()
    parser.feed(page.text)
    if not parser.found:
        raise FeedError("That page doesn't link to a feed (RSS, Atom or JSON Feed).")
    return FeedLink(urljoin(page.final_url, parser.found[0]))
