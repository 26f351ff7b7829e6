"""Fetching feeds and their items politely: through the same safe fetch as shared links, one request at a time per
host (across every process), conditionally (If-None-Match, If-Modified-Since) when the feed gave validators."""
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from urllib.parse import urlsplit

from redis.exceptions import LockError

from bot.article import read_article
from bot.feeds.documents import Feed, FeedLink, read_document
from bot.fetch import FEED_ACCEPT, FEED_TYPES, FetchError, Page, fetch
from bot.models import Article
from bot.store import FeedStore
from config.settings import Settings

HOST_BUSY_REASON = "The site is busy answering another request of mine; I'll try again later."


@dataclass(frozen=True)
class Validators:
    """What a feed's last answer said to send back, so that an unchanged feed answers 304."""

    etag: str | None = None
    last_modified: str | None = None

    @classmethod
    def of(cls, page: Page) -> "Validators":
        return cls(page.headers.get("etag"), page.headers.get("last-modified"))

    def headers(self) -> dict[str, str]:
        sent = {"If-None-Match": self.etag, "If-Modified-Since": self.last_modified}
        return {name: value for name, value in sent.items() if value}


@dataclass(frozen=True)
class Fetched:
    feed: Feed | None  # None: not modified since the validators sent
    validators: Validators


class Sources:
    def __init__(self, store: FeedStore, settings: Settings):
        self.store, self.settings = store, settings

    @contextmanager
    def one_at_a_time(self, url: str) -> Iterator[None]:
        """Hold the URL's host for one request. A host busy longer than a whole fetch takes is given up on (a
        transient failure: the item or the feed is tried again later)."""
        seconds = self.settings.fetch_total_timeout + 5
        lock = self.store.host_lock(urlsplit(url).hostname or "", seconds, wait=seconds)
        if not lock.acquire():
            raise FetchError(HOST_BUSY_REASON, permanent=False, kind="host_busy")
        try:
            yield
        finally:
            with suppress(LockError):  # held too long and taken over: nothing left to release
                lock.release()

    def document(self, url: str, validators: Validators = Validators()) -> tuple[Page, Feed | FeedLink | None]:
        """The page at `url` and what it holds (None when not modified). Raises FetchError."""
        with self.one_at_a_time(url):
            page = fetch(url, self.settings, types=FEED_TYPES, headers={"Accept": FEED_ACCEPT, **validators.headers()})
        return page, None if page.status == 304 else read_document(page)

    def poll(self, url: str, validators: Validators) -> Fetched:
        """A watched feed, unless unchanged since `validators`. Raises FetchError (a FeedError when the document is
        no longer a feed)."""
        page, found = self.document(url, validators)
        if isinstance(found, FeedLink):
            raise FetchError("The feed's address now leads to a page instead of a feed.", kind="not_a_feed")
        return Fetched(found, Validators.of(page) if found is not None else validators)

    def read_article(self, url: str, settings: Settings) -> Article:
        """An item's article, read as a shared link's is, holding its host."""
        with self.one_at_a_time(url):
            return read_article(url, settings)
