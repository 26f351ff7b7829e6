"""When a feed is polled and what each workspace watching it takes from it.

A feed is polled at most every QUOTEBOT_FEED_INTERVAL_SECONDS, a random tenth more to spread the polls; after a
failure the wait doubles with each failure in a row (up to MAX_BACKOFF_SECONDS), is at least what a Retry-After
asked for, and after PAUSE_AFTER failures in a row the feed pauses until it is watched again. Each poll fetches the
feed once for every workspace watching it; each workspace takes the items it does not know yet (by canonical URL or
GUID), only the newest QUOTEBOT_FEED_FIRST_ITEMS at its first poll, and remembers all of them.
"""
import random
import time
import uuid
from contextlib import suppress
from collections.abc import Callable
from dataclasses import dataclass, field

from redis.exceptions import RedisError

from bot.feeds.documents import Feed, FeedError, FeedLink, Item
from bot.feeds.sources import Sources, Validators
from bot.fetch import FetchError
from bot.store import FeedState, FeedStore, Watch, WorkspaceGone, feed_id, fenced, item_keys
from bot.urls import canonical_url
from config.settings import Settings

PAUSE_AFTER = 10
MAX_BACKOFF_SECONDS = 6 * 3600
JITTER = 0.1


@dataclass(frozen=True)
class Take:
    """What one workspace takes from a poll."""

    items: list[Item]  # to fetch and ingest, newest first
    new: int  # items it did not know
    skipped: int  # new ones left aside: beyond the newest few of its first poll


@dataclass(frozen=True)
class PollOutcome:
    state: FeedState  # after the poll
    polled: bool  # a request was sent
    error: FetchError | None = None
    paused_now: bool = False  # this failure paused the feed
    takes: dict[str, Take] = field(default_factory=dict)  # workspace -> what it takes


class Poller:
    def __init__(self, store: FeedStore, settings: Settings, random_fraction: Callable[[], float] = random.random):
        self.store, self.settings, self.random_fraction = store, settings, random_fraction
        self.sources = Sources(store, settings)

    def delay(self, errors: int, retry_after: float | None = None) -> float:
        """Seconds until the next poll after `errors` failures in a row."""
        interval = self.settings.feed_interval_seconds
        wait = max(interval, min(interval * 2 ** errors, MAX_BACKOFF_SECONDS))
        return max(wait * (1 + JITTER * self.random_fraction()), retry_after or 0)

    def watch(self, team_id: str, url: str, channel: str | None, mode: str, by: str | None
              ) -> tuple[Watch, PollOutcome | None]:
        """Start watching the feed at `url` (or the feed an outlet's page there links to) from a workspace. A feed
        new to QuoteBot is fetched now, and that fetch is its first poll (the outcome returned); one that others
        watch already is left to its schedule (None), or resumed if it had paused. Raises FetchError (FeedError
        when it is not a feed)."""
        try:
            fid = feed_id(canonical_url(url))
        except ValueError:
            raise FetchError("That doesn't look like a valid link.", kind="invalid_link") from None
        state, feed, page = self.store.feed(fid), None, None
        if state is None:
            page, found = self.sources.document(url)
            if isinstance(found, FeedLink):
                fid = feed_id(canonical_url(found.url))
                state = self.store.feed(fid)
                if state is None:
                    page, found = self.sources.document(found.url)
                    if isinstance(found, FeedLink):
                        raise FeedError("That page's feed link leads to another page, not a feed.")
            feed = found
        known = self.store.watch_of(team_id, fid)
        watch = Watch(fid, state.url if state else feed.url, state.title if state else feed.title, channel, mode, url,
                      by, first_poll=known.first_poll if known else True)
        if state is not None:
            self.store.watch(team_id, watch)
            if state.paused:
                self._record(state, paused=None, errors=0, next_poll=time.time(), last_status="resumed")
            return watch, None
        now = time.time()
        validators = Validators.of(page)
        state = self._record(FeedState(fid, feed.url, feed.title), created=True, etag=validators.etag,
                             last_modified=validators.last_modified, last_polled=now, last_status="ok",
                             next_poll=now + self.delay(0))
        self.store.watch(team_id, watch)
        return watch, PollOutcome(state, True, takes={team_id: self.take(team_id, watch, feed, now)})

    def poll(self, fid: str, force: bool = False) -> PollOutcome | None:
        """Poll a feed if it is due (or at once, with `force`), unless it paused or its server asked us to wait.
        None when another process is polling it, or nobody watches it any more (it is forgotten)."""
        token = uuid.uuid4().hex
        taken, state, watchers = self.store.begin_poll(fid, token, seconds=2 * self.settings.fetch_total_timeout + 30)
        if not taken:
            return None
        try:
            return self._poll(fid, state, watchers, force, token)
        except BaseException:
            with suppress(RedisError):  # the store failing is why we are here: the lock then runs out by itself
                self.store.end_poll(fid, token)
            raise

    def _poll(self, fid: str, state: FeedState | None, watchers: set[str], force: bool, token: str
              ) -> PollOutcome | None:
        """The poll, once its lock is held: every way out releases it (`_record` does, and forgetting the feed)."""
        if state is None:
            self.store.end_poll(fid, token)
            return None
        if not watchers:
            self.store.drop_feed(fid)
            return None
        now = time.time()
        if state.paused or now < (state.wait_until or 0) or (not force and now < (state.next_poll or 0)):
            return PollOutcome(self._record(state, token), polled=False)
        try:
            fetched = self.sources.poll(state.url, Validators(state.etag, state.last_modified))
        except FetchError as error:
            return self._failed(state, error, now, token)
        feed, validators = fetched.feed, fetched.validators
        state = self._record(state, token, title=feed.title if feed else state.title, etag=validators.etag,
                             last_modified=validators.last_modified, last_polled=now,
                             last_status="ok" if feed else "not modified", errors=0, wait_until=None,
                             next_poll=now + self.delay(0))
        takes = {}
        if feed is not None:
            for team_id in sorted(watchers):
                generation, watch = self.store.fenced_watch(team_id, state.fid)
                if watch is not None:
                    with suppress(WorkspaceGone), fenced(team_id, generation):
                        takes[team_id] = self.take(team_id, watch, feed, now)
        return PollOutcome(state, True, takes=takes)

    def _failed(self, state: FeedState, error: FetchError, now: float, token: str) -> PollOutcome:
        errors = state.errors + 1
        paused = errors >= PAUSE_AFTER
        state = self._record(state, token, last_polled=now, last_status=error.reason, errors=errors,
                             paused=1 if paused else None,
                             next_poll=None if paused else now + self.delay(errors, error.retry_after),
                             wait_until=now + error.retry_after if error.retry_after else None)
        return PollOutcome(state, True, error, paused)

    def _record(self, state: FeedState, token: str | None = None, created: bool = False, **fields) -> FeedState:
        """Store the fields of a feed's state that these change (None removes one; every one for a feed `created`)
        and when it is due next, releasing the poll's lock with its `token`; the state as it is now."""
        changed = {name: value for name, value in fields.items() if created or getattr(state, name) != value}
        kept = {**vars(state), **changed}
        state = FeedState(**{name: value for name, value in kept.items() if value is not None})
        due = None if state.paused else max(state.next_poll or 0, state.wait_until or 0)
        written = {"url": state.url, "title": state.title, **changed} if created else changed
        self.store.record(state.fid, written, due, release=token)
        return state

    def take(self, team_id: str, watch: Watch, feed: Feed, now: float) -> Take:
        """The items of `feed` new to the workspace, which from now on knows them all."""
        keys = [item_keys(item.url, item.guid) for item in feed.items]
        fresh = [(item, item_key) for item, item_key, known
                 in zip(feed.items, keys, self.store.known_items(team_id, keys)) if not known]
        taken = [item for item, _ in fresh[:self.settings.feed_first_items if watch.first_poll else len(fresh)]]
        self.store.remember_items(team_id, watch.fid, [item_key for _, item_key in fresh], now)
        return Take(taken, len(fresh), len(fresh) - len(taken))
